"""Recurring work described as RFC 5545 RRULEs (python-dateutil), and its occurrences.

A directive's "báo cáo hằng tháng trước ngày 20" becomes a RECURRING task (the
series) with ``recurrence_rule = "FREQ=MONTHLY;BYMONTHDAY=20"``. Each period is an
ordinary task (its own deadline, status, progress and history) created through
``tasks.services.task_create(series=...)``; the calendar feed can publish the same
RRULE, so calendars show the same dates.

"Thường xuyên" (ongoing) work is a CONTINUOUS task without a deadline; it is
reported on periodically – quarterly unless its ``recurrence_rule`` says otherwise.

Phrases understood by :func:`parse_recurrence` (accents optional):

=====================================  ==============================================
hằng tuần [vào thứ Sáu]                FREQ=WEEKLY;BYDAY=FR
hằng tháng [trước ngày 20]             FREQ=MONTHLY;BYMONTHDAY=20   (default: last day)
hằng quý [trước ngày 15]               FREQ=MONTHLY;BYMONTH=3,6,9,12;BYMONTHDAY=15
6 tháng/lần, 6 tháng một lần, …        FREQ=MONTHLY;BYMONTH=6,12;BYMONTHDAY=-1
hằng năm [trước 15/12]                 FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=15
thường xuyên                           CONTINUOUS, reports FREQ=MONTHLY;BYMONTH=3,6,9,12;…
=====================================  ==============================================

"trước ngày N" is read as "by day N": day N is the deadline. Without a day, a
period's deadline is its last day.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass

from dateutil.rrule import rrulestr
from django.utils import timezone
from django.utils.translation import gettext as _

from units.text import fold

logger = logging.getLogger("dondoc.deadlines")

RECURRING = "recurring"
CONTINUOUS = "continuous"
QUARTERLY_MONTHS = "3,6,9,12"
DEFAULT_CONTINUOUS_REPORT_RULE = f"FREQ=MONTHLY;BYMONTH={QUARTERLY_MONTHS};BYMONTHDAY=-1"
#: how far ahead occurrences are created: far enough for the first "7 working days before" reminder.
HORIZON_DAYS = 35

_WEEKDAYS = {
    "hai": "MO",
    "2": "MO",
    "ba": "TU",
    "3": "TU",
    "tu": "WE",
    "4": "WE",
    "nam": "TH",
    "5": "TH",
    "sau": "FR",
    "6": "FR",
}
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class Recurrence:
    kind: str  # tasks.models.Task.Kind value: "recurring" or "continuous"
    rule: str  # an RRULE body, without the "RRULE:" prefix
    text: str  # Vietnamese, for display


def _month_day(day: int) -> str:
    """BYMONTHDAY for "by day N" that still exists in short months (30 → 28,29,30 / last)."""
    if day >= 29:
        days = ",".join(str(d) for d in range(28, day + 1))
        return f"BYMONTHDAY={days};BYSETPOS=-1"
    return f"BYMONTHDAY={day}"


def _day_before(text: str) -> int | None:
    match = re.search(r"(?:truoc|cham nhat|den|vao) (?:ngay )?(\d{1,2})(?!\s*/|\d| thang \d)", text)
    if match and 1 <= int(match.group(1)) <= 31:
        return int(match.group(1))
    return None


def _day_month(text: str) -> tuple[int, int] | None:
    match = re.search(r"(?:ngay )?(\d{1,2})\s*(?:/|-|\.| thang )\s*(\d{1,2})\b", text)
    if match:
        day, month = int(match.group(1)), int(match.group(2))
        if 1 <= month <= 12 and 1 <= day <= 31:
            return day, month
    return None


def parse_recurrence(text: str) -> Recurrence | None:
    """The recurrence a Vietnamese phrase describes, or None when it names none."""
    folded = fold(text)
    if not folded:
        return None
    if re.search(r"\bthuong xuyen\b", folded):
        report = parse_recurrence(folded.replace("thuong xuyen", "")) if "bao cao" in folded else None
        rule = report.rule if report and report.kind == RECURRING else DEFAULT_CONTINUOUS_REPORT_RULE
        label = report.text if report and report.kind == RECURRING else _("hằng quý")
        return Recurrence(CONTINUOUS, rule, _("Thường xuyên (báo cáo %(period)s)") % {"period": label})
    every = r"(?:hang|moi|dinh ky|theo)"
    if re.search(rf"\b{every} tuan\b", folded):
        match = re.search(r"thu (hai|ba|tu|nam|sau|[2-6])\b", folded)
        day = _WEEKDAYS[match.group(1)] if match else "FR"
        return Recurrence(RECURRING, f"FREQ=WEEKLY;BYDAY={day}", _("hằng tuần"))
    if re.search(r"\b(6|sau) thang\b|\bnua nam\b|\bban nien\b", folded):
        day = _day_before(folded)
        rule = f"FREQ=MONTHLY;BYMONTH=6,12;{_month_day(day) if day else 'BYMONTHDAY=-1'}"
        return Recurrence(RECURRING, rule, _("6 tháng/lần"))
    if re.search(rf"\b{every} quy\b", folded):
        day = _day_before(folded)
        rule = f"FREQ=MONTHLY;BYMONTH={QUARTERLY_MONTHS};{_month_day(day) if day else 'BYMONTHDAY=-1'}"
        if day:
            return Recurrence(
                RECURRING, rule, _("hằng quý, trước ngày %(day)d tháng cuối quý") % {"day": day}
            )
        return Recurrence(RECURRING, rule, _("hằng quý"))
    if re.search(rf"\b{every} thang\b", folded):
        day = _day_before(folded)
        if day:
            return Recurrence(
                RECURRING,
                f"FREQ=MONTHLY;{_month_day(day)}",
                _("hằng tháng, trước ngày %(day)d") % {"day": day},
            )
        return Recurrence(RECURRING, "FREQ=MONTHLY;BYMONTHDAY=-1", _("hằng tháng"))
    if re.search(rf"\b{every} nam\b", folded):
        day_month = _day_month(folded) or (31, 12)
        day, month = day_month
        return Recurrence(
            RECURRING,
            f"FREQ=YEARLY;BYMONTH={month};{_month_day(day)}",
            _("hằng năm, trước ngày %(day)02d/%(month)02d") % {"day": day, "month": month},
        )
    return None


def _rule(rule: str, dtstart: dt.date):
    body = rule.removeprefix("RRULE:")
    return rrulestr(f"RRULE:{body}", dtstart=dt.datetime.combine(dtstart, dt.time()))


def validate_rule(rule: str) -> bool:
    try:
        _rule(rule, dt.date(2000, 1, 1))
    except (ValueError, TypeError):
        return False
    return True


def occurrence_dates(
    rule: str, *, start: dt.date, end: dt.date, dtstart: dt.date | None = None
) -> list[dt.date]:
    """The rule's dates in [start, end]; ``dtstart`` (default ``start``) anchors the rule."""
    if end < start:
        return []
    recurrence = _rule(rule, dtstart or start)
    first = dt.datetime.combine(start, dt.time())
    last = dt.datetime.combine(end, dt.time())
    return [d.date() for d in recurrence.between(first, last, inc=True)]


#: how far :func:`next_occurrence` looks: a rule whose parts never meet (e.g. INTERVAL=3 from a
#: DTSTART outside BYMONTH) would otherwise make dateutil iterate up to the year 9999
SEARCH_YEARS = 3


def next_occurrence(rule: str, *, on_or_after: dt.date, dtstart: dt.date | None = None) -> dt.date | None:
    """The first date of the rule on or after ``on_or_after`` (within SEARCH_YEARS), or None."""
    start = dt.datetime.combine(on_or_after, dt.time())
    end = start.replace(year=start.year + SEARCH_YEARS, day=min(start.day, 28))
    dates = _rule(rule, dtstart or on_or_after).between(start, end, inc=True)
    return dates[0].date() if dates else None


def previous_occurrence(rule: str, *, before: dt.date, dtstart: dt.date) -> dt.date | None:
    recurrence = _rule(rule, dtstart)
    found = recurrence.before(dt.datetime.combine(before, dt.time()), inc=False)
    return found.date() if found else None


def period_label(rule: str, day: dt.date) -> str:
    """ "tháng 03/2026", "quý I/2026", "6 tháng đầu năm 2026", "năm 2026", "tuần 16/03/2026"."""
    body = rule.removeprefix("RRULE:").upper()
    parts = dict(p.split("=", 1) for p in body.split(";") if "=" in p)
    freq, months = parts.get("FREQ"), parts.get("BYMONTH", "")
    if freq == "WEEKLY":
        return _("tuần %(day)s") % {"day": day.strftime("%d/%m/%Y")}
    if freq == "YEARLY":
        return _("năm %(year)d") % {"year": day.year}
    if freq == "MONTHLY" and months == QUARTERLY_MONTHS:
        return _("quý %(q)s/%(year)d") % {"q": _ROMAN[(day.month - 1) // 3 + 1], "year": day.year}
    if freq == "MONTHLY" and months == "6,12":
        if day.month <= 6:
            return _("6 tháng đầu năm %(year)d") % {"year": day.year}
        return _("6 tháng cuối năm %(year)d") % {"year": day.year}
    if freq == "MONTHLY":
        return _("tháng %(month)s") % {"month": day.strftime("%m/%Y")}
    return _("kỳ %(day)s") % {"day": day.strftime("%d/%m/%Y")}


def series_start(task) -> dt.date:
    """The first day a series' rule counts from: the day it was created."""
    created = task.created_at or timezone.now()
    return timezone.localdate(created)


def occurrences_ensure(*, series, today: dt.date, horizon_days: int = HORIZON_DAYS, calendar=None) -> list:
    """Create the series' missing occurrences due from ``today`` up to the horizon, and at
    least the next one; returns the tasks created. Past periods are never back-filled
    (a missed period is a decision for people, not for a job). Idempotent: an existing
    occurrence (same series and deadline) is left alone, and the database refuses a second one."""
    from deadlines.workdays import get_calendar
    from tasks.models import Task
    from tasks.services import task_create

    if series.kind != Task.Kind.RECURRING or series.status != Task.Status.OPEN or not series.recurrence_rule:
        return []
    if not validate_rule(series.recurrence_rule):
        logger.warning("series %s has an invalid RRULE %r", series.pk, series.recurrence_rule)
        return []
    calendar = calendar or get_calendar()
    anchor = series_start(series)
    start = max(anchor, today)
    dates = occurrence_dates(
        series.recurrence_rule, start=start, end=today + dt.timedelta(days=horizon_days), dtstart=anchor
    )
    if not dates:
        following = next_occurrence(series.recurrence_rule, on_or_after=start, dtstart=anchor)
        dates = [following] if following else []
    existing = set(series.occurrences.values_list("deadline", flat=True))
    cooperating = list(series.cooperating_units.all())
    created = []
    for day in dates:
        deadline = calendar.apply_day_off_policy(day)
        if deadline in existing:
            continue
        created.append(
            task_create(
                actor=None,
                title=f"{series.title} ({period_label(series.recurrence_rule, day)})",
                lead_unit=series.lead_unit,
                directive=series.directive,
                clause=series.clause,
                description=series.description,
                cooperating_units=cooperating,
                assignee=series.assignee,
                deadline=deadline,
                deadline_text=series.recurrence_text or series.deadline_text,
                kind=Task.Kind.ONCE,
                is_request=series.is_request,
                series=series,
            )
        )
        existing.add(deadline)
    return created


def occurrences_ensure_all(*, today: dt.date) -> list:
    """Run :func:`occurrences_ensure` for every open recurring series."""
    from deadlines.workdays import get_calendar
    from tasks.models import Task

    calendar = get_calendar()
    created = []
    series_list = (
        Task.objects.filter(kind=Task.Kind.RECURRING, status=Task.Status.OPEN)
        .exclude(recurrence_rule="")
        .select_related("lead_unit", "assignee", "directive", "clause")
    )
    for series in series_list:
        created.extend(occurrences_ensure(series=series, today=today, calendar=calendar))
    return created


def report_rule_for(task) -> str:
    """The reporting rule of a continuous task: its own RRULE, else quarterly."""
    rule = (task.recurrence_rule or "").strip()
    return rule if rule and validate_rule(rule) else DEFAULT_CONTINUOUS_REPORT_RULE
