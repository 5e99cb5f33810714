import datetime as dt

import pytest
import time_machine

from deadlines.recurrence import (
    DEFAULT_CONTINUOUS_REPORT_RULE,
    next_occurrence,
    occurrence_dates,
    occurrences_ensure,
    occurrences_ensure_all,
    parse_recurrence,
    period_label,
)
from tasks.models import Task, TaskEvent
from tasks.services import task_create

D = dt.date


@pytest.mark.parametrize(
    ("text", "rule", "first_dates"),
    [
        ("Báo cáo hằng tháng trước ngày 20", "FREQ=MONTHLY;BYMONTHDAY=20", [D(2026, 1, 20), D(2026, 2, 20)]),
        ("hang thang truoc ngay 20", "FREQ=MONTHLY;BYMONTHDAY=20", [D(2026, 1, 20), D(2026, 2, 20)]),
        ("Hằng quý", "FREQ=MONTHLY;BYMONTH=3,6,9,12;BYMONTHDAY=-1", [D(2026, 3, 31), D(2026, 6, 30)]),
        ("6 tháng/lần", "FREQ=MONTHLY;BYMONTH=6,12;BYMONTHDAY=-1", [D(2026, 6, 30), D(2026, 12, 31)]),
        ("định kỳ 6 tháng một lần", "FREQ=MONTHLY;BYMONTH=6,12;BYMONTHDAY=-1", [D(2026, 6, 30)]),
        ("hằng năm trước 15/12", "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=15", [D(2026, 12, 15), D(2027, 12, 15)]),
        ("trước ngày 15 tháng 12 hằng năm", "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=15", [D(2026, 12, 15)]),
        (
            "hằng tháng trước ngày 30",
            "FREQ=MONTHLY;BYMONTHDAY=28,29,30;BYSETPOS=-1",
            [D(2026, 1, 30), D(2026, 2, 28)],
        ),
    ],
)
def test_phrases_become_rrules_with_the_expected_dates(text, rule, first_dates):
    recurrence = parse_recurrence(text)
    assert recurrence.kind == "recurring" and recurrence.rule == rule
    dates = occurrence_dates(recurrence.rule, start=D(2026, 1, 1), end=D(2027, 12, 31))
    assert dates[: len(first_dates)] == first_dates


def test_thuong_xuyen_is_continuous_and_reports_quarterly_by_default():
    recurrence = parse_recurrence("Thực hiện thường xuyên")
    assert recurrence.kind == "continuous" and recurrence.rule == DEFAULT_CONTINUOUS_REPORT_RULE
    assert "hằng quý" in recurrence.text
    assert parse_recurrence("thường xuyên, báo cáo 6 tháng/lần").rule.startswith("FREQ=MONTHLY;BYMONTH=6,12")


def test_no_recurrence_in_a_one_off_deadline():
    assert parse_recurrence("trước ngày 30/11/2026") is None
    assert parse_recurrence("") is None


def test_rules_are_rfc5545_and_match_an_ical_reader():
    icalendar = pytest.importorskip("icalendar")
    recurring_ical_events = pytest.importorskip("recurring_ical_events")
    rule = parse_recurrence("hằng tháng trước ngày 20").rule
    cal = icalendar.Calendar.from_ical(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//VI\r\nBEGIN:VEVENT\r\nUID:1\r\n"
        f"DTSTART;VALUE=DATE:20260120\r\nRRULE:{rule}\r\nSUMMARY:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    events = recurring_ical_events.of(cal).between(D(2026, 1, 1), D(2026, 6, 30))
    ical_dates = sorted(e["DTSTART"].dt for e in events)
    assert ical_dates == occurrence_dates(rule, start=D(2026, 1, 20), end=D(2026, 6, 29))


def test_period_labels():
    assert period_label("FREQ=MONTHLY;BYMONTHDAY=20", D(2026, 3, 20)) == "tháng 03/2026"
    assert period_label("FREQ=MONTHLY;BYMONTH=3,6,9,12;BYMONTHDAY=-1", D(2026, 9, 30)) == "quý III/2026"
    assert period_label("FREQ=MONTHLY;BYMONTH=6,12;BYMONTHDAY=-1", D(2026, 6, 30)) == "6 tháng đầu năm 2026"
    assert period_label("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=15", D(2026, 12, 15)) == "năm 2026"


def test_next_occurrence():
    assert next_occurrence("FREQ=MONTHLY;BYMONTHDAY=20", on_or_after=D(2026, 3, 21)) == D(2026, 4, 20)
    assert next_occurrence("FREQ=MONTHLY;BYMONTHDAY=20", on_or_after=D(2026, 3, 20)) == D(2026, 3, 20)


def _series(cast, text="Báo cáo tình hình thực hiện hằng tháng trước ngày 20"):
    recurrence = parse_recurrence(text)
    return task_create(
        actor=cast.office,
        title="Báo cáo tình hình CCHC",
        lead_unit=cast.unit_a,
        assignee=cast.specialist_a,
        cooperating_units=[cast.unit_b],
        kind=Task.Kind.RECURRING,
        recurrence_rule=recurrence.rule,
        recurrence_text=recurrence.text,
    )


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC), tick=False)
def test_occurrences_are_tasks_with_their_own_deadline_and_history(cast):
    series = _series(cast)
    created = occurrences_ensure(series=series, today=D(2026, 3, 2))
    # horizon 35 days from 2/3: 20/3 and (Mon) 20/4? no – 20/4 is 49 days away: only 20/3
    assert [t.deadline for t in created] == [D(2026, 3, 20)]
    occurrence = created[0]
    assert occurrence.series == series and occurrence.kind == Task.Kind.ONCE
    assert occurrence.title == "Báo cáo tình hình CCHC (tháng 03/2026)"
    assert occurrence.assignee == cast.specialist_a and occurrence.lead_unit == cast.unit_a
    assert list(occurrence.cooperating_units.all()) == [cast.unit_b]
    assert occurrence.status == Task.Status.OPEN and occurrence.progress == 0
    assert TaskEvent.objects.filter(task=occurrence, kind=TaskEvent.Kind.CREATED).count() == 1
    # running again creates nothing; a month later the next one appears
    assert occurrences_ensure(series=series, today=D(2026, 3, 2)) == []
    later = occurrences_ensure_all(today=D(2026, 3, 20))
    assert [t.deadline for t in later] == [D(2026, 4, 20)]
    assert series.occurrences.count() == 2


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2026, 11, 2, 8, 0, tzinfo=dt.UTC), tick=False)
def test_occurrence_on_a_day_off_follows_the_policy(cast, settings):
    settings.DONDOC = {**settings.DONDOC, "DEADLINE_ON_DAY_OFF": "previous_working_day"}
    series = _series(cast, "hằng năm trước 15/11")  # 15/11/2026 is a Sunday
    created = occurrences_ensure(series=series, today=D(2026, 11, 2))
    assert [t.deadline for t in created] == [D(2026, 11, 13)]


@pytest.mark.django_db
def test_paused_series_produces_nothing(cast):
    series = _series(cast)
    Task.objects.filter(pk=series.pk).update(status=Task.Status.PAUSED)
    series.refresh_from_db()
    assert occurrences_ensure(series=series, today=D(2026, 3, 2)) == []


def test_next_occurrence_looks_a_bounded_distance_ahead():
    # INTERVAL=3 counted from November never reaches March, June, September or December:
    # dateutil alone would iterate to the year 9999; the search stops after 3 years
    rule = "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1;BYMONTH=3,6,9,12"
    assert next_occurrence(rule, on_or_after=D(2026, 11, 23)) is None
    every_five_years = "FREQ=YEARLY;INTERVAL=5;BYMONTH=1;BYMONTHDAY=1"
    assert next_occurrence(every_five_years, on_or_after=D(2026, 1, 2), dtstart=D(2026, 1, 1)) is None
    assert next_occurrence(every_five_years, on_or_after=D(2030, 6, 1), dtstart=D(2026, 1, 1)) == D(
        2031, 1, 1
    )
