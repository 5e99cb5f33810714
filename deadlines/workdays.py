"""Working-day arithmetic for Vietnamese public administration.

Saturday and Sunday are off; public holidays (with their substituted days
and swapped Saturdays) come from the ``holidays`` package (country VN);
administrators overlay :class:`deadlines.models.CalendarOverride` rows from
each year's official announcement. Everything that counts working days goes
through :class:`WorkCalendar` so that the parser, reminders and dashboards agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import lru_cache

import holidays

WEEKEND = frozenset({5, 6})  # Saturday, Sunday


@lru_cache(maxsize=64)
def _vn_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("VN", years=year, language="vi")


class WorkCalendar:
    """A working-day calendar: VN holidays plus explicit overrides.

    ``overrides`` maps a date to True (a working day, e.g. a swapped Saturday)
    or False (a day off, e.g. an extra holiday announced by the province).
    """

    def __init__(self, overrides: Mapping[dt.date, bool] | None = None) -> None:
        self.overrides: dict[dt.date, bool] = dict(overrides or {})

    def holiday_name(self, day: dt.date) -> str | None:
        return _vn_holidays(day.year).get(day)

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        vn = _vn_holidays(day.year)
        if day in vn:
            return False
        if day.weekday() in WEEKEND:
            return day in vn.weekend_workdays
        return True

    def next_working_day(self, day: dt.date, *, include_self: bool = False) -> dt.date:
        current = day if include_self else day + dt.timedelta(days=1)
        while not self.is_working_day(current):
            current += dt.timedelta(days=1)
        return current

    def previous_working_day(self, day: dt.date, *, include_self: bool = False) -> dt.date:
        current = day if include_self else day - dt.timedelta(days=1)
        while not self.is_working_day(current):
            current -= dt.timedelta(days=1)
        return current

    def add_working_days(self, day: dt.date, count: int) -> dt.date:
        """The date ``count`` working days after ``day`` (the anchor is not counted,
        BLDS 2015 Art. 147). A negative count goes backwards; zero returns ``day``."""
        step = 1 if count >= 0 else -1
        remaining = abs(count)
        current = day
        while remaining:
            current += dt.timedelta(days=step)
            if self.is_working_day(current):
                remaining -= 1
        return current

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in (start, end]; negative when end is before start."""
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        current = start
        while current < end:
            current += dt.timedelta(days=1)
            if self.is_working_day(current):
                count += 1
        return count


def _load_overrides() -> dict[dt.date, bool]:
    """Overrides from the database, or none when the table is not there yet
    (the parser also runs outside a migrated database)."""
    try:
        from deadlines.models import CalendarOverride

        return dict(CalendarOverride.objects.values_list("date", "is_working_day"))
    except Exception:  # noqa: BLE001 - no database / no table: plain VN calendar
        return {}


def get_calendar() -> WorkCalendar:
    """The calendar with the administrators' overrides (read on every call:
    it is one small indexed query, and overrides must take effect at once)."""
    return WorkCalendar(_load_overrides())


def is_working_day(day: dt.date) -> bool:
    return get_calendar().is_working_day(day)


def add_working_days(day: dt.date, count: int) -> dt.date:
    return get_calendar().add_working_days(day, count)


def next_working_day(day: dt.date) -> dt.date:
    return get_calendar().next_working_day(day)


def previous_working_day(day: dt.date) -> dt.date:
    return get_calendar().previous_working_day(day)


def working_days_between(start: dt.date, end: dt.date) -> int:
    return get_calendar().working_days_between(start, end)
