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


# --- holiday arithmetic, year by year -------------------------------------------------


@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        # Tết Ất Tỵ 2025: Mon 27/1 – Fri 31/1 off (plus the weekends around it)
        (D(2025, 1, 24), 1, D(2025, 2, 3)),
        (D(2025, 1, 23), 2, D(2025, 2, 3)),
        (D(2025, 2, 3), -1, D(2025, 1, 24)),
        # Tết Bính Ngọ 2026: Mon 16/2 – Fri 20/2 off
        (D(2026, 2, 12), 2, D(2026, 2, 23)),
        # 30/4–1/5/2026 (Thu, Fri) then the weekend
        (D(2026, 4, 29), 1, D(2026, 5, 4)),
        # 2/9/2025 (Tue) with its adjacent Monday 1/9
        (D(2025, 8, 29), 1, D(2025, 9, 3)),
        # 2026: Mon 31/8 off in exchange for Sat 22/8 worked; 1/9 and 2/9 off
        (D(2026, 8, 28), 1, D(2026, 9, 3)),
        (D(2026, 8, 21), 1, D(2026, 8, 22)),
    ],
)
def test_add_working_days_over_holidays(start, count, expected):
    assert WorkCalendar().add_working_days(start, count) == expected


def test_tet_2025_and_2026_weeks_have_no_working_day():
    cal = WorkCalendar()
    assert cal.working_days_between(D(2025, 1, 24), D(2025, 2, 2)) == 0
    assert cal.working_days_between(D(2026, 2, 13), D(2026, 2, 22)) == 0
    assert cal.is_working_day(D(2025, 2, 3)) and cal.is_working_day(D(2026, 2, 23))


def test_substituted_days_off_and_worked_saturdays():
    cal = WorkCalendar()
    # Giỗ Tổ 2026 falls on a Sunday: Monday 27/4 is the substituted day off
    assert not cal.is_working_day(D(2026, 4, 27))
    assert cal.next_working_day(D(2026, 4, 24)) == D(2026, 4, 28)
    # Fri 2/5/2025 off, Sat 26/4/2025 worked in exchange
    assert not cal.is_working_day(D(2025, 5, 2)) and cal.is_working_day(D(2025, 4, 26))
    assert cal.day_off_reason(D(2025, 5, 2)).startswith("Ngày nghỉ")


def test_day_off_reason_names_the_holiday_the_weekend_or_the_override():
    cal = WorkCalendar({D(2026, 3, 9): False}, reasons={D(2026, 3, 9): "Nghỉ bổ sung của tỉnh"})
    assert cal.day_off_reason(D(2026, 3, 10)) is None
    assert cal.day_off_reason(D(2026, 3, 9)) == "Nghỉ bổ sung của tỉnh"
    assert cal.day_off_reason(D(2026, 3, 7)) == "Thứ Bảy"
    assert cal.day_off_reason(D(2026, 3, 8)) == "Chủ nhật"
    assert "Quốc khánh" in cal.day_off_reason(D(2026, 9, 2))


# --- what happens to a deadline that falls on a day off ----------------------------------


def test_policy_keep_leaves_the_deadline(settings):
    settings.DONDOC = {**settings.DONDOC, "DEADLINE_ON_DAY_OFF": "keep"}
    cal = WorkCalendar()
    assert cal.apply_day_off_policy(D(2026, 9, 2)) == D(2026, 9, 2)
    note = cal.policy_note(D(2026, 9, 2))
    assert "giữ nguyên" in note and "28/08/2026" in note and "Quốc khánh" in note


def test_policy_previous_working_day_moves_it(settings):
    settings.DONDOC = {**settings.DONDOC, "DEADLINE_ON_DAY_OFF": "previous_working_day"}
    cal = WorkCalendar()
    # 2/9/2026: 31/8, 1/9, 2/9 off; Sat 22/8 … the previous working day is Fri 28/8
    assert cal.apply_day_off_policy(D(2026, 9, 2)) == D(2026, 8, 28)
    assert cal.apply_day_off_policy(D(2026, 2, 18)) == D(2026, 2, 13)  # Tết 2026
    assert cal.apply_day_off_policy(D(2026, 3, 10)) == D(2026, 3, 10)  # a working day stays
    assert "ngày làm việc liền trước là 28/08/2026" in cal.policy_note(D(2026, 9, 2))


def test_no_note_for_a_working_day():
    assert WorkCalendar().policy_note(D(2026, 3, 10)) is None
    assert WorkCalendar().policy_note(None) is None


def test_action_day_is_the_last_working_day_on_or_before():
    cal = WorkCalendar()
    assert cal.action_day(D(2026, 3, 8)) == D(2026, 3, 6)  # Sunday → Friday
    assert cal.action_day(D(2026, 3, 10)) == D(2026, 3, 10)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("policy", "expected"),
    [("keep", "giữ nguyên"), ("previous_working_day", "ngày làm việc liền trước là 13/02/2026")],
)
def test_template_tag_shows_the_policy_next_to_a_day_off(settings, policy, expected):
    from django.template import Context, Template

    settings.DONDOC = {**settings.DONDOC, "DEADLINE_ON_DAY_OFF": policy}
    template = Template("{% load deadlines %}[{% deadline_policy_note day %}]")
    html = template.render(Context({"day": D(2026, 2, 18)}))
    assert expected in html and "Tết" in html
    assert template.render(Context({"day": D(2026, 2, 24)})) == "[]"


@pytest.mark.django_db
def test_template_tag_reads_overrides_once_per_request(rf, django_assert_num_queries):
    from django.template import RequestContext, Template

    CalendarOverride.objects.create(date=D(2026, 3, 10), is_working_day=False, reason="Bầu cử")
    template = Template("{% load deadlines %}{% for d in days %}{% deadline_policy_note d %}{% endfor %}")
    request = rf.get("/")
    with django_assert_num_queries(1):
        html = template.render(RequestContext(request, {"days": [D(2026, 3, 10)] * 20}))
    assert html.count("Bầu cử") == 20
