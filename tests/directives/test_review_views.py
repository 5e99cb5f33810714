"""The review screen through HTTP: the page, every edit (htmx and plain posts), stale tabs,
learned aliases, confirm, and the role matrix for every write."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from directives.models import IntakeDraft
from units.models import UnitAlias, UnitGroup

HTMX = {"HTTP_HX_REQUEST": "true"}
TODAY = dt.datetime(2026, 3, 10, 9, 0)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def _draft_data(cast) -> dict:
    row = {
        "include": True,
        "text": "",
        "coop_unit_ids": [],
        "lead_names": [],
        "coop_names": [],
        "unresolved": [],
        "deadline": None,
        "deadline_text": "",
        "recurrence": "",
        "is_request": False,
        "flags": [],
        "relevant": None,
        "pair_of": None,
    }
    return {
        "meta": {
            "kind": "cong_van",
            "number": "45",
            "symbol": "UBND-VP",
            "issuer": "UBND huyện",
            "issued_on": "2026-03-02",
            "subject": "Triển khai nhiệm vụ",
            "urgency": "thuong",
            "instruction": "",
            "processing_deadline": None,
        },
        "clauses": [
            {"id": 1, "label": "I.", "text": "NHIỆM VỤ", "parent": None, "is_heading": True, "depth": 0},
            {
                "id": 2,
                "label": "1.",
                "text": "Phòng Nội vụ rà soát hồ sơ.",
                "parent": 1,
                "is_heading": False,
                "depth": 1,
            },
            {
                "id": 3,
                "label": "2.",
                "text": "Phòng Tư pháp tập huấn.",
                "parent": 1,
                "is_heading": False,
                "depth": 1,
            },
            {
                "id": 4,
                "label": "3.",
                "text": "Phòng Tư pháp tổ chức hội nghị trước ngày 20/3/2026.",
                "parent": 1,
                "is_heading": False,
                "depth": 1,
            },
        ],
        "rows": [
            {
                **row,
                "id": "r1",
                "clause_id": 2,
                "source": "body",
                "title": "Rà soát hồ sơ",
                "lead_unit_ids": [cast.unit_a.pk],
                "deadline": "2026-03-05",
                "deadline_text": "trước ngày 05/3/2026",
                "flags": ["lead_from_heading", "something_new"],
            },
            {
                **row,
                "id": "r2",
                "clause_id": 3,
                "source": "body",
                "title": "Tập huấn",
                "lead_unit_ids": [],
                "lead_names": ["Trung tâm Chuyển đổi số"],
                "unresolved": ["Trung tâm Chuyển đổi số"],
            },
            {
                **row,
                "id": "r3",
                "clause_id": None,
                "source": "table",
                "title": "Báo cáo",
                "lead_unit_ids": [cast.unit_b.pk],
                "include": False,
                "relevant": False,
            },
        ],
        "whole_document": None,
        "references": [],
        "warnings": [],
    }


@pytest.fixture
def draft(cast):
    return IntakeDraft.objects.create(
        created_by=cast.office,
        status=IntakeDraft.Status.READY,
        source_name="cv-45.docx",
        data=_draft_data(cast),
    )


def _edit(client, draft, htmx=True, **post):
    post.setdefault("version", str(draft.version))
    return client.post(
        reverse("directives:intake_review_edit", args=[draft.pk]), post, **(HTMX if htmx else {})
    )


def test_page_shows_clauses_rows_flags_and_warnings(client, cast, draft):
    client.force_login(cast.office)
    response = client.get(reverse("directives:intake_review", args=[draft.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="clause-2"' in html and "Tạo nhiệm vụ từ mục này" in html
    assert 'id="row-r1"' in html and 'href="#clause-2"' in html and 'href="#row-r1"' in html
    assert "Đơn vị chủ trì lấy từ đề mục" in html and "Cần kiểm tra (something new)" in html
    assert "Hạn 05/03/2026 đã qua" in html  # today is 10/03/2026
    assert "“trước ngày 05/3/2026”" in html
    assert "Chưa xác định được đơn vị:" in html and "Gán cho đơn vị…" in html
    assert "Không giao cho đơn vị mình" in html
    assert "Chọn ít nhất một đơn vị chủ trì" in html  # r2 is included without a lead
    assert f'<option value="{cast.unit_a.pk}" selected>Phòng Nội vụ</option>' in html


def test_page_query_count_does_not_grow_with_rows(client, cast, draft, django_assert_max_num_queries):
    client.force_login(cast.office)
    url = reverse("directives:intake_review", args=[draft.pk])
    with django_assert_max_num_queries(14):
        client.get(url)
    rows = draft.data["rows"]
    draft.data["rows"] = [{**rows[0], "id": f"r{i}"} for i in range(1, 31)]
    draft.save()
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200


def test_bulk_set_lead_and_deadline_rerenders_changed_rows(client, cast, draft):
    client.force_login(cast.office)
    response = _edit(
        client, draft, op="bulk_set", rows=["r1", "r2"], lead=[str(cast.unit_b.pk)], deadline="20/03/2026"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="row-r1" ' in html and 'id="row-r2" ' in html and 'id="row-r3" ' not in html
    assert 'id="draft-version" data-version="2"' in html
    draft.refresh_from_db()
    rows = {r["id"]: r for r in draft.data["rows"]}
    assert rows["r1"]["lead_unit_ids"] == rows["r2"]["lead_unit_ids"] == [cast.unit_b.pk]
    assert rows["r1"]["deadline"] == rows["r2"]["deadline"] == "2026-03-20"
    assert draft.version == 2


def test_group_in_a_picker_expands_to_its_members(client, cast, draft):
    group = UnitGroup.objects.create(name="UBND các xã, thị trấn", kinds=["commune"])
    client.force_login(cast.office)
    _edit(client, draft, op="bulk_set", rows=["r2"], lead=[f"g:{group.pk}"])
    draft.refresh_from_db()
    assert draft.data["rows"][1]["lead_unit_ids"] == [cast.commune.pk]


def test_stale_tab_gets_a_message_and_nothing_is_overwritten(client, cast, draft):
    client.force_login(cast.office)
    assert (
        _edit(client, draft, op="row", row="r1", title="Bản mới", lead=[str(cast.unit_a.pk)]).status_code
        == 200
    )
    stale = _edit(
        client, draft, op="row", row="r1", title="Bản cũ", lead=[str(cast.unit_a.pk)]
    )  # version 1 again
    assert stale.status_code == 409
    assert "Bản nháp vừa được sửa ở thẻ hoặc máy khác" in stale.content.decode()
    draft.refresh_from_db()
    assert draft.data["rows"][0]["title"] == "Bản mới" and draft.version == 2


def test_row_autosave_answers_with_status_only(client, cast, draft):
    client.force_login(cast.office)
    response = _edit(
        client,
        draft,
        op="row",
        row="r1",
        title="Rà soát",
        lead=[str(cast.unit_a.pk)],
        deadline="13/03/2026",
        include="on",
    )
    html = response.content.decode()
    assert 'id="row-r1-status" hx-swap-oob="true"' in html and 'id="row-r1" ' not in html
    assert "đã qua" not in html.split('id="row-r1-status"')[1].split("</div>")[0]
    bad = _edit(client, draft, version="2", op="row", row="r1", title="x", deadline="31/02/2026")
    assert bad.status_code == 400 and "Ngày “31/02/2026” không hợp lệ" in bad.content.decode()


def test_add_split_merge_remove(client, cast, draft):
    client.force_login(cast.office)
    response = _edit(client, draft, op="add_clause", clause="4")
    assert (
        response.status_code == 200 and response["HX-Trigger-After-Settle"] == '{"rv-focus": "#row-r4-title"}'
    )
    draft.refresh_from_db()
    added = draft.data["rows"][2]
    assert added["id"] == "r4" and added["clause_id"] == 4 and added["source"] == "manual"
    assert added["title"] == "Phòng Tư pháp tổ chức hội nghị trước ngày 20/3/2026"
    _edit(client, draft, op="split", row="r1")
    draft.refresh_from_db()
    assert [r["id"] for r in draft.data["rows"]] == ["r1", "r5", "r2", "r4", "r3"]
    _edit(client, draft, op="merge", rows=["r1", "r5"])
    draft.refresh_from_db()
    assert [r["id"] for r in draft.data["rows"]] == ["r1", "r2", "r4", "r3"]
    _edit(client, draft, op="remove", row="r4")
    draft.refresh_from_db()
    assert [r["id"] for r in draft.data["rows"]] == ["r1", "r2", "r3"]
    refused = _edit(client, draft, op="remove", row="r1")
    assert refused.status_code == 400 and draft.version == 5


def test_assign_unresolved_name_and_learn_alias(client, cast, draft):
    client.force_login(cast.office)
    response = _edit(
        client, draft, op="assign", name="Trung tâm Chuyển đổi số", units=[str(cast.unit_b.pk)], learn="on"
    )
    assert "Lần sau, “Trung tâm Chuyển đổi số” sẽ tự nhận là đơn vị này." in response.content.decode()
    draft.refresh_from_db()
    assert (
        draft.data["rows"][1]["lead_unit_ids"] == [cast.unit_b.pk]
        and draft.data["rows"][1]["unresolved"] == []
    )
    alias = UnitAlias.objects.get(name="Trung tâm Chuyển đổi số")
    assert (
        alias.unit == cast.unit_b
        and alias.source == UnitAlias.Source.LEARNED
        and alias.created_by == cast.office
    )
    from directives.resolve import UnitResolver

    assert UnitResolver().resolve("Trung tâm chuyển đổi số").units == [cast.unit_b]


def test_assign_without_learning_leaves_aliases_alone(client, cast, draft):
    client.force_login(cast.office)
    _edit(client, draft, op="assign", name="Trung tâm Chuyển đổi số", units=[str(cast.unit_b.pk)])
    assert not UnitAlias.objects.exists()


def test_fill_missing_deadlines_whole_document_and_meta(client, cast, draft):
    client.force_login(cast.office)
    _edit(client, draft, op="fill_deadline", deadline="31/03/2026")
    draft.refresh_from_db()
    assert [r["deadline"] for r in draft.data["rows"]] == ["2026-03-05", "2026-03-31", None]  # r3 is excluded
    _edit(
        client,
        draft,
        op="whole",
        lead=[str(cast.unit_a.pk)],
        coop=[str(cast.unit_b.pk)],
        deadline="20/12/2026",
        instruction="Giao NV",
    )
    _edit(
        client,
        draft,
        version="3",
        op="meta",
        urgency="hoa_toc",
        instruction="Khẩn",
        processing_deadline="12/03/2026",
    )
    draft.refresh_from_db()
    assert draft.data["whole_document"] == {
        "lead_unit_ids": [cast.unit_a.pk],
        "coop_unit_ids": [cast.unit_b.pk],
        "deadline": "2026-12-20",
        "instruction": "Giao NV",
        "restore_rows": ["r1", "r2"],
    }
    assert (
        draft.data["meta"]["urgency"] == "hoa_toc"
        and draft.data["meta"]["processing_deadline"] == "2026-03-12"
    )
    page = client.get(reverse("directives:intake_review", args=[draft.pk])).content.decode()
    assert "Văn bản sẽ được giao thành một nhiệm vụ:" in page


def test_without_javascript_edits_redirect_back_with_a_message(client, cast, draft):
    client.force_login(cast.office)
    response = _edit(client, draft, htmx=False, op="exclude", rows=["r1"])
    assert response.status_code == 302
    assert response["Location"] == reverse("directives:intake_review", args=[draft.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Đã bỏ 1 dòng, sẽ không tạo." in page


def test_confirm_lists_problems_linked_to_fields(client, cast, draft):
    client.force_login(cast.office)
    response = client.post(reverse("directives:intake_review_confirm", args=[draft.pk]), {"version": "1"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Chưa lưu được. Vui lòng sửa các mục sau:" in html
    assert 'href="#row-r2-lead">Nhiệm vụ 2</a>: Chọn ít nhất một đơn vị chủ trì' in html
    draft.refresh_from_db()
    assert draft.directive_id is None


WRITES = [
    ("intake_review_edit", {"op": "exclude", "rows": ["r1"], "version": "1"}),
    ("intake_review_confirm", {"version": "1"}),
]


@pytest.mark.parametrize(
    "who", ["office", "admin", "chairman", "vice", "head_a", "deputy_a", "specialist_a", "head_b", "nobody"]
)
@pytest.mark.parametrize(("name", "post"), WRITES)
def test_role_matrix_for_review_writes(client, cast, draft, who, name, post):
    client.force_login(cast.users()[who])
    response = client.post(reverse(f"directives:{name}", args=[draft.pk]), post)
    if who in ("office", "admin"):
        assert response.status_code in (200, 302, 400)
    else:
        assert response.status_code == 403
        draft.refresh_from_db()
        assert draft.version == 1 and draft.data["rows"][0]["include"] is True


@pytest.mark.parametrize("who", ["chairman", "head_a", "nobody"])
def test_page_is_for_the_office_only(client, cast, draft, who):
    client.force_login(cast.users()[who])
    assert client.get(reverse("directives:intake_review", args=[draft.pk])).status_code == 403


def test_signed_out_is_sent_to_login(client, draft):
    response = client.get(reverse("directives:intake_review", args=[draft.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_confirm_creates_the_directive_once(client, cast, draft):
    from tasks.models import Task

    client.force_login(cast.office)
    _edit(client, draft, op="bulk_set", rows=["r2"], lead=[str(cast.unit_b.pk)])
    url = reverse("directives:intake_review_confirm", args=[draft.pk])
    first = client.post(url, {"version": "2"})
    draft.refresh_from_db()
    assert draft.status == IntakeDraft.Status.CONFIRMED
    assert first.status_code == 302 and first["Location"] == draft.directive.get_absolute_url()
    tasks = Task.objects.filter(directive=draft.directive).order_by("pk")
    assert [(t.title, t.lead_unit_id) for t in tasks] == [
        ("Rà soát hồ sơ", cast.unit_a.pk),
        ("Tập huấn", cast.unit_b.pk),
    ]  # r3 was excluded
    again = client.post(url, {"version": "2"}, follow=True)  # a double click, a retried request
    assert again.redirect_chain[-1][0] == draft.directive.get_absolute_url()
    assert "đã được tạo trước đó" in again.content.decode()
    assert Task.objects.filter(directive=draft.directive).count() == 2


def test_confirm_of_a_known_directive_needs_the_tick(client, cast, draft):
    from tests.factories import DirectiveFactory

    DirectiveFactory(number="45", symbol="UBND-VP", issuer="UBND huyện", issued_on=dt.date(2026, 3, 2))
    client.force_login(cast.office)
    _edit(client, draft, op="exclude", rows=["r2"])
    page = client.get(reverse("directives:intake_review", args=[draft.pk])).content.decode()
    assert "Đã có văn bản cùng số, ký hiệu, cơ quan ban hành và ngày ban hành" in page
    url = reverse("directives:intake_review_confirm", args=[draft.pk])
    refused = client.post(url, {"version": "2"})
    assert refused.status_code == 400 and 'href="#confirm-duplicate"' in refused.content.decode()
    assert client.post(url, {"version": "2", "confirm_duplicate": "on"}).status_code == 302


def test_whole_document_confirm_makes_one_task_and_records_the_instruction(client, cast, draft):
    from tasks.models import Task

    client.force_login(cast.office)
    _edit(
        client,
        draft,
        op="meta",
        urgency="thuong_khan",
        instruction="Giao Phòng Nội vụ chủ trì",
        processing_deadline="20/03/2026",
    )
    _edit(
        client,
        draft,
        version="2",
        op="whole",
        lead=[str(cast.unit_a.pk)],
        coop=[str(cast.unit_b.pk)],
        deadline="31/03/2026",
    )
    response = client.post(reverse("directives:intake_review_confirm", args=[draft.pk]), {"version": "3"})
    assert response.status_code == 302, [m for m in response.content.decode().split("alert-danger")[1:]]
    draft.refresh_from_db()
    directive = draft.directive
    assert directive.urgency == "thuong_khan" and directive.instruction == "Giao Phòng Nội vụ chủ trì"
    assert directive.processing_deadline == dt.date(2026, 3, 20)
    (task,) = Task.objects.filter(directive=directive)
    assert task.lead_unit == cast.unit_a and task.deadline == dt.date(2026, 3, 31)
    assert list(task.cooperating_units.all()) == [cast.unit_b]


def test_bulk_include_answers_with_switches_and_badges_only(client, cast, draft):
    client.force_login(cast.office)
    response = _edit(client, draft, op="include", rows=["r3"])
    html = response.content.decode()
    assert 'id="row-r3-switch" hx-swap-oob="true"' in html and 'id="row-r3-badges"' in html
    assert 'id="row-r3" ' not in html and 'id="row-r1-switch"' not in html
    assert 'id="row-r3-include" checked' in html and "Đã chọn tạo 1 nhiệm vụ." in html
