"""Working-day arithmetic for Vietnamese public administration.

Saturday and Sunday are off; public holidays (with their substituted days
and swapped Saturdays) come from the ``holidays`` package (country VN);
administrators overlay :class:`deadlines.models.CalendarOverride` rows from
each year's official announcement. Everything that counts working days goes
through :class:`WorkCalendar` so that the parser, reminders and dashboards agree.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
import uuid
from collections.abc import Mapping
from functools import lru_cache

import holidays
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

WEEKEND = frozenset({5, 6})  # Saturday, Sunday
logger = logging.getLogger("dondoc.calendar")


@lru_cache(maxsize=64)
def _vn_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("VN", years=year, language="vi")


@lru_cache(maxsize=64)
def _vn_days(year: int) -> tuple[frozenset[dt.date], frozenset[dt.date]]:
    """The year's public holidays and weekend working days as plain sets: ``day in`` a
    HolidayBase converts the key and may expand years on each test (microseconds), and the
    dashboard walks hundreds of days back to the oldest overdue deadline."""
    vn = _vn_holidays(year)
    return frozenset(vn), frozenset(vn.weekend_workdays)


class WorkCalendar:
    """A working-day calendar: VN holidays plus explicit overrides.

    ``overrides`` maps a date to True (a working day, e.g. a swapped Saturday)
    or False (a day off, e.g. an extra holiday announced by the province).
    """

    def __init__(
        self, overrides: Mapping[dt.date, bool] | None = None, reasons: Mapping[dt.date, str] | None = None
    ) -> None:
        self.overrides: dict[dt.date, bool] = dict(overrides or {})
        self.reasons: dict[dt.date, str] = dict(reasons or {})

    def holiday_name(self, day: dt.date) -> str | None:
        return _vn_holidays(day.year).get(day)

    def day_off_reason(self, day: dt.date) -> str | None:
        """Why ``day`` is off (an override's reason, the holiday's name, Saturday / Sunday),
        or None when it is a working day."""
        if self.is_working_day(day):
            return None
        if day in self.overrides:
            return self.reasons.get(day) or _("ngày nghỉ theo thông báo")
        name = self.holiday_name(day)
        if name:
            return name
        return _("Thứ Bảy") if day.weekday() == 5 else _("Chủ nhật")

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        days_off, weekend_workdays = _vn_days(day.year)
        if day in days_off:
            return False
        if day.weekday() in WEEKEND:
            return day in weekend_workdays
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

    def action_day(self, deadline: dt.date) -> dt.date:
        """The last working day on or before ``deadline``: the day the work must be
        handed in, whichever day-off policy applies."""
        return self.previous_working_day(deadline, include_self=True)

    def apply_day_off_policy(self, deadline: dt.date, policy: str | None = None) -> dt.date:
        """The deadline to record for ``deadline`` under the day-off policy
        (settings.DONDOC["DEADLINE_ON_DAY_OFF"] unless ``policy`` is given)."""
        policy = policy or deadline_on_day_off_policy()
        if policy == PREVIOUS_WORKING_DAY and not self.is_working_day(deadline):
            return self.previous_working_day(deadline)
        return deadline

    def policy_note(self, deadline: dt.date | None, policy: str | None = None) -> str | None:
        """A sentence for the UI next to a deadline that falls on a day off; None otherwise."""
        if deadline is None:
            return None
        reason = self.day_off_reason(deadline)
        if reason is None:
            return None
        policy = policy or deadline_on_day_off_policy()
        if policy == PREVIOUS_WORKING_DAY:
            return _(
                "Hạn rơi vào ngày nghỉ (%(reason)s); theo quy định, hạn được tính vào ngày làm việc liền trước là %(day)s."
            ) % {
                "reason": reason,
                "day": self.previous_working_day(deadline).strftime("%d/%m/%Y"),
            }
        return _(
            "Hạn rơi vào ngày nghỉ (%(reason)s); theo quy định, hạn được giữ nguyên. Ngày làm việc cuối cùng trước hạn là %(day)s."
        ) % {
            "reason": reason,
            "day": self.previous_working_day(deadline).strftime("%d/%m/%Y"),
        }


KEEP = "keep"
PREVIOUS_WORKING_DAY = "previous_working_day"


def deadline_on_day_off_policy() -> str:
    """The configured policy for a deadline on a day off: ``"keep"`` or ``"previous_working_day"``."""
    return settings.DONDOC.get("DEADLINE_ON_DAY_OFF", KEEP)


def _load_overrides() -> list[tuple[dt.date, bool, str]] | None:
    """Overrides from the database, or None when the table is not there
    (the parser also runs outside a migrated database)."""
    try:
        from deadlines.models import CalendarOverride

        return list(CalendarOverride.objects.values_list("date", "is_working_day", "reason"))
    except Exception:  # noqa: BLE001 - no database / no table: plain VN calendar
        return None


def _build(rows: list[tuple[dt.date, bool, str]]) -> WorkCalendar:
    return WorkCalendar({d: w for d, w, _r in rows}, reasons={d: r for d, _w, r in rows})


# --- the calendar kept across requests ------------------------------------------------
#
# Each process keeps the last calendar it read, tagged with a version token that lives in the
# shared cache (Redis in production). Every change to the overrides replaces the token once it
# is committed (calendar_changed, called by the post_save / post_delete signals of
# CalendarOverride), so a change made on any app server takes effect on all of them at the next
# call: a call costs one cache read instead of a query. The token is random, so a token lost
# from the cache (eviction, restart) is replaced by a new one and every process reads again.
#
# Inside the transaction that changed the overrides, before its commit, this thread reads the
# database (it sees its own change; the others still see the committed calendar). With a cache
# of one process only (LocMemCache in development, DummyCache), another process (qcluster)
# would never see the token change: there the calendar is read on every call, as before.

VERSION_KEY = "deadlines:calendar:version"
#: a safety net only: a process reads the calendar again after this long even if no change was
#: announced (a change whose announcement was lost because the cache was down at that moment)
MEMO_MAX_AGE_S = 600.0
_memo: tuple[str, float, WorkCalendar] | None = None
_pending = threading.local()


def _shared_cache():
    """The default cache when every process sees the same one (Redis, memcached, files), else None."""
    from django.core.cache import caches
    from django.core.cache.backends.dummy import DummyCache
    from django.core.cache.backends.locmem import LocMemCache

    cache = caches["default"]
    return None if isinstance(cache, LocMemCache | DummyCache) else cache


def _version(cache) -> str:
    token = cache.get(VERSION_KEY)
    if token is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        token = cache.get(VERSION_KEY)
    return token


def _bump() -> None:
    _pending.changed = False
    cache = _shared_cache()
    if cache is None:
        return
    try:
        cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:  # noqa: BLE001 - the change is saved; the other processes catch up within MEMO_MAX_AGE_S
        logger.exception("calendar change not announced: the cache is not writable")


def calendar_changed(**_kwargs) -> None:
    """Call after any write to CalendarOverride (the model's signals do, so the admin and
    ``save()`` / ``delete()`` are covered; ``bulk_create`` and ``update()`` must call it)."""
    if transaction.get_connection().in_atomic_block:
        _pending.changed = True
    transaction.on_commit(_bump)  # at once outside a transaction


def _changed_here() -> bool:
    """This thread changed the overrides in a transaction that is still open. Once it is
    over (committed: _bump clears the flag; rolled back: nothing does), the first call outside
    a transaction clears it; until then the database is read, which is never wrong."""
    if not getattr(_pending, "changed", False):
        return False
    if transaction.get_connection().in_atomic_block:
        return True
    _pending.changed = False
    return False


def get_calendar() -> WorkCalendar:
    """The calendar with the administrators' overrides, exact at every call: changes take
    effect at once, on every app server (see above)."""
    global _memo
    cache = _shared_cache()
    if cache is None or _changed_here():
        return _build(_load_overrides() or [])
    try:
        token = _version(cache)
    except Exception:  # noqa: BLE001 - the cache is down: the database still answers
        logger.warning("calendar version not readable from the cache", exc_info=True)
        return _build(_load_overrides() or [])
    now = time.monotonic()
    memo = _memo
    if memo is not None and token is not None and memo[0] == token and now - memo[1] < MEMO_MAX_AGE_S:
        return memo[2]
    rows = _load_overrides()
    calendar = _build(rows or [])
    if rows is not None and token is not None:
        _memo = (token, now, calendar)
    return calendar


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


def apply_day_off_policy(deadline: dt.date) -> dt.date:
    """The deadline to record for a date set by a directive, under the configured policy."""
    return get_calendar().apply_day_off_policy(deadline)


def deadline_policy_note(deadline: dt.date | None) -> str | None:
    return get_calendar().policy_note(deadline)
