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
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from deadlines.models import CalendarSubscription
from deadlines.selectors import FeedData
from directives.models import Directive
from tasks.dashboard.links import task_path_pattern
from tasks.status import StatusCategory, StatusContext

FORMAT_VERSION = "1"  # bump when the event layout changes, so that ETags change
PRODID = "-//Don doc//Lich thoi han nhiem vu//VI"
MAX_OCTETS = 75
CRLF = b"\r\n"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_PIECE = re.compile(rb".{1,%d}(?![\x80-\xbf])" % (MAX_OCTETS - 1), re.DOTALL)
NO_ALARM = frozenset({StatusCategory.DONE_ON_TIME, StatusCategory.DONE_LATE, StatusCategory.PAUSED})
DONE = frozenset({StatusCategory.DONE_ON_TIME, StatusCategory.DONE_LATE})

# Rendered VEVENT bytes, kept across feeds in this process. A feed is rendered again
# whenever any of its tasks changes, yet almost all of its events are the same as last
# time; formatting them is most of a feed's CPU. The key holds everything an event's
# bytes are made of, so an entry can only be found for identical bytes: the writer's
# signature (format version, every label, links, UID host, alarm — _Writer.__init__), the
# whole feed row, and the unit and directive entries the row points to. When full it is
# emptied (O(1) a miss; no bookkeeping on a hit). Plain dict get/set is atomic under the
# GIL, and a clear() racing a set in another thread only loses entries.
EVENT_MEMO_SIZE = 20_000
_EVENT_MEMO: dict[tuple, bytes] = {}


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


def _utc(value: dt.datetime | str) -> str:
    """20261122T160830Z, from an aware datetime or from the UTC text the database gives for
    ``Cast(updated_at, CharField())`` ("2026-11-22 16:08:30.123456", "…+00" on PostgreSQL)."""
    if isinstance(value, str):
        return f"{value[0:4]}{value[5:7]}{value[8:10]}T{value[11:13]}{value[14:16]}{value[17:19]}Z"
    if value.utcoffset():
        value = value.astimezone(dt.UTC)
    return value.isoformat()[:19].replace("-", "").replace(":", "") + "Z"


def alarm_trigger(days: int, hour: int) -> str:
    """Duration from the start of the all-day event (00:00) to ``hour`` o'clock ``days`` days before."""
    hours = days * 24 - hour
    if hours <= 0:
        return f"PT{-hours}H"
    return f"-PT{hours}H"


def site_url(request=None) -> str:
    """The address absolute links start with: SITE_URL when it is configured, else the
    scheme, host and port this request came in on (the demo on :9100, a test server…)."""
    if request is not None and not getattr(settings, "SITE_URL_CONFIGURED", True):
        return request.build_absolute_uri("/").rstrip("/")
    return settings.SITE_URL


def task_url_pattern(base_url: str | None = None) -> str | None:
    """Absolute URL of a task page with ``{pk}`` to fill in, or None if there is no task page."""
    path = task_path_pattern()
    return (base_url or settings.SITE_URL) + path if path else None


def uid_for(task_pk: int) -> str:
    """The event UID: one per task row (each occurrence of recurring work is its own row)."""
    host = urlsplit(settings.SITE_URL).hostname or "dondoc"
    return f"dondoc-task-{task_pk}@{host}"


def validators(
    *,
    subscription: CalendarSubscription,
    ctx: StatusContext,
    last: dt.datetime | None,
    count: int,
    names: tuple = (),
    base_url: str | None = None,
) -> tuple[str, dt.datetime]:
    """(ETag, Last-Modified) of a feed from its aggregate, without loading tasks. ``names``
    (selectors.feed_fingerprint) change when a unit or a directive does, and with them the
    ETag, which calendar apps revalidate with; Last-Modified follows the tasks only.

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
            *names,
            conf["CALENDAR_ALARM_DAYS"],
            conf["CALENDAR_ALARM_HOUR"],
            conf["CALENDAR_KEEP_DONE_DAYS"],
            base_url or settings.SITE_URL,
            settings.LANGUAGE_CODE,  # the language the events are written in
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
        self.reminder = _("Nhắc việc: sắp đến thời hạn nhiệm vụ")
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
    """Turns feed rows (selectors.FEED_FIELDS order) into VEVENT bytes.

    Whatever repeats across events is escaped and encoded once per feed: unit and
    directive lines, dates, clause labels, status lines, category lines, the alarm.
    """

    def __init__(self, labels: _Labels, data: FeedData, url_pattern: str | None, trigger: str) -> None:
        self.labels = labels
        self.data = data
        host = urlsplit(settings.SITE_URL).hostname or "dondoc"
        self.uid_suffix = f"@{host}"
        self.long_uid = len(host) > 40  # then the UID line may need folding
        self.url_head, _sep, self.url_tail = (url_pattern or "").partition("{pk}")
        self.link_label = escape_text(f"{labels.link}: ")
        self.alarm = (
            b"BEGIN:VALARM\r\nACTION:DISPLAY\r\n"
            + fold("DESCRIPTION:" + escape_text(labels.reminder))
            + CRLF
            + f"TRIGGER:{trigger}\r\nEND:VALARM\r\n".encode()
        )
        self.category_lines = {
            value: fold("CATEGORIES:" + escape_text(label))
            + CRLF
            + b"STATUS:CONFIRMED\r\nTRANSP:TRANSPARENT\r\n"
            for value, label in labels.categories.items()
        }
        # repr() of str/bytes/int/bool is unambiguous; one str hashes once, not once per event
        self.signature = repr(
            (
                FORMAT_VERSION,
                labels.directive,
                labels.clause,
                labels.lead,
                labels.deadline,
                labels.status,
                labels.progress,
                tuple(labels.categories.items()),
                tuple(labels.kinds.items()),
                self.uid_suffix,
                self.long_uid,
                self.url_head,
                self.url_tail,
                self.link_label,
                self.alarm,  # the reminder label and the trigger
            )
        )
        self.units: dict[int, tuple[str, str]] = {}
        self.directives: dict[int, str] = {}
        self.dates: dict[str, tuple[str, str, str]] = {}
        self.clauses: dict[str, str] = {}
        self.deadlines: dict[tuple[str, str], str] = {}
        self.statuses: dict[tuple[str, int], str] = {}

    def _unit(self, unit_id: int) -> tuple[str, str]:
        short_name, name = self.data.units.get(unit_id, ("?", "?"))
        value = self.units[unit_id] = (
            escape_text(f"[{short_name}] "),
            escape_text(f"{self.labels.lead}: {name}"),
        )
        return value

    def _directive(self, directive_id: int) -> str:
        kind, number, symbol, subject = self.data.directives[directive_id]
        value = self.directives[directive_id] = escape_text(
            _directive_text(self.labels, kind, number, symbol, subject)
        )
        return value

    def _date(self, day: str) -> tuple[str, str, str]:
        """From the ISO text of a date (selectors.FEED_FIELDS): DTSTART, DTEND and dd/mm/yyyy."""
        end = dt.date.fromisoformat(day) + dt.timedelta(days=1)
        value = self.dates[day] = (
            day.replace("-", ""),
            end.isoformat().replace("-", ""),
            f"{day[8:10]}/{day[5:7]}/{day[0:4]}",
        )
        return value

    def _clause(self, label: str) -> str:
        value = self.clauses[label] = escape_text(f"{self.labels.clause}: {label}")
        return value

    def _deadline(self, day: str, text: str, shown: str) -> str:
        line = f"{self.labels.deadline}: {shown}" + (f" ({text})" if text else "")
        value = self.deadlines[(day, text)] = escape_text(line)
        return value

    def _status(self, category: str, progress: int) -> str:
        label = self.labels.categories.get(category, category)
        line = f"{self.labels.status}: {label} – {self.labels.progress} {progress}%"
        value = self.statuses[(category, progress)] = escape_text(line)
        return value

    def event(self, row: tuple) -> bytes:
        """The VEVENT of ``row``, from the memo when the same event was rendered before."""
        directive_id = row[9]
        key = (
            self.signature,
            row,
            self.data.units.get(row[8]),
            None if directive_id is None else self.data.directives.get(directive_id),
        )
        value = _EVENT_MEMO.get(key)
        if value is None:
            value = self._format(row)
            if len(_EVENT_MEMO) >= EVENT_MEMO_SIZE:
                _EVENT_MEMO.clear()
            _EVENT_MEMO[key] = value
        return value

    def _format(self, row: tuple) -> bytes:
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
        start, end, shown = self.dates.get(deadline) or self._date(deadline)
        unit = self.units.get(unit_id) or self._unit(unit_id)
        summary = unit[0] + escape_text(title)
        if category in DONE:
            summary = "✓ " + summary
        description = []
        if directive_id is not None:
            description.append(self.directives.get(directive_id) or self._directive(directive_id))
        if clause_label:
            description.append(self.clauses.get(clause_label) or self._clause(clause_label))
        description.append(unit[1])
        description.append(
            self.deadlines.get((deadline, deadline_text)) or self._deadline(deadline, deadline_text, shown)
        )
        description.append(self.statuses.get((category, progress)) or self._status(category, progress))
        url = f"{self.url_head}{pk}{self.url_tail}" if self.url_head else ""
        if url:
            description.append(self.link_label + url)
        stamp = _utc(updated_at)
        uid = f"UID:dondoc-task-{pk}{self.uid_suffix}"
        parts = [
            b"BEGIN:VEVENT\r\n",
            fold(uid) if self.long_uid else uid.encode(),
            f"\r\nDTSTAMP:{stamp}\r\nDTSTART;VALUE=DATE:{start}\r\nDTEND;VALUE=DATE:{end}\r\n".encode(),
            fold("SUMMARY:" + summary),
            CRLF,
            fold("DESCRIPTION:" + "\\n".join(description)),
            CRLF,
            self.category_lines.get(category)
            or fold("CATEGORIES:" + escape_text(category))
            + CRLF
            + b"STATUS:CONFIRMED\r\nTRANSP:TRANSPARENT\r\n",
        ]
        if url and len(url) <= MAX_OCTETS - 4:  # URLs are ASCII: characters are octets
            parts.append(f"SEQUENCE:{version}\r\nLAST-MODIFIED:{stamp}\r\nURL:{url}\r\n".encode())
        else:
            parts.append(f"SEQUENCE:{version}\r\nLAST-MODIFIED:{stamp}\r\n".encode())
            if url:
                parts += [fold("URL:" + url), CRLF]
        if category not in NO_ALARM:
            parts.append(self.alarm)
        parts.append(b"END:VEVENT\r\n")
        return b"".join(parts)


def render_calendar(*, name: str, data: FeedData, base_url: str | None = None) -> bytes:
    """The whole VCALENDAR as bytes: UTF-8, CRLF line ends, folded at 75 octets.
    Task links start with ``base_url`` (:func:`site_url`), SITE_URL by default."""
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
    writer = _Writer(labels, data, task_url_pattern(base_url), trigger)
    out = [b"".join(fold(line) + CRLF for line in header)]
    out += [writer.event(row) for row in data.rows]
    out.append(b"END:VCALENDAR\r\n")
    return b"".join(out)
