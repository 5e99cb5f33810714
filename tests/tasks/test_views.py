"""The task pages through HTTP: lists and filters, the task page, every write for every role."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tasks import services
from tasks.models import Evidence, ExtensionRequest, ProgressUpdate, Task, TaskEvent
from tests.factories import DirectiveFactory, TaskFactory, UnitFactory
from units.models import Unit

TODAY = dt.date(2026, 11, 20)  # a Friday
PDF = b"%PDF-1.4\n%test\n"


@pytest.fixture(autouse=True)
def _frozen_and_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC), tick=False):
        yield


def ids(response):
    return {row.record.pk for row in response.context["table"].page.object_list}


def login(client, user):
    client.force_login(user)
    return client


# --- lists ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_list_requires_login(client):
    response = client.get(reverse("tasks:list"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


@pytest.mark.django_db
def test_category_filter_and_recurring_series_not_listed(client, cast):
    overdue = TaskFactory(lead_unit=cast.unit_a, deadline=dt.date(2026, 11, 1))
    in_time = TaskFactory(lead_unit=cast.unit_a, deadline=dt.date(2027, 1, 1))
    late = TaskFactory(
        lead_unit=cast.unit_a, deadline=dt.date(2026, 10, 1), status="done", completed_on=dt.date(2026, 10, 5)
    )
    series = TaskFactory(
        lead_unit=cast.unit_a, kind=Task.Kind.RECURRING, recurrence_rule="FREQ=MONTHLY", deadline=None
    )
    login(client, cast.office)
    assert ids(client.get(reverse("tasks:list"))) == {overdue.pk, in_time.pk, late.pk}
    assert ids(client.get(reverse("tasks:list"), {"category": "overdue"})) == {overdue.pk}
    assert ids(client.get(reverse("tasks:list") + "?category=overdue&category=done_late")) == {
        overdue.pk,
        late.pk,
    }
    assert ids(client.get(reverse("tasks:list"), {"kind": "recurring"})) == {series.pk}


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["cai cach", "CẢI CÁCH", "Cai Cách", "đan", "dan"])
def test_text_search_ignores_accents_and_case(client, cast, query):
    hit = services.task_create(
        actor=cast.office, title="Cải cách hành chính – Đan Phượng", lead_unit=cast.unit_a
    )
    services.task_create(actor=cast.office, title="An toàn thực phẩm", lead_unit=cast.unit_a)
    login(client, cast.office)
    assert ids(client.get(reverse("tasks:list"), {"q": query})) == {hit.pk}


@pytest.mark.django_db
@pytest.mark.parametrize(("after", "before"), [("01/11/2026", "30/11/2026"), ("2026-11-01", "2026-11-30")])
def test_deadline_range_in_both_date_formats(client, cast, after, before):
    inside = TaskFactory(deadline=dt.date(2026, 11, 30))
    TaskFactory(deadline=dt.date(2026, 12, 1))
    TaskFactory(deadline=dt.date(2026, 10, 31))
    login(client, cast.office)
    response = client.get(reverse("tasks:list"), {"deadline_after": after, "deadline_before": before})
    assert ids(response) == {inside.pk}


@pytest.mark.django_db
def test_invalid_date_shows_a_vietnamese_error(client, cast):
    TaskFactory()
    login(client, cast.office)
    response = client.get(reverse("tasks:list"), {"deadline_after": "31/02/2026"})
    assert "Ngày không hợp lệ" in response.content.decode()


@pytest.mark.django_db
def test_unit_kind_directive_and_completed_filters(client, cast):
    directive = DirectiveFactory()
    commune_task = TaskFactory(lead_unit=cast.commune, directive=directive)
    done = TaskFactory(
        lead_unit=cast.unit_a, directive=directive, status="done", completed_on=dt.date(2026, 3, 3)
    )
    TaskFactory(lead_unit=cast.unit_b)
    login(client, cast.office)
    assert ids(client.get(reverse("tasks:list"), {"unit_kind": Unit.Kind.COMMUNE})) == {commune_task.pk}
    assert ids(client.get(reverse("tasks:list"), {"directive": directive.pk})) == {commune_task.pk, done.pk}
    assert ids(client.get(reverse("tasks:list"), {"unit": cast.unit_a.pk})) == {done.pk}
    response = client.get(
        reverse("tasks:list"), {"completed_after": "01/03/2026", "completed_before": "31/03/2026"}
    )
    assert ids(response) == {done.pk}


@pytest.mark.django_db
def test_sorting_by_deadline_puts_undated_last(client, cast):
    later = TaskFactory(deadline=dt.date(2027, 1, 1))
    undated = TaskFactory(deadline=None, kind=Task.Kind.CONTINUOUS)
    sooner = TaskFactory(deadline=dt.date(2026, 12, 1))
    login(client, cast.office)
    rows = client.get(reverse("tasks:list"), {"sort": "deadline"}).context["table"].page.object_list
    assert [r.record.pk for r in rows] == [sooner.pk, later.pk, undated.pk]
    rows = client.get(reverse("tasks:list"), {"sort": "-deadline"}).context["table"].page.object_list
    assert [r.record.pk for r in rows] == [later.pk, sooner.pk, undated.pk]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "column", ["title", "directive", "lead_unit", "assignee", "deadline", "progress", "completed_on"]
)
def test_table_renders_ordered_by_each_column(client, cast, column):
    TaskFactory(assignee=cast.specialist_a)
    TaskFactory()
    login(client, cast.office)
    for sort in (column, f"-{column}"):
        assert client.get(reverse("tasks:list"), {"sort": sort}).status_code == 200


@pytest.mark.django_db
def test_others_see_only_their_units_tasks(client, cast, task_a):
    other = TaskFactory(lead_unit=cast.commune)
    login(client, cast.head_b)  # B cooperates on task_a
    assert ids(client.get(reverse("tasks:list"))) == {task_a.pk}
    login(client, cast.nobody)
    assert ids(client.get(reverse("tasks:list"))) == set()
    login(client, cast.chairman)
    assert ids(client.get(reverse("tasks:list"))) == {task_a.pk, other.pk}


@pytest.mark.django_db
def test_unit_list_led_and_cooperating(client, cast, task_a):
    own = TaskFactory(lead_unit=cast.unit_b)
    TaskFactory(lead_unit=cast.commune)
    login(client, cast.head_b)
    assert ids(client.get(reverse("tasks:unit"))) == {own.pk, task_a.pk}
    assert ids(client.get(reverse("tasks:unit"), {"role": "lead"})) == {own.pk}
    assert ids(client.get(reverse("tasks:unit"), {"role": "coop"})) == {task_a.pk}


@pytest.mark.django_db
def test_my_tasks(client, cast, task_a):
    TaskFactory(lead_unit=cast.unit_a)
    login(client, cast.specialist_a)
    response = client.get(reverse("tasks:mine"))
    assert ids(response) == {task_a.pk}
    assert "Việc của tôi" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("count", [3, 30])
def test_list_queries_do_not_grow(client, cast, count, django_assert_max_num_queries):
    for i in range(count):
        task = TaskFactory(
            lead_unit=cast.unit_a if i % 2 else cast.commune,
            assignee=cast.specialist_a,
            deadline=dt.date(2026, 11, 1),
        )
        task.cooperating_units.add(cast.unit_b)
    login(client, cast.office)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("tasks:list"), {"category": "overdue", "sort": "deadline"})
    assert len(ids(response)) == min(count, 25)
    login(client, cast.head_b)
    with django_assert_max_num_queries(12):
        client.get(reverse("tasks:unit"), {"role": "coop", "category": "overdue"})


@pytest.mark.django_db
def test_export_csv_has_bom_and_the_filtered_rows(client, cast):
    TaskFactory(title="Rà soát thủ tục hành chính", lead_unit=cast.unit_a, deadline=dt.date(2026, 11, 1))
    TaskFactory(title="Không quá hạn", lead_unit=cast.unit_a, deadline=dt.date(2027, 1, 1))
    login(client, cast.office)
    response = client.get(reverse("tasks:export"), {"format": "csv", "category": "overdue"})
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][2] == "Nhiệm vụ" and len(rows) == 2
    assert (
        rows[1][2] == "Rà soát thủ tục hành chính"
        and rows[1][10] == "01/11/2026"
        and rows[1][11] == "Quá hạn"
    )


@pytest.mark.django_db
def test_export_xlsx_opens_with_openpyxl(client, cast, task_a):
    login(client, cast.office)
    response = client.get(reverse("tasks:export"), {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][5] == "Đơn vị chủ trì"
    assert values[1][2] == task_a.title and values[1][5] == "Phòng Nội vụ" and values[1][6] == "Phòng Tư pháp"
    assert values[1][10] == dt.datetime(2026, 12, 31)


@pytest.mark.django_db
def test_export_respects_visibility(client, cast, task_a):
    TaskFactory(lead_unit=cast.commune)
    login(client, cast.head_b)
    body = b"".join(client.get(reverse("tasks:export"), {"format": "csv"}).streaming_content).decode(
        "utf-8-sig"
    )
    assert len(list(csv.reader(io.StringIO(body)))) == 2


# --- the task page ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_task_page_shows_clause_units_deadlines_history(client, cast):
    directive = DirectiveFactory(number="145", symbol="KH-UBND", issued_on=dt.date(2026, 9, 1))
    task = services.task_create(
        actor=cast.office,
        title="Rà soát thủ tục hành chính",
        lead_unit=cast.unit_a,
        cooperating_units=[cast.unit_b],
        directive=directive,
        deadline=dt.date(2026, 11, 30),
    )
    services.task_change_deadline(
        task=task, actor=cast.office, deadline=dt.date(2026, 12, 15), reason="Theo chỉ đạo"
    )
    login(client, cast.head_a)
    body = client.get(task.get_absolute_url()).content.decode()
    for text in [
        "145/KH-UBND",
        "Phòng Nội vụ",
        "Phòng Tư pháp",
        "15/12/2026",
        "30/11/2026",
        "Đổi thời hạn",
        "Theo chỉ đạo",
    ]:
        assert text in body


@pytest.mark.django_db
def test_task_page_forbidden_to_outsiders(client, cast, task_a):
    login(client, cast.nobody)
    assert client.get(task_a.get_absolute_url()).status_code == 403
    login(client, cast.head_b)  # cooperating: may look
    assert client.get(task_a.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_history_has_no_edit_or_delete(client, cast, task_a):
    services.task_pause(task=task_a, actor=cast.office, reason="Chờ")
    login(client, cast.admin)
    body = client.get(task_a.get_absolute_url()).content.decode()
    assert "Tạm dừng" in body
    event = TaskEvent.objects.get()
    assert (
        client.post(reverse("admin:tasks_taskevent_delete", args=[event.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert TaskEvent.objects.filter(pk=event.pk).exists()


# --- writes: permissions ---------------------------------------------------------------------

WRITES = {
    # name: (url name, post data, roles allowed on task_a)
    "progress": (
        "tasks:progress",
        {"p-version": 1, "p-percent": 40, "p-note": "Đang làm"},
        {"head_a", "deputy_a", "specialist_a", "admin"},
    ),
    "complete": (
        "tasks:complete",
        {"c-version": 1, "c-completed_on": "20/11/2026", "c-note": "Xong"},
        {"head_a", "deputy_a", "specialist_a", "admin"},
    ),
    "contribute": ("tasks:contribute", {"k-unit": "B", "k-note": "Ý kiến"}, {"head_b"}),
    "extension_request": (
        "tasks:extension_request",
        {"requested_deadline": "31/01/2027", "reason": "Chờ số liệu"},
        {"head_a", "deputy_a", "specialist_a", "admin"},
    ),
    "pause": ("tasks:pause", {"version": 1, "reason": "Chờ"}, {"office", "admin"}),
    "cancel": ("tasks:cancel", {"version": 1, "reason": "Trùng"}, {"office", "admin"}),
    "deadline": (
        "tasks:deadline",
        {"version": 1, "deadline": "15/01/2027", "reason": "Điều chỉnh"},
        {"office", "admin"},
    ),
    "reassign": (
        "tasks:reassign",
        {"version": 1, "lead_unit": "COMMUNE", "reason": "Đúng địa bàn"},
        {"office", "admin"},
    ),
    "edit": ("tasks:edit", {"version": 1, "title": "Tên mới", "description": ""}, {"office", "admin"}),
    "assign": ("tasks:assign", {"version": 1, "assignee": "", "note": ""}, {"head_a", "deputy_a", "admin"}),
}
ROLES = ["office", "chairman", "vice", "head_a", "deputy_a", "specialist_a", "head_b", "admin", "nobody"]


@pytest.mark.django_db
@pytest.mark.parametrize("write", list(WRITES))
@pytest.mark.parametrize("role", ROLES)
def test_write_permission_matrix(client, cast, task_a, write, role):
    url_name, data, allowed = WRITES[write]
    data = {
        k: (cast.unit_b.pk if v == "B" else cast.commune.pk if v == "COMMUNE" else v) for k, v in data.items()
    }
    login(client, cast.users()[role])
    before = TaskEvent.objects.count()
    response = client.post(reverse(url_name, args=[task_a.pk]), data)
    if role in allowed:
        assert response.status_code == 302, response.content.decode()[:2000]
        assert TaskEvent.objects.count() > before
    else:
        assert response.status_code == 403
        assert TaskEvent.objects.count() == before


@pytest.mark.django_db
def test_head_of_unit_a_cannot_update_a_task_of_unit_b(client, cast):
    task_b = TaskFactory(lead_unit=cast.unit_b)
    login(client, cast.head_a)
    response = client.post(
        reverse("tasks:progress", args=[task_b.pk]), {"p-version": 1, "p-percent": 50, "p-note": "x"}
    )
    assert response.status_code == 403
    assert not ProgressUpdate.objects.exists()


@pytest.mark.django_db
def test_cooperating_unit_cannot_complete(client, cast, task_a):
    login(client, cast.head_b)
    response = client.post(
        reverse("tasks:complete", args=[task_a.pk]), {"c-version": 1, "c-completed_on": "20/11/2026"}
    )
    assert response.status_code == 403
    task_a.refresh_from_db()
    assert task_a.status == "open"


@pytest.mark.django_db
def test_extension_decision_only_by_leadership(client, cast, task_a):
    ext = services.extension_request_create(
        task=task_a, actor=cast.head_a, requested_deadline=dt.date(2027, 1, 31), reason="Chờ"
    )
    url = reverse("tasks:extension_decide", args=[ext.pk])
    for role in ["office", "head_a", "head_b", "nobody"]:
        login(client, cast.users()[role])
        assert client.post(url, {"d-decision": "approve"}).status_code == 403
    login(client, cast.vice)
    response = client.post(
        url, {"d-decision": "approve", "d-note": "Đồng ý", "next": reverse("tasks:extensions")}
    )
    assert response.status_code == 302 and response["Location"] == reverse("tasks:extensions")
    task_a.refresh_from_db()
    assert task_a.deadline == dt.date(2027, 1, 31) and task_a.original_deadline == dt.date(2026, 12, 31)


@pytest.mark.django_db
def test_extension_list_for_leadership_with_nav_count(client, cast, task_a):
    services.extension_request_create(
        task=task_a, actor=cast.head_a, requested_deadline=dt.date(2027, 1, 31), reason="Chờ số liệu kho bạc"
    )
    login(client, cast.chairman)
    body = client.get(reverse("tasks:extensions")).content.decode()
    assert "Chờ số liệu kho bạc" in body and "31/01/2027" in body
    assert 'Đề nghị gia hạn <span class="badge text-bg-warning">1</span>' in body
    login(client, cast.commune and cast.head_b)
    assert client.get(reverse("tasks:extensions")).status_code == 200


@pytest.mark.django_db
def test_reject_without_note_is_an_error(client, cast, task_a):
    ext = services.extension_request_create(
        task=task_a, actor=cast.head_a, requested_deadline=dt.date(2027, 1, 31), reason="Chờ"
    )
    login(client, cast.chairman)
    response = client.post(reverse("tasks:extension_decide", args=[ext.pk]), {"d-decision": "reject"})
    assert response.status_code == 400 and "Vui lòng ghi ý kiến" in response.content.decode()
    assert ExtensionRequest.objects.get().status == "pending"


# --- writes: behaviour --------------------------------------------------------------------------


@pytest.mark.django_db
def test_progress_with_htmx_returns_the_updated_page_part(client, cast, task_a):
    login(client, cast.specialist_a)
    upload = SimpleUploadedFile("kiem-chung.pdf", PDF, content_type="application/pdf")
    response = client.post(
        reverse("tasks:progress", args=[task_a.pk]),
        {"p-version": 1, "p-percent": 60, "p-note": "Đã khảo sát 7/13 xã", "p-files": [upload]},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="task-page">') and "<html" not in body
    assert "Đã ghi nhận báo cáo tiến độ" in body and "kiem-chung.pdf" in body
    assert 'name="p-version" value="2"' in body  # the next save carries the new version
    task_a.refresh_from_db()
    assert task_a.progress == 60


@pytest.mark.django_db
def test_progress_without_javascript_redirects_with_a_message(client, cast, task_a):
    login(client, cast.head_a)
    response = client.post(
        reverse("tasks:progress", args=[task_a.pk]),
        {"p-version": 1, "p-percent": 20, "p-note": "Bắt đầu"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == task_a.get_absolute_url()
    assert "Đã ghi nhận báo cáo tiến độ" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"p-percent": 101, "p-note": "x"}, "Tiến độ phải từ 0 đến 100%"),
        ({"p-percent": -5, "p-note": "x"}, "Tiến độ phải từ 0 đến 100%"),
        ({"p-percent": 50, "p-note": ""}, "Vui lòng nhập nội dung báo cáo"),
    ],
)
def test_bad_progress_input_gets_vietnamese_errors(client, cast, task_a, data, message):
    login(client, cast.head_a)
    response = client.post(reverse("tasks:progress", args=[task_a.pk]), {"p-version": 1, **data})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ProgressUpdate.objects.exists()


@pytest.mark.django_db
def test_disallowed_and_oversized_files(client, cast, task_a, settings):
    login(client, cast.head_a)
    exe = SimpleUploadedFile("setup.exe", b"MZ\x90\x00")
    response = client.post(
        reverse("tasks:progress", args=[task_a.pk]), {"p-version": 1, "p-note": "x", "p-files": [exe]}
    )
    assert response.status_code == 400 and "không đúng loại cho phép" in response.content.decode()
    settings.DONDOC = {**settings.DONDOC, "EVIDENCE_MAX_BYTES": 8}
    big = SimpleUploadedFile("bao-cao.pdf", PDF)
    response = client.post(
        reverse("tasks:progress", args=[task_a.pk]), {"p-version": 1, "p-note": "x", "p-files": [big]}
    )
    assert response.status_code == 400 and "vượt quá giới hạn" in response.content.decode()
    assert not Evidence.objects.exists() and not ProgressUpdate.objects.exists()


@pytest.mark.django_db
def test_two_people_editing_the_second_gets_the_conflict_message(client, cast, task_a):
    first, second = client, client.__class__()
    login(first, cast.head_a)
    login(second, cast.deputy_a)
    url = reverse("tasks:progress", args=[task_a.pk])
    assert (
        first.post(url, {"p-version": 1, "p-percent": 30, "p-note": "Trưởng phòng báo cáo"}).status_code
        == 302
    )
    response = second.post(url, {"p-version": 1, "p-percent": 70, "p-note": "Phó phòng báo cáo"})
    assert response.status_code == 409
    assert "Nhiệm vụ vừa được người khác cập nhật, vui lòng tải lại trang" in response.content.decode()
    task_a.refresh_from_db()
    assert task_a.progress == 30
    assert list(ProgressUpdate.objects.values_list("note", flat=True)) == ["Trưởng phòng báo cáo"]


@pytest.mark.django_db
def test_conflict_on_an_office_action(client, cast, task_a):
    services.task_progress_record(task=task_a, actor=cast.head_a, unit=cast.unit_a, note="x", percent=10)
    login(client, cast.office)
    response = client.post(
        reverse("tasks:deadline", args=[task_a.pk]), {"version": 1, "deadline": "15/01/2027", "reason": "x"}
    )
    assert response.status_code == 409 and "vui lòng tải lại trang" in response.content.decode()
    task_a.refresh_from_db()
    assert task_a.deadline == dt.date(2026, 12, 31)


@pytest.mark.django_db
def test_complete_marks_done_on_time_with_htmx(client, cast, task_a):
    login(client, cast.head_a)
    response = client.post(
        reverse("tasks:complete", args=[task_a.pk]),
        {"c-version": 1, "c-completed_on": "2026-11-19", "c-note": "Đã hoàn thành"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200 and "hoàn thành đúng hạn" in response.content.decode()
    task_a.refresh_from_db()
    assert task_a.status == "done" and task_a.completed_on == dt.date(2026, 11, 19)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("21/11/2026", "không thể sau hôm nay"),
        ("31/13/2026", "Ngày không hợp lệ"),
        ("01/01/2026", "trước ngày ban hành"),
    ],
)
def test_complete_with_bad_dates(client, cast, task_a, day, message):
    login(client, cast.head_a)
    response = client.post(
        reverse("tasks:complete", args=[task_a.pk]), {"c-version": 1, "c-completed_on": day}
    )
    assert response.status_code == 400 and message in response.content.decode()
    task_a.refresh_from_db()
    assert task_a.status == "open"


@pytest.mark.django_db
def test_deadline_before_directive_date_via_form(client, cast):
    directive = DirectiveFactory(issued_on=dt.date(2026, 9, 1))
    task = TaskFactory(directive=directive, lead_unit=cast.unit_a, deadline=dt.date(2026, 10, 1))
    login(client, cast.office)
    response = client.post(
        reverse("tasks:deadline", args=[task.pk]), {"version": 1, "deadline": "15/08/2026", "reason": "x"}
    )
    assert (
        response.status_code == 400
        and "trước ngày ban hành văn bản (01/09/2026)" in response.content.decode()
    )


@pytest.mark.django_db
def test_action_pages_render(client, cast, task_a):
    login(client, cast.office)
    for name in ["pause", "cancel", "deadline", "reassign", "edit"]:
        assert client.get(reverse(f"tasks:{name}", args=[task_a.pk])).status_code == 200
    login(client, cast.head_a)
    for name in ["assign", "extension_request"]:
        assert client.get(reverse(f"tasks:{name}", args=[task_a.pk])).status_code == 200


# --- evidence ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_evidence_is_served_only_to_those_who_see_the_task(client, cast, task_a):
    update = services.task_progress_record(
        task=task_a,
        actor=cast.head_a,
        unit=cast.unit_a,
        note="x",
        files=[SimpleUploadedFile("Báo cáo số 1.pdf", PDF)],
    )
    url = reverse("tasks:evidence", args=[update.evidence.get().pk])
    login(client, cast.head_b)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf" and response["X-Content-Type-Options"] == "nosniff"
    login(client, cast.nobody)
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302


# --- bulk --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_bulk_reassign_selected(client, cast):
    tasks = [TaskFactory(lead_unit=cast.unit_a) for _ in range(3)]
    login(client, cast.office)
    response = client.post(
        reverse("tasks:bulk"),
        {
            "action": "reassign",
            "lead_unit": cast.unit_b.pk,
            "reason": "Sắp xếp lại",
            "scope": "selected",
            "tasks": [tasks[0].pk, tasks[1].pk],
            "filters": f"unit={cast.unit_a.pk}",
        },
        follow=True,
    )
    assert "Đã giao lại 2 nhiệm vụ" in response.content.decode()
    assert Task.objects.filter(lead_unit=cast.unit_b).count() == 2
    assert TaskEvent.objects.filter(kind="lead_unit").count() == 2


@pytest.mark.django_db
def test_bulk_shift_all_matching_the_filter(client, cast):
    mine = [TaskFactory(lead_unit=cast.unit_a, deadline=dt.date(2026, 12, 1)) for _ in range(2)]
    other = TaskFactory(lead_unit=cast.unit_b, deadline=dt.date(2026, 12, 1))
    login(client, cast.office)
    client.post(
        reverse("tasks:bulk"),
        {
            "action": "shift",
            "days": 10,
            "reason": "Lùi lịch",
            "scope": "all",
            "filters": f"unit={cast.unit_a.pk}",
        },
    )
    assert {t.deadline for t in Task.objects.filter(pk__in=[t.pk for t in mine])} == {dt.date(2026, 12, 11)}
    other.refresh_from_db()
    assert other.deadline == dt.date(2026, 12, 1)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["head_a", "chairman", "nobody"])
def test_bulk_is_for_the_office_only(client, cast, role):
    task = TaskFactory(lead_unit=cast.unit_a)
    login(client, cast.users()[role])
    response = client.post(
        reverse("tasks:bulk"),
        {"action": "shift", "days": 3, "reason": "x", "scope": "selected", "tasks": [task.pk]},
    )
    assert response.status_code == 403


@pytest.mark.django_db
def test_unit_page_counts_link_to_the_filtered_list(client, cast, task_a):
    login(client, cast.office)
    body = client.get(cast.unit_a.get_absolute_url()).content.decode()
    assert f"{reverse('tasks:list')}?unit={cast.unit_a.pk}&amp;category=in_time" in body


@pytest.mark.django_db
def test_nav_items_per_role(client, cast):
    UnitFactory()
    login(client, cast.head_a)
    body = client.get(reverse("tasks:list")).content.decode()
    assert "Đơn vị tôi" in body and "Đề nghị gia hạn" not in body
    login(client, cast.specialist_a)
    assert "Việc của tôi" in client.get(reverse("tasks:list")).content.decode()


@pytest.mark.django_db
def test_htmx_conflict_is_shown_in_the_swapped_part(client, cast, task_a):
    services.task_pause(task=task_a, actor=cast.office, reason="Chờ")
    services.task_reopen(task=task_a, actor=cast.office, reason="Tiếp tục")
    login(client, cast.head_a)
    response = client.post(
        reverse("tasks:progress", args=[task_a.pk]),
        {"p-version": 1, "p-percent": 40, "p-note": "Báo cáo cũ"},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert "Nhiệm vụ vừa được người khác cập nhật, vui lòng tải lại trang" in body
    assert not ProgressUpdate.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "message"),
    [("30/12/2026", "phải sau thời hạn hiện tại"), ("hôm qua", "Ngày không hợp lệ")],
)
def test_extension_request_with_bad_dates(client, cast, task_a, day, message):
    login(client, cast.head_a)
    response = client.post(
        reverse("tasks:extension_request", args=[task_a.pk]), {"requested_deadline": day, "reason": "Chờ"}
    )
    assert response.status_code == 400 and message in response.content.decode()
    assert not ExtensionRequest.objects.exists()


@pytest.mark.django_db
def test_demo_district_changes_go_through_services():
    from units.demo import seed_demo_district

    seed_demo_district(today=TODAY)
    paused = Task.objects.get(status="paused")
    assert paused.events.filter(kind="paused", note="Chờ kết luận thanh tra của tỉnh.").exists()
    assert paused.version == 2
    cancelled = Task.objects.get(status="cancelled")
    assert cancelled.events.filter(kind="cancelled").exists()
    pending = ExtensionRequest.objects.get(status="pending")
    assert pending.task.events.filter(kind="extension_requested").exists()


def test_task_page_counts_days_overdue_in_working_days_with_calendar_days_in_a_tooltip(client, cast):
    import time_machine

    # deadline Friday 05/06/2026; today Tuesday 09/06/2026: 2 working days, 4 calendar days
    task = TaskFactory(
        lead_unit=cast.unit_a, deadline=dt.date(2026, 6, 5), original_deadline=dt.date(2026, 6, 5)
    )
    client.force_login(cast.office)
    with time_machine.travel(dt.datetime(2026, 6, 9, 2, 0, tzinfo=dt.UTC), tick=False):
        html = client.get(task.get_absolute_url()).content.decode()
    assert "Quá hạn 2 ngày làm việc" in html
    assert 'title="4 ngày theo lịch"' in html
