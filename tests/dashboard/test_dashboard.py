"""The chairman's dashboard: every number against counts computed from the labelled rows."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from tasks.dashboard import tally
from tasks.status import StatusContext
from tests.dashboard.conftest import DAY, TODAY, make
from tests.factories import UnitFactory

URL = "/bang-dieu-khien/"
CARD_CATEGORIES = ["in_time", "due_soon", "overdue", "done_on_time", "done_late"]


def rate(c) -> float | None:
    due = c["done_on_time"] + c["done_late"] + c["overdue"]
    return round(100 * c["done_on_time"] / due, 1) if due else None


def assigned(c) -> int:
    return sum(n for k, n in c.items() if k != "cancelled")


def get(client, user, url=URL, **params):
    client.force_login(user)
    response = client.get(url, params)
    assert response.status_code == 200
    return response


def card_values(response) -> dict[str, int]:
    return {card.category: card.value for card in response.context["cards"]}


def test_cards_equal_counts_of_labelled_rows(client, cast, world):
    response = get(client, cast.chairman)
    expected = world.labels()
    values = card_values(response)
    for category in CARD_CATEGORIES:
        assert values[category] == expected[category], category
    assert values["assigned"] == assigned(expected) == 16
    assert response.context["rate"] == rate(expected)
    html = response.content.decode()
    for category in CARD_CATEGORIES:
        assert re.search(rf'data-count="{category}">.*?>{expected[category]}</a>', html), category


def test_every_card_links_to_the_task_list_with_the_same_count(client, cast, world):
    response = get(client, cast.chairman)
    list_url = reverse("tasks:list")
    for card in response.context["cards"]:
        assert card.url.startswith(list_url + "?")
        listed = client.get(card.url)
        assert listed.status_code == 200
        assert listed.context["filter"].qs.count() == card.value, card.category


def test_unit_table_rows_worst_first_and_numbers_link(client, cast, world):
    response = get(client, cast.chairman)
    lines = response.context["unit_lines"]
    by_unit = {line.row.unit_id: line for line in lines}
    for key, unit in [("a", cast.unit_a), ("b", cast.unit_b), ("c", cast.commune)]:
        expected = world.labels(key)
        row = by_unit[unit.pk].row
        assert row.assigned == assigned(expected)
        assert row.on_time == expected["done_on_time"]
        assert row.late == expected["done_late"]
        assert row.overdue == expected["overdue"]
        assert row.rate == rate(expected)
        for col, value in [("assigned", row.assigned), ("overdue", row.overdue), ("on_time", row.on_time)]:
            listed = client.get(by_unit[unit.pk].urls[col])
            assert listed.context["filter"].qs.count() == value, (key, col)
    # A: 2/(2+1+2)=40 %, commune: 0/(0+1+1)=0 %, B: 3/(3+0+1)=75 % → commune, A, B
    assert [line.row.unit_id for line in lines] == [cast.commune.pk, cast.unit_a.pk, cast.unit_b.pk]


def test_overdue_list_sorted_by_days_late_with_last_progress_note(client, cast, world):
    response = get(client, cast.chairman)
    overdue = response.context["overdue"]
    assert [t.title for t in overdue] == [
        "B quá hạn 100 ngày",
        "A quá hạn 40 ngày",
        "A quá hạn 3 ngày",
        "Xã quá hạn 1 ngày",
    ]
    assert [t.calendar_days_late for t in overdue] == [100, 40, 3, 1]
    assert [t.days_late for t in overdue] == [68, 28, 1, 1]  # working days (issue 16.9)
    assert (
        overdue[2].last_note == "Đang chờ số liệu của các xã"
    )  # newest lead-unit note, not the contribution
    assert overdue[0].last_note is None
    html = response.content.decode()
    assert "Đang chờ số liệu của các xã" in html
    assert overdue[0].directive.reference_code in html
    assert response.context["overdue_total"] == world.labels()["overdue"]


def test_pending_extensions_count_links_to_the_extension_list(client, cast, world):
    response = get(client, cast.chairman)
    assert response.context["pending_extensions"] == 2
    assert response.context["extensions_url"] == reverse("tasks:extensions")
    assert f'href="{reverse("tasks:extensions")}"' in response.content.decode()


def test_filter_by_unit_kind(client, cast, world):
    response = get(client, cast.chairman, unit_kind="commune")
    values = card_values(response)
    expected = world.labels("c")
    for category in CARD_CATEGORIES:
        assert values[category] == expected[category]
    assert [line.row.unit_id for line in response.context["unit_lines"]] == [cast.commune.pk]
    for card in response.context["cards"]:
        assert parse_qs(urlsplit(card.url).query)["unit_kind"] == ["commune"]
        assert client.get(card.url).context["filter"].qs.count() == card.value


def test_filter_by_directive(client, cast, world):
    x = world.directive_x
    response = get(client, cast.chairman, directive=x.pk)
    expected = {c: 0 for c in CARD_CATEGORIES}
    for task, label in world.all():
        if task.directive_id == x.pk and label in expected:
            expected[label] += 1
    assert {c: card_values(response)[c] for c in CARD_CATEGORIES} == expected
    for card in response.context["cards"]:
        assert client.get(card.url).context["filter"].qs.count() == card.value


def test_monthly_chart_counts_and_svg(client, cast, world):
    response = get(client, cast.chairman)
    points = {p.month: p for p in response.context["points"]}
    assert len(points) == 12 and max(points) == dt.date(2026, 6, 1)
    done = {}
    missed = {}
    for task, label in world.all():
        if label in ("done_on_time", "done_late"):
            month = task.completed_on.replace(day=1)
            done[month] = done.get(month, 0) + 1
        if label in ("overdue", "done_late"):
            month = task.deadline.replace(day=1)
            missed[month] = missed.get(month, 0) + 1
    for month, point in points.items():
        assert point.completed == done.get(month, 0), month
        assert point.new_overdue == missed.get(month, 0), month
        if point.completed:
            assert client.get(point.completed_url).context["filter"].qs.count() == point.completed
        if point.new_overdue:
            assert client.get(point.new_overdue_url).context["filter"].qs.count() == point.new_overdue
    html = response.content.decode()
    assert "<svg" in html and 'class="bar-done"' in html
    assert "<script>" not in html and " style=" not in html and " onclick" not in html


@pytest.mark.parametrize("units", [1, 25])
def test_query_count_does_not_depend_on_volume(client, cast, today, django_assert_max_num_queries, units):
    pool = [cast.unit_a] + [UnitFactory(kind="commune") for _ in range(units - 1)]
    for i in range(units * 4):
        make(pool[i % units], deadline=TODAY - (i % 7 - 3) * DAY, done_on=TODAY - DAY if i % 3 == 0 else None)
    client.force_login(cast.chairman)
    tally.read(StatusContext.for_today())  # the nightly roll-over has run (tasks.dashboard.tally)
    with django_assert_max_num_queries(15):
        response = client.get(URL)
    assert response.status_code == 200
    assert card_values(response)["assigned"] == units * 4


def test_cached_numbers_follow_a_change_made_through_the_services(
    client, cast, today, django_assert_max_num_queries
):
    from tasks.services import task_complete, task_create

    task = task_create(actor=cast.office, title="Việc mới", lead_unit=cast.unit_a, deadline=TODAY - 2 * DAY)
    client.force_login(cast.chairman)
    assert card_values(client.get(URL))["overdue"] == 1
    with django_assert_max_num_queries(11):  # the second load reads the aggregates from the cache
        assert card_values(client.get(URL))["overdue"] == 1
    task_complete(task=task, actor=cast.head_a, completed_on=TODAY)
    values = card_values(client.get(URL))
    assert values["overdue"] == 0 and values["done_late"] == 1


def test_a_progress_report_shows_at_once_while_the_figures_stay_cached(client, cast, today):
    """Progress notes change no figure: the cached cards, chart and unit table are kept (no
    tally read), and the overdue list, read every time, shows the new note at once. A change
    that moves a figure (a deadline) is followed at once, as before."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tasks.dashboard.selectors import data_version
    from tasks.services import task_change_deadline, task_create, task_progress_record

    task = task_create(actor=cast.office, title="Việc trễ", lead_unit=cast.unit_a, deadline=TODAY - 2 * DAY)
    client.force_login(cast.chairman)
    assert card_values(client.get(URL))["overdue"] == 1
    stamp = data_version()
    task.refresh_from_db()
    task_progress_record(
        task=task, actor=cast.head_a, unit=cast.unit_a, note="Đã có số liệu của 3 xã", percent=40
    )
    assert data_version() == stamp
    with CaptureQueriesContext(connection) as captured:
        html = client.get(URL).content.decode()
    assert "Đã có số liệu của 3 xã" in html.split('id="overdue-table"', 1)[1]
    assert not any("tasks_tasktally" in q["sql"] for q in captured.captured_queries)
    task.refresh_from_db()
    task_change_deadline(task=task, actor=cast.office, deadline=TODAY + 10 * DAY, reason="Gia hạn")
    assert data_version() != stamp
    assert card_values(client.get(URL))["overdue"] == 0


def test_cache_can_be_turned_off(client, cast, today, settings):
    settings.DONDOC = {**settings.DONDOC, "DASHBOARD_CACHE_SECONDS": 0}
    client.force_login(cast.chairman)
    assert card_values(client.get(URL))["overdue"] == 0
    make(cast.unit_a, deadline=TODAY - DAY)  # written directly, no task event
    assert card_values(client.get(URL))["overdue"] == 1


def test_same_number_of_queries_for_few_and_many_rows(client, cast, today):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(cast.chairman)
    tally.read(StatusContext.for_today())  # the nightly roll-over has run (tasks.dashboard.tally)
    counts = []
    for units in (1, 30):
        pool = [UnitFactory(kind="department") for _ in range(units)]
        for i, unit in enumerate(pool * 3):
            make(unit, deadline=TODAY - (i % 5 - 2) * DAY, done_on=TODAY if i % 4 == 0 else None)
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1] <= 15


@pytest.mark.parametrize(
    "url", ["/bang-dieu-khien/", "/bang-dieu-khien/bao-cao/", "/bang-dieu-khien/bao-cao/don-vi/{a}/"]
)
def test_pages_have_one_h1_a_title_and_no_inline_code(client, cast, world, url):
    client.force_login(cast.chairman)
    html = client.get(url.format(a=cast.unit_a.pk)).content.decode()
    assert html.count("<h1") == 1 and re.search(r"<title>[^<]+</title>", html)
    assert " style=" not in html and "<script>" not in html and not re.search(r"\son[a-z]+=", html)
    labels = set(re.findall(r'<label[^>]+for="([^"]+)"', html))
    fields = set(re.findall(r'<(?:input|select)[^>]+id="([^"]+)"', html))
    assert fields <= labels | {"language-switch"}


def test_rendered_rows_show_the_figures_links_and_escaped_names(client, cast, world):
    """The tables' rows are written in Python (tasks/templatetags/dashboard_rows.py): what
    the chairman reads must be the figures of the context, with their links, escaped."""
    from html import unescape

    cast.unit_a.name = "Phòng <Tài chính> & Kế hoạch"
    cast.unit_a.save()
    response = get(client, cast.chairman)
    html = response.content.decode()
    line = next(x for x in response.context["unit_lines"] if x.row.unit_id == cast.unit_a.pk)
    row_html = html.split(f'<tr data-unit="{cast.unit_a.pk}">', 1)[1].split("</tr>", 1)[0]
    assert "Phòng &lt;Tài chính&gt; &amp; Kế hoạch" in row_html
    for col in ("assigned", "on_time", "late", "overdue"):
        cell = row_html.split(f'data-col="{col}"', 1)[1].split("</td>", 1)[0]
        value = getattr(line.row, col)
        assert f">{value}</a>" in cell and unescape(cell).count(line.urls[col]) == 1, col
    assert 'class="link-danger fw-semibold"' in row_html.split('data-col="overdue"', 1)[1]
    assert "40,0%" in row_html  # 2 of 5 due on time, Vietnamese decimal comma
    overdue_table = html.split('id="overdue-table"', 1)[1].split("</table>", 1)[0]
    first = response.context["overdue"][0]
    assert first.deadline.strftime("%d/%m/%Y") in overdue_table
    assert f'title="{first.calendar_days_title}">{first.days_late}</span>' in overdue_table
    assert "Chưa báo cáo tiến độ" in overdue_table  # no progress note yet
    chart_rows = html.split("Số liệu của biểu đồ", 1)[1].split("</table>", 1)[0]
    assert chart_rows.count("<tr><td>") == 12 and "06/2026" in chart_rows
