"""Issue 16, items 6, 9 and 11: what the numbers count, stated on the page and consistent."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from deadlines.workdays import get_calendar
from tasks.dashboard.reports import organisation_summary, unit_report
from tasks.dashboard.selectors import Period
from tasks.models import Task
from tasks.status import StatusContext
from tests.dashboard.conftest import DAY, TODAY, make

URL = "/bang-dieu-khien/"
pytestmark = pytest.mark.django_db


# --- 16.11: the cards add up ------------------------------------------------------------------


def test_dashboard_cards_add_up_to_the_total_and_say_what_is_left_out(client, cast, world):
    client.force_login(cast.chairman)
    response = client.get(URL)
    cards = {card.category: card.value for card in response.context["cards"]}
    total = cards.pop("assigned")
    assert "paused" in cards and "cancelled" not in cards
    assert sum(cards.values()) == total == 16
    labels = world.labels()
    assert cards["paused"] == labels["paused"] == 1
    note = re.search(r'id="cards-note">([^<]+)<', response.content.decode()).group(1)
    assert "tạm dừng" in note and f"không tính {labels['cancelled']} nhiệm vụ đã hủy" in note


def test_office_home_cards_add_up_too(client, cast, world):
    client.force_login(cast.office)
    cards = {card.category: card.value for card in client.get("/").context["cards"]}
    assert sum(v for k, v in cards.items() if k != "assigned") == cards["assigned"]


# --- 16.9: days overdue are working days everywhere, calendar days in a tooltip ---------------


def test_dashboard_shows_working_days_overdue_with_calendar_days_in_a_tooltip(client, cast, world):
    # "A quá hạn 3 ngày": deadline Friday 12/06, today Monday 15/06 → 1 working day, 3 calendar days
    client.force_login(cast.chairman)
    html = client.get(URL).content.decode()
    assert "Số ngày làm việc quá hạn" in html
    row = re.search(r"A quá hạn 3 ngày</a></td>.*?</tr>", html, re.S).group(0)
    assert re.search(r'title="3 ngày theo lịch">1</span>', row)
    row = re.search(r"B quá hạn 100 ngày</a></td>.*?</tr>", html, re.S).group(0)
    expected = get_calendar().working_days_between(TODAY - 100 * DAY, TODAY)
    assert 60 < expected < 72  # weekends and the April-May holidays left out
    assert re.search(r'title="100 ngày theo lịch">(\d+)</span>', row).group(1) == str(expected)


def test_head_home_shows_working_days(client, cast, world):
    client.force_login(cast.head_a)
    html = client.get("/").content.decode()
    assert 'title="3 ngày theo lịch">1 ngày làm việc</span>' in html


def test_report_days_late_are_working_days(cast, today):
    make(cast.unit_a, deadline=TODAY - 3 * DAY)  # Fri 12/06 → Mon 15/06
    make(cast.unit_a, deadline=dt.date(2026, 6, 5), done_on=dt.date(2026, 6, 9))  # Fri → Tue
    report = unit_report(unit=cast.unit_a, period=Period.year(2026), ctx=StatusContext.for_today())
    assert [(t.days_late, t.calendar_days_late) for t in report.overdue] == [(1, 3)]
    assert [(t.days_late, t.calendar_days_late) for t in report.late] == [(2, 4)]


# --- 16.6: overdue work carried over from an earlier period counts in the report ---------------


@pytest.fixture
def carried_over(cast, today):
    """Đức Chánh: one task overdue in this year, one still open since last year, one from last
    year done, one from last year paused."""
    return {
        "this_year": make(cast.commune, deadline=dt.date(2026, 3, 2), title="Quá hạn năm nay"),
        "last_year": make(cast.commune, deadline=dt.date(2025, 11, 28), title="Quá hạn từ năm trước"),
        "done": make(cast.commune, deadline=dt.date(2025, 11, 3), done_on=dt.date(2025, 12, 1)),
        "paused": make(cast.commune, deadline=dt.date(2025, 10, 1), status=Task.Status.PAUSED),
    }


def test_report_counts_work_still_open_and_overdue_from_an_earlier_period(cast, carried_over, client):
    ctx = StatusContext.for_today()
    report = unit_report(unit=cast.commune, period=Period.year(2026), ctx=ctx)
    assert report.overdue_count == 2
    assert [t.title for t in report.overdue] == ["Quá hạn từ năm trước", "Quá hạn năm nay"]
    assert report.assigned == 2  # the done and the paused task of 2025 belong to 2025
    summary = {s.row.unit_id: s for s in organisation_summary(period=Period.year(2026), ctx=ctx)}
    assert summary[cast.commune.pk].row.overdue == 2
    # the drill-down link lists the same two tasks
    client.force_login(cast.chairman)
    link = report.links["overdue"]
    params = parse_qs(urlsplit(link).query)
    assert "deadline_after" not in params and params["deadline_before"] == ["2026-12-31"]
    listed = client.get(link).content.decode()
    assert "Quá hạn năm nay" in listed and "Quá hạn từ năm trước" in listed
    # and the report says how it counts
    html = client.get(f"/bang-dieu-khien/bao-cao/don-vi/{cast.commune.pk}/?start=2026-01-01&end=2026-12-31")
    assert "quá hạn chuyển sang" in html.content.decode()


def test_a_period_before_the_deadline_does_not_count_it(cast, carried_over):
    report = unit_report(unit=cast.commune, period=Period.year(2024), ctx=StatusContext.for_today())
    assert report.assigned == 0
