"""is_working_day reads plain sets made from the holidays library: the same answers."""

from __future__ import annotations

import datetime as dt

from deadlines.workdays import WorkCalendar, _vn_holidays


def test_every_day_of_ten_years_agrees_with_the_holidays_library():
    calendar = WorkCalendar()
    day, days_off = dt.date(2020, 1, 1), 0
    while day < dt.date(2031, 1, 1):
        vn = _vn_holidays(day.year)
        expected = day not in vn and (day.weekday() < 5 or day in vn.weekend_workdays)
        assert calendar.is_working_day(day) is expected, day
        days_off += not expected
        day += dt.timedelta(days=1)
    assert days_off > 11 * 104  # weekends and Tết are there


def test_overrides_still_win():
    tet = dt.date(2026, 2, 17)
    saturday = dt.date(2026, 5, 9)
    calendar = WorkCalendar(overrides={tet: True, saturday: True, dt.date(2026, 5, 4): False})
    assert calendar.is_working_day(tet) and calendar.is_working_day(saturday)
    assert not calendar.is_working_day(dt.date(2026, 5, 4))
