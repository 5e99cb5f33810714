"""Period semantics at the boundaries: deadline in the period (both ends included);
completions in the chart by their own date."""

from __future__ import annotations

import datetime as dt

from deadlines.workdays import get_calendar
from tasks.dashboard.reports import unit_report
from tasks.dashboard.selectors import DashboardFilters, Period, category_counts, monthly_series
from tasks.status import StatusContext
from tests.dashboard.conftest import TODAY, make

MAY = Period(dt.date(2026, 5, 1), dt.date(2026, 5, 31))


def _rows(cast):
    return {
        "first_day": make(cast.unit_a, deadline=dt.date(2026, 5, 1), done_on=dt.date(2026, 5, 1)),
        "last_day_late": make(cast.unit_a, deadline=dt.date(2026, 5, 31), done_on=dt.date(2026, 6, 1)),
        "last_day_open": make(cast.unit_a, deadline=dt.date(2026, 5, 31)),
        "day_before": make(cast.unit_a, deadline=dt.date(2026, 4, 30)),
        "day_after": make(cast.unit_a, deadline=dt.date(2026, 6, 1), done_on=dt.date(2026, 5, 20)),
    }


def test_task_due_on_last_day_is_in_the_period_and_completion_next_day_is_late(cast, today):
    _rows(cast)
    counts = category_counts(filters=DashboardFilters(period=MAY), ctx=StatusContext.for_today())
    assert counts["assigned"] == 3  # 01/05, 31/05 (late), 31/05 (open); not 30/04 nor 01/06
    assert counts["done_on_time"] == 1
    assert counts["done_late"] == 1
    assert counts["overdue"] == 1


def test_chart_counts_completions_by_completion_date(cast, today):
    _rows(cast)
    points = monthly_series(filters=DashboardFilters(period=MAY), ctx=StatusContext.for_today())
    assert [p.month for p in points] == [dt.date(2026, 5, 1)]
    # Completed in May: 01/05 and 20/05 (the task due 01/06 done early); the one done 01/06 is June's.
    assert points[0].completed == 2
    # Missed deadlines in May: 31/05 done late and 31/05 still open.
    assert points[0].new_overdue == 2


def test_report_uses_the_same_boundaries(cast, today):
    _rows(cast)
    report = unit_report(unit=cast.unit_a, period=MAY, ctx=StatusContext.for_today())
    # the dashboard's three, plus the task due 30/04 that is still open: overdue carried over
    # into May (issue 16.6); the one due 01/06 is June's
    assert (report.assigned, report.on_time, report.done_late, report.overdue_count) == (4, 1, 1, 2)
    assert [t.deadline for t in report.late] == [dt.date(2026, 5, 31)]
    assert report.late[0].days_late == 1  # Sunday 31/05 → Monday 01/06: one working day
    assert [t.deadline for t in report.overdue] == [dt.date(2026, 4, 30), dt.date(2026, 5, 31)]
    assert report.overdue[1].calendar_days_late == (TODAY - dt.date(2026, 5, 31)).days
    assert report.overdue[1].days_late == get_calendar().working_days_between(dt.date(2026, 5, 31), TODAY)


def test_dashboard_period_presets_and_custom_range(client, cast, today):
    _rows(cast)
    client.force_login(cast.chairman)
    response = client.get("/bang-dieu-khien/", {"start": "2026-05-01", "end": "2026-05-31"})
    assert response.context["counts"]["assigned"] == 3
    html = response.content.decode()
    assert "01/05/2026" in html and "31/05/2026" in html  # the period is stated on the page
    quarter = client.get("/bang-dieu-khien/", {"period": "quarter"})  # Q2: 01/04–30/06
    assert quarter.context["filters"].period == Period(dt.date(2026, 4, 1), dt.date(2026, 6, 30))
    assert quarter.context["counts"]["assigned"] == 5


def test_reversed_range_is_refused_with_a_message(client, cast, today):
    client.force_login(cast.chairman)
    response = client.get("/bang-dieu-khien/", {"start": "2026-05-31", "end": "2026-05-01"})
    assert response.status_code == 200
    assert "phải trước hoặc bằng" in response.content.decode()
    assert response.context["filters"].period.is_open
