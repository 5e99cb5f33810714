"""Rendered events are kept across feeds (deadlines.feeds._EVENT_MEMO) and never served stale:
any change to a task, its unit, its directive, the language, the address or the alarm shows
in the next render, and a feed from a warm memo is byte-identical to one rendered afresh."""

from __future__ import annotations

import datetime as dt

import pytest
from icalendar import Calendar

from deadlines import feeds
from deadlines.models import CalendarSubscription
from deadlines.selectors import FeedData
from deadlines.services import feed_path, subscription_create
from tasks.models import Task
from tests.factories import DirectiveFactory, TaskFactory
from units.models import Unit

UNITS = {1: ("Nội vụ", "Phòng Nội vụ"), 2: ("Tư pháp", "Phòng Tư pháp")}
DIRECTIVES = {7: ("ke_hoach", "132", "KH-UBND", "Triển khai cải cách hành chính")}
# selectors.FEED_FIELDS order
ROW = (41, "Rà soát thủ tục", "2026-04-15", "", "in_time", 40, 3, "2026-03-09 02:00:00.000000", 1, 7, "II.3")
FIELDS = {
    "title": 1,
    "day": 2,
    "deadline_text": 3,
    "category": 4,
    "progress": 5,
    "version": 6,
    "stamp": 7,
    "lead_unit_id": 8,
    "directive_id": 9,
    "clause_label": 10,
}


@pytest.fixture(autouse=True)
def empty_memo():
    feeds._EVENT_MEMO.clear()
    yield
    feeds._EVENT_MEMO.clear()


def row(pk: int = ROW[0], **changes) -> tuple:
    values = list(ROW)
    values[0] = pk
    for name, value in changes.items():
        values[FIELDS[name]] = value
    return tuple(values)


def data(*rows: tuple, units=None, directives=None) -> FeedData:
    return FeedData(rows=list(rows), units=units or dict(UNITS), directives=directives or dict(DIRECTIVES))


def render(feed: FeedData, **kwargs) -> bytes:
    return feeds.render_calendar(name="Lịch", data=feed, **kwargs)


def fresh(feed: FeedData, **kwargs) -> bytes:
    """The feed as it is without the memo."""
    feeds._EVENT_MEMO.clear()
    body = render(feed, **kwargs)
    feeds._EVENT_MEMO.clear()
    return body


def event(body: bytes):
    (only,) = Calendar.from_ical(body).walk("VEVENT")
    return only


@pytest.mark.parametrize(
    ("name", "value", "shows"),
    [
        ("title", "Rà soát thủ tục hành chính", "[Nội vụ] Rà soát thủ tục hành chính"),
        ("day", "2026-04-30", "30/04/2026"),
        ("deadline_text", "trước ngày 30", "(trước ngày 30)"),
        ("category", "overdue", "Quá hạn"),
        ("progress", 70, "tiến độ 70%"),
        ("version", 4, "SEQUENCE:4"),
        ("stamp", "2026-03-09 05:30:00.000000", "LAST-MODIFIED:20260309T053000Z"),
        ("lead_unit_id", 2, "[Tư pháp]"),
        ("directive_id", None, "Đơn vị chủ trì"),
        ("clause_label", "II.4", "Điều khoản: II.4"),
    ],
)
def test_a_changed_task_shows_at_the_next_render(name, value, shows):
    before = render(data(row()))
    after = render(data(row(**{name: value})))
    assert after != before
    assert after == fresh(data(row(**{name: value})))
    assert shows in event(after).to_ical().decode().replace("\r\n ", "")
    assert render(data(row())) == before  # and back


def test_a_renamed_unit_or_directive_shows_though_the_task_row_is_the_same():
    before = render(data(row()))
    renamed_unit = data(row(), units={**UNITS, 1: ("NV", "Sở Nội vụ")})
    after = render(renamed_unit)
    assert str(event(after)["SUMMARY"]) == "[NV] Rà soát thủ tục"
    assert "Đơn vị chủ trì: Sở Nội vụ" in str(event(after)["DESCRIPTION"])
    assert after == fresh(renamed_unit)

    new_subject = data(row(), directives={7: ("ke_hoach", "132", "KH-UBND", "Cải cách thủ tục hành chính")})
    after = render(new_subject)
    assert "Kế hoạch 132/KH-UBND – Cải cách thủ tục hành chính" in str(event(after)["DESCRIPTION"])
    assert after == fresh(new_subject)
    assert render(data(row())) == before


def test_language_address_host_and_alarm_each_give_their_own_events(settings):
    feed = data(row())
    settings.SITE_URL, settings.SITE_URL_CONFIGURED = "https://dondoc.example.vn", True
    vietnamese = render(feed)
    assert "Đơn vị chủ trì: Phòng Nội vụ" in str(event(vietnamese)["DESCRIPTION"])

    settings.LANGUAGE_CODE = "en"
    english = render(feed)
    assert "Lead unit: Phòng Nội vụ" in str(event(english)["DESCRIPTION"])
    assert event(english)["CATEGORIES"].cats != event(vietnamese)["CATEGORIES"].cats
    assert english == fresh(feed)
    settings.LANGUAGE_CODE = "vi"
    assert render(feed) == vietnamese

    other = render(feed, base_url="http://10.0.0.5:9100")
    assert b"http://10.0.0.5:9100/" in other and b"dondoc.example.vn/" not in other.replace(b"\r\n ", b"")
    assert other == fresh(feed, base_url="http://10.0.0.5:9100")
    assert render(feed) == vietnamese

    settings.SITE_URL = "https://lich.example.org"
    moved = render(feed)
    assert str(event(moved)["UID"]) == "dondoc-task-41@lich.example.org"
    assert moved == fresh(feed)

    settings.SITE_URL = "https://dondoc.example.vn"
    settings.DONDOC = {**settings.DONDOC, "CALENDAR_ALARM_DAYS": 3, "CALENDAR_ALARM_HOUR": 7}
    alarm = event(render(feed)).walk("VALARM")[0]
    assert alarm["TRIGGER"].dt == -dt.timedelta(days=3) + dt.timedelta(hours=7)


def test_a_warm_memo_gives_the_same_bytes_as_none():
    long_title = "Tổ chức rà soát, đánh giá; kết quả \\ thực hiện\n" * 4
    feed = data(
        row(1),
        row(2, title=long_title, deadline_text="quý I, II", clause_label=""),
        row(3, category="done_on_time", progress=100, directive_id=None),
        row(4, category="paused", lead_unit_id=99),  # a unit not in the entries: "?"
        row(5, category="overdue", day="2026-02-28"),
    )
    cold = fresh(feed)
    assert render(feed) == cold  # fills the memo
    assert len(feeds._EVENT_MEMO) == 5
    assert render(feed) == cold  # served from it
    assert render(feed, base_url="https://a.example") == fresh(feed, base_url="https://a.example")


def test_the_memo_stays_within_its_bound(monkeypatch):
    monkeypatch.setattr(feeds, "EVENT_MEMO_SIZE", 7)
    for start in range(0, 60, 12):
        feed = data(*(row(pk, title=f"Việc {pk}") for pk in range(start, start + 12)))
        body = render(feed)
        assert len(feeds._EVENT_MEMO) <= 7
        assert body == fresh(feed)
        assert render(feed) == body
        assert len(feeds._EVENT_MEMO) <= 7
        assert body.count(b"BEGIN:VEVENT") == 12


# --- Through the view, with the database ------------------------------------------------


def test_edits_to_a_task_its_unit_and_its_directive_reach_the_subscriber(client, cast):
    directive = DirectiveFactory(number="132", symbol="KH-UBND", subject="Triển khai cải cách hành chính")
    task = TaskFactory(
        title="Rà soát thủ tục", lead_unit=cast.unit_a, directive=directive, deadline=dt.date(2099, 4, 1)
    )
    _subscription, token = subscription_create(user=cast.head_a, scope=CalendarSubscription.Scope.MINE)
    path = feed_path(token)

    def shown():
        response = client.get(path)
        assert response.status_code == 200
        return event(response.content)

    assert str(shown()["SUMMARY"]) == "[Nội vụ] Rà soát thủ tục"
    Task.objects.filter(pk=task.pk).update(title="Rà soát 30 thủ tục", progress=55)
    assert str(shown()["SUMMARY"]) == "[Nội vụ] Rà soát 30 thủ tục"
    assert "tiến độ 55%" in str(shown()["DESCRIPTION"])
    Unit.objects.filter(pk=cast.unit_a.pk).update(short_name="NV", name="Sở Nội vụ")
    assert str(shown()["SUMMARY"]) == "[NV] Rà soát 30 thủ tục"
    assert "Đơn vị chủ trì: Sở Nội vụ" in str(shown()["DESCRIPTION"])
    directive.subject = "Cải cách thủ tục hành chính"
    directive.save()
    assert "Cải cách thủ tục hành chính" in str(shown()["DESCRIPTION"])
