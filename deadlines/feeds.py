"""iCalendar (RFC 5545) feeds of task deadlines.

The lines are written here rather than through ``icalendar.Calendar``: building and
serialising 5,000 events with alarms through the package takes several seconds, far
over the 300 ms budget. The writer is small: TEXT escaping (RFC 5545 §3.3.11), CRLF
line ends and folding at 75 octets without splitting a UTF-8 sequence (§3.1). The
tests parse every feed back with ``icalendar`` and expand it with
``recurring_ical_events``, as a calendar client would.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from deadlines.models import CalendarSubscription
from deadlines.selectors import FeedData
from directives.models import Directive
from tasks.status import StatusCategory, StatusContext

FORMAT_VERSION = "1"  # bump when the event layout changes, so that ETags change
PRODID = "-//Don doc//Lich thoi han nhiem vu//VI"
MAX_OCTETS = 75
CRLF = b"\r\n"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_PK_MARK = 987654321
_PIECE = re.compile(rb".{1,%d}(?![\x80-\xbf])" % (MAX_OCTETS - 1), re.DOTALL)
NO_ALARM = frozenset({StatusCategory.DONE_ON_TIME, StatusCategory.DONE_LATE, StatusCategory.PAUSED})
DONE = frozenset({StatusCategory.DONE_ON_TIME, StatusCategory.DONE_LATE})


def escape_text(value: str) -> str:
    """A TEXT value: backslash, semicolon, comma and line breaks escaped; control characters dropped."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    if not value.isprintable():  # rare: line breaks or control characters
        value = _CONTROL.sub("", value).replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return value


def fold(line: str) -> bytes:
    """One content line as UTF-8, folded so no physical line exceeds 75 octets (CRLF excluded).

    Each piece holds at most 74 octets, so a continuation line with its leading space
    stays within 75; a piece never ends inside a multi-byte character (the next byte
    is not a UTF-8 continuation byte).
    """
    raw = line.encode("utf-8")
    if len(raw) <= MAX_OCTETS:
        return raw
    return b"\r\n ".join(_PIECE.findall(raw))


def _utc(value: dt.datetime) -> str:
    """20261122T160830Z"""
    if value.utcoffset():
        value = value.astimezone(dt.UTC)
    return value.isoformat()[:19].replace("-", "").replace(":", "") + "Z"


def alarm_trigger(days: int, hour: int) -> str:
    """Duration from the start of the all-day event (00:00) to ``hour`` o'clock ``days`` days before."""
    hours = days * 24 - hour
    if hours <= 0:
        return f"PT{-hours}H"
    return f"-PT{hours}H"


def task_url_pattern() -> str | None:
    """Absolute URL of a task page with ``{pk}`` to fill in, or None if there is no task page."""
    try:
        path = reverse("tasks:detail", args=[_PK_MARK])
    except NoReverseMatch:
        return None
    return settings.SITE_URL + path.replace(str(_PK_MARK), "{pk}")


def uid_for(task_pk: int) -> str:
    """The event UID: one per task row (each occurrence of recurring work is its own row)."""
    host = urlsplit(settings.SITE_URL).hostname or "dondoc"
    return f"dondoc-task-{task_pk}@{host}"


def validators(
    *, subscription: CalendarSubscription, ctx: StatusContext, last: dt.datetime | None, count: int
) -> tuple[str, dt.datetime]:
    """(ETag, Last-Modified) of a feed from its aggregate, without loading tasks.

    Status categories move with the date (a task becomes overdue at midnight), so the
    date is part of the ETag and Last-Modified is never before today's local midnight.
    """
    conf = settings.DONDOC
    key = "|".join(
        str(part)
        for part in (
            FORMAT_VERSION,
            subscription.pk,
            subscription.scope,
            subscription.unit_id,
            subscription.directive_id,
            ctx.today.isoformat(),
            ctx.due_soon_until.isoformat(),
            last.isoformat() if last else "-",
            count,
            conf["CALENDAR_ALARM_DAYS"],
            conf["CALENDAR_ALARM_HOUR"],
            conf["CALENDAR_KEEP_DONE_DAYS"],
            settings.SITE_URL,
        )
    )
    etag = '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'
    midnight = timezone.make_aware(dt.datetime.combine(ctx.today, dt.time.min))
    last_modified = max(last, midnight) if last else midnight
    return etag, last_modified.replace(microsecond=0)


class _Labels:
    """Translated strings looked up once per feed, not once per event."""

    def __init__(self) -> None:
        self.directive = _("Văn bản")
        self.clause = _("Điều khoản")
        self.lead = _("Đơn vị chủ trì")
        self.deadline = _("Thời hạn")
        self.status = _("Trạng thái")
        self.progress = _("tiến độ")
        self.link = _("Xem chi tiết")
        self.reminder = _("Sắp đến hạn")
        self.categories = {c.value: str(c.label) for c in StatusCategory}
        self.kinds = {k.value: str(k.label) for k in Directive.Kind}


def _directive_text(
    labels: _Labels, kind: str | None, number: str | None, symbol: str | None, subject: str | None
) -> str:
    code = Directive(number=number or "", symbol=symbol or "").reference_code
    head = f"{labels.kinds.get(kind or '', '')} {code}".strip()
    subject = " ".join((subject or "").split())
    return f"{labels.directive}: {head} – {subject}" if subject else f"{labels.directive}: {head}"


class _Writer:
    """Turns feed rows (selectors.FEED_FIELDS order) into VEVENT bytes, caching what repeats
    across events: directive lines, unit names, dates, category lines."""

    def __init__(self, labels: _Labels, data: FeedData, url_pattern: str | None, trigger: str) -> None:
        self.labels = labels
        self.data = data
        self.url_pattern = url_pattern
        host = urlsplit(settings.SITE_URL).hostname or "dondoc"
        self.uid_suffix = f"@{host}"
        self.alarm_tail = f"TRIGGER:{trigger}\r\nEND:VALARM\r\n".encode()
        self.reminder = escape_text(labels.reminder + ": ")
        self.directives: dict[int, str] = {}
        self.units: dict[int, tuple[str, str]] = {}
        self.dates: dict[dt.date, tuple[str, str, str]] = {}
        self.category_lines = {
            value: fold("CATEGORIES:" + escape_text(label)) + CRLF
            for value, label in labels.categories.items()
        }

    def _date(self, day: dt.date) -> tuple[str, str, str]:
        cached = self.dates.get(day)
        if cached is None:
            end = day + dt.timedelta(days=1)
            cached = self.dates[day] = (
                day.isoformat().replace("-", ""),
                end.isoformat().replace("-", ""),
                day.strftime("%d/%m/%Y"),
            )
        return cached

    def event(self, row: tuple) -> bytes:
        (
            pk,
            title,
            deadline,
            deadline_text,
            category,
            progress,
            version,
            updated_at,
            unit_id,
            directive_id,
            clause_label,
        ) = row
        labels = self.labels
        start, end, shown = self._date(deadline)
        unit = self.units.get(unit_id)
        if unit is None:
            short_name, name = self.data.units.get(unit_id, ("?", "?"))
            unit = self.units[unit_id] = (short_name, escape_text(f"{labels.lead}: {name}"))
        summary = escape_text(f"[{unit[0]}] {title}")
        if category in DONE:
            summary = "✓ " + summary
        description = []
        if directive_id is not None:
            line = self.directives.get(directive_id)
            if line is None:
                kind, number, symbol, subject = self.data.directives[directive_id]
                line = self.directives[directive_id] = escape_text(
                    _directive_text(labels, kind, number, symbol, subject)
                )
            description.append(line)
        if clause_label:
            description.append(escape_text(f"{labels.clause}: {clause_label}"))
        description.append(unit[1])
        deadline_line = f"{labels.deadline}: {shown}"
        if deadline_text:
            deadline_line += f" ({deadline_text})"
        description.append(escape_text(deadline_line))
        category_label = labels.categories.get(category, category)
        description.append(escape_text(f"{labels.status}: {category_label} – {labels.progress} {progress}%"))
        url = self.url_pattern.format(pk=pk) if self.url_pattern else ""
        if url:
            description.append(escape_text(f"{labels.link}: {url}"))
        stamp = _utc(updated_at)
        parts = [
            fold(
                f"BEGIN:VEVENT\r\nUID:dondoc-task-{pk}{self.uid_suffix}\r\nDTSTAMP:{stamp}\r\n"
                f"DTSTART;VALUE=DATE:{start}\r\nDTEND;VALUE=DATE:{end}"
            )
            if len(self.uid_suffix) > 40
            else (
                f"BEGIN:VEVENT\r\nUID:dondoc-task-{pk}{self.uid_suffix}\r\nDTSTAMP:{stamp}\r\n"
                f"DTSTART;VALUE=DATE:{start}\r\nDTEND;VALUE=DATE:{end}"
            ).encode(),
            CRLF,
            fold("SUMMARY:" + summary),
            CRLF,
            fold("DESCRIPTION:" + "\\n".join(description)),
            CRLF,
            self.category_lines.get(category) or fold("CATEGORIES:" + escape_text(category_label)) + CRLF,
            f"STATUS:CONFIRMED\r\nTRANSP:TRANSPARENT\r\nSEQUENCE:{version}\r\nLAST-MODIFIED:{stamp}\r\n".encode(),
        ]
        if url:
            parts += [fold("URL:" + url), CRLF]
        if category not in NO_ALARM:
            parts += [
                b"BEGIN:VALARM\r\nACTION:DISPLAY\r\n",
                fold("DESCRIPTION:" + self.reminder + summary),
                CRLF,
                self.alarm_tail,
            ]
        parts.append(b"END:VEVENT\r\n")
        return b"".join(parts)


def render_calendar(*, name: str, data: FeedData) -> bytes:
    """The whole VCALENDAR as bytes: UTF-8, CRLF line ends, folded at 75 octets."""
    conf = settings.DONDOC
    trigger = alarm_trigger(conf["CALENDAR_ALARM_DAYS"], conf["CALENDAR_ALARM_HOUR"])
    with translation.override(settings.LANGUAGE_CODE):
        labels = _Labels()
        calendar_name = escape_text(f"{_('Đôn đốc')}: {name}")
        calendar_description = escape_text(_("Thời hạn nhiệm vụ từ hệ thống Đôn đốc"))
    header = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"NAME:{calendar_name}",
        f"X-WR-CALNAME:{calendar_name}",
        f"X-WR-CALDESC:{calendar_description}",
        f"X-WR-TIMEZONE:{settings.TIME_ZONE}",
        "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
        "X-PUBLISHED-TTL:PT1H",
    ]
    writer = _Writer(labels, data, task_url_pattern(), trigger)
    out = [b"".join(fold(line) + CRLF for line in header)]
    out += [writer.event(row) for row in data.rows]
    out.append(b"END:VCALENDAR\r\n")
    return b"".join(out)
