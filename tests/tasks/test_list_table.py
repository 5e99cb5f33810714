"""The task table's markup: rows, header sort links, pagination, selection, empty text.

TaskTable writes these itself (not through django-tables2's per-cell templates), so the
markup the pages, tasks.js and the browser tests rely on is pinned here."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from tasks.models import Task
from tests.factories import DirectiveFactory, TaskFactory, UserFactory


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC), tick=False):
        yield


def page(client, user, **params):
    client.force_login(user)
    response = client.get(reverse("tasks:list"), params)
    assert response.status_code == 200
    return squeeze(response.content.decode())


def squeeze(html: str) -> str:
    """The markup without the whitespace around tags (which the browser ignores here)."""
    return re.sub(r"\s*(<[^>]*?)\s*>\s*", r"\1>", " ".join(html.split()))


def row(html: str, pk: int) -> str:
    return re.search(rf'<tr data-task="{pk}">.*?</tr>', html, re.S).group(0)


@pytest.mark.django_db
def test_a_row_shows_every_cell_escaped(client, cast):
    person = UserFactory(username="cv.an", first_name="Trần Thị", last_name="Bình")
    task = TaskFactory(
        title='Rà soát <b>hồ sơ</b> & "thủ tục"',
        directive=DirectiveFactory(number="132", symbol="KH-UBND"),
        lead_unit=cast.unit_a,
        assignee=person,
        deadline=dt.date(2026, 12, 31),
        original_deadline=dt.date(2026, 11, 30),
        progress=40,
    )
    html = page(client, cast.chairman)
    assert squeeze(row(html, task.pk)) == squeeze(
        f'<tr data-task="{task.pk}">'
        f'<td class="task-title"><a href="/nhiem-vu/{task.pk}/" class="fw-semibold">'
        "Rà soát &lt;b&gt;hồ sơ&lt;/b&gt; &amp; &quot;thủ tục&quot;</a></td>"
        '<td class="text-nowrap">132/KH-UBND</td>'
        "<td>Nội vụ</td>"
        "<td>Trần Thị Bình</td>"
        '<td class="text-nowrap">31/12/2026<br><small class="text-body-secondary">ban đầu 30/11/2026</small></td>'
        '<td><span class="badge text-bg-primary" data-category="in_time">Đang thực hiện trong hạn</span></td>'
        '<td class="text-end">40%</td>'
        '<td class="text-nowrap"></td>'
        "</tr>"
    )


@pytest.mark.django_db
def test_rows_without_deadline_directive_or_assignee_and_done_rows(client, cast):
    continuous = TaskFactory(
        deadline=None, deadline_text="Thường xuyên <hằng tháng>", kind=Task.Kind.CONTINUOUS, directive=None
    )
    undated = TaskFactory(deadline=None, deadline_text="", kind=Task.Kind.CONTINUOUS)
    done_late = TaskFactory(
        deadline=dt.date(2026, 10, 1), status="done", completed_on=dt.date(2026, 10, 5), progress=100
    )
    overdue = TaskFactory(deadline=dt.date(2026, 11, 19))
    html = page(client, cast.chairman, category=["in_time", "overdue", "done_late"])
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row(html, continuous.pk), re.S)
    assert cells[1:4] == ["", continuous.lead_unit.short_name, ""]
    assert cells[4] == "Thường xuyên &lt;hằng tháng&gt;"
    assert '<td class="text-nowrap">Không thời hạn</td>' in row(html, undated.pk)
    late = row(html, done_late.pk)
    assert 'data-category="done_late">Hoàn thành quá hạn</span>' in late
    assert '<td class="text-end">100%</td>' in late and '<td class="text-nowrap">05/10/2026</td>' in late
    assert 'class="badge text-bg-danger" data-category="overdue">Quá hạn</span>' in row(html, overdue.pk)


@pytest.mark.django_db
def test_the_office_gets_a_checkbox_per_row_and_a_select_all(client, cast):
    task = TaskFactory(title="Báo cáo <quý>")
    html = page(client, cast.office)
    assert (
        f'<td><input type="checkbox" class="form-check-input js-select-row" form="bulk-form" name="tasks"'
        f' value="{task.pk}" aria-label="Chọn: Báo cáo &lt;quý&gt;"></td>'
    ) in row(html, task.pk)
    assert 'class="form-check-input js-select-all" aria-label="Chọn tất cả trên trang"' in html
    assert "js-select" not in page(client, cast.chairman)


@pytest.mark.django_db
def test_header_links_toggle_the_sort_and_keep_the_filters(client, cast):
    TaskFactory()
    html = page(client, cast.chairman, category="overdue", sort="-deadline", page="1")
    headers = re.findall(r'<th ([^>]*)scope="col">(.*?)</th>', html, re.S)
    assert [squeeze(cell) for _attrs, cell in headers] == [
        '<a href="?category=overdue&amp;sort=title&amp;page=1">Nhiệm vụ</a>',
        '<a href="?category=overdue&amp;sort=directive&amp;page=1">Văn bản</a>',
        '<a href="?category=overdue&amp;sort=lead_unit&amp;page=1">Chủ trì</a>',
        '<a href="?category=overdue&amp;sort=assignee&amp;page=1">Chuyên viên</a>',
        '<a href="?category=overdue&amp;sort=deadline&amp;page=1">Thời hạn</a>',
        "Tình trạng",
        '<a href="?category=overdue&amp;sort=progress&amp;page=1">Tiến độ</a>',
        '<a href="?category=overdue&amp;sort=completed_on&amp;page=1">Hoàn thành</a>',
    ]
    assert [attrs.strip() for attrs, _cell in headers] == [
        'class="orderable task-title"',
        'class="orderable"',
        'class="orderable"',
        'class="orderable"',
        'class="desc orderable"',
        "",
        'class="orderable"',
        'class="orderable"',
    ]
    html = squeeze(page(client, cast.chairman, sort="title"))
    assert '<th class="asc orderable task-title" scope="col"><a href="?sort=-title">' in html


@pytest.mark.django_db
def test_pagination_links(client, cast):
    Task.objects.bulk_create(
        [
            Task(
                title=f"Nhiệm vụ {i}",
                lead_unit=cast.unit_a,
                deadline=dt.date(2026, 12, 1),
                original_deadline=dt.date(2026, 12, 1),
                search_text=f"nhiem vu {i}",
            )
            for i in range(25 * 12 + 1)
        ]
    )
    html = page(client, cast.chairman, q="nhiem", page="3")
    nav = squeeze(re.search(r'<nav aria-label="Phân trang">.*?</nav>', html, re.S).group(0))
    assert nav.startswith(
        '<nav aria-label="Phân trang"><ul class="pagination justify-content-center">'
        '<li class="previous page-item"><a href="?q=nhiem&amp;page=2" class="page-link">'
        '<span aria-hidden="true">&laquo;</span>Trang trước</a></li>'
        '<li class="page-item"><a class="page-link" href="?q=nhiem&amp;page=1">1</a></li>'
    )
    assert '<li class="page-item active"><a class="page-link" href="?q=nhiem&amp;page=3">3</a></li>' in nav
    assert '<li class="page-item"><a class="page-link">...</a></li>' in nav
    assert '<a class="page-link" href="?q=nhiem&amp;page=13">13</a>' in nav
    assert nav.endswith(
        '<li class="next page-item"><a href="?q=nhiem&amp;page=4" class="page-link">Trang sau'
        '<span aria-hidden="true">&raquo;</span></a></li></ul></nav>'
    )
    assert "301 nhiệm vụ" in html
    last = page(client, cast.chairman, q="nhiem", page="999")  # past the end: the last page
    assert len(re.findall(r"<tr data-task=", last)) == 1
    assert "next page-item" not in last and "Phân trang" in last
    assert "Phân trang" not in page(client, cast.chairman, q="nhiem vu 300")


@pytest.mark.django_db
def test_empty_list_says_so(client, cast):
    html = page(client, cast.chairman, q="không có gì")
    assert '<tr><td colspan="8">Không có nhiệm vụ nào phù hợp.</td></tr>' in html
    html = page(client, cast.office, q="không có gì")
    assert '<tr><td colspan="9">Không có nhiệm vụ nào phù hợp.</td></tr>' in html
