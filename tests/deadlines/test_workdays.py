import datetime as dt

import pytest

from deadlines.models import CalendarOverride
from deadlines.workdays import WorkCalendar, add_working_days, is_working_day

D = dt.date


def test_worked_examples_from_the_domain_brief():
    cal = WorkCalendar()
    # Fri 26/4/2024 + 5 working days: 29/4 (swap), 30/4, 1/5 off; Sat 4/5 worked
    assert cal.add_working_days(D(2024, 4, 26), 5) == D(2024, 5, 7)
    assert cal.add_working_days(D(2022, 11, 4), 5) == D(2022, 11, 11)


@pytest.mark.parametrize(
    "day",
    [
        D(2026, 2, 16),
        D(2026, 2, 20),
        D(2025, 1, 29),
        D(2025, 4, 30),
        D(2025, 5, 1),
        D(2025, 9, 1),
        D(2025, 9, 2),
    ],
)
def test_holidays_are_days_off(day):
    assert not WorkCalendar().is_working_day(day)


def test_swapped_saturday_is_a_working_day_and_weekend_is_off():
    cal = WorkCalendar()
    assert cal.is_working_day(D(2025, 4, 26))  # Saturday worked for Fri 2/5/2025
    assert not cal.is_working_day(D(2025, 5, 2))
    assert not cal.is_working_day(D(2026, 3, 7))  # an ordinary Saturday


def test_working_days_between_and_neighbours():
    cal = WorkCalendar()
    assert cal.working_days_between(D(2026, 2, 13), D(2026, 2, 23)) == 1  # Tết 2026 week
    assert cal.next_working_day(D(2026, 2, 13)) == D(2026, 2, 23)
    assert cal.previous_working_day(D(2026, 2, 23)) == D(2026, 2, 13)
    assert cal.add_working_days(D(2026, 2, 23), -1) == D(2026, 2, 13)


@pytest.mark.django_db
def test_overrides_from_the_database_win():
    CalendarOverride.objects.create(date=D(2026, 3, 9), is_working_day=False, reason="Nghỉ bổ sung")
    assert not is_working_day(D(2026, 3, 9))
    assert add_working_days(D(2026, 3, 6), 1) == D(2026, 3, 10)
