"""directives.review: the edits the review screen makes to a draft's data (no database)."""

from __future__ import annotations

import datetime as dt

import pytest

from deadlines.workdays import PREVIOUS_WORKING_DAY, WorkCalendar
from directives import review


def _row(rid, clause_id, **kw):
    return review.blank_row(rid, clause_id=clause_id, source=kw.pop("source", "body"), **kw)


@pytest.fixture
def data():
    return {
        "meta": {"issued_on": "2026-03-02", "urgency": "thuong"},
        "clauses": [
            {
                "id": 1,
                "label": "I.",
                "text": "NHIỆM VỤ CHUNG",
                "parent": None,
                "is_heading": True,
                "depth": 0,
            },
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
                "text": "Phòng Tư pháp tập huấn chữ ký số.",
                "parent": 1,
                "is_heading": False,
                "depth": 1,
            },
            {
                "id": 4,
                "label": "II.",
                "text": "TỔ CHỨC THỰC HIỆN",
                "parent": None,
                "is_heading": True,
                "depth": 0,
            },
            {
                "id": 5,
                "label": "1.",
                "text": "Các xã báo cáo kết quả trước ngày 30/6/2026; gửi về Phòng Nội vụ.",
                "parent": 4,
                "is_heading": False,
                "depth": 1,
            },
        ],
        "rows": [
            _row("r1", 2, title="Rà soát hồ sơ", lead_unit_ids=[10], deadline="2026-04-01"),
            _row("r2", 3, title="Tập huấn chữ ký số", lead_unit_ids=[11, 12], coop_unit_ids=[13]),
            _row(
                "r3",
                5,
                title="Báo cáo kết quả",
                lead_names=["Trung tâm X"],
                coop_names=["Ban Y"],
                unresolved=["Trung tâm X", "Ban Y"],
            ),
        ],
        "whole_document": None,
    }


def test_bulk_set_lead_keeps_other_fields_and_drops_lead_from_coop(data):
    changed = review.set_fields(data, ["r1", "r2"], lead_unit_ids=[13])
    assert changed == ["r1", "r2"]
    rows = review.rows_by_id(data)
    assert rows["r1"]["lead_unit_ids"] == [13] and rows["r1"]["deadline"] == "2026-04-01"
    assert rows["r2"]["coop_unit_ids"] == []  # 13 now leads, it cannot also cooperate
    assert rows["r3"]["lead_unit_ids"] == []  # not selected


def test_bulk_set_deadline_recurrence_include(data):
    review.set_fields(data, ["r1", "r3"], deadline=dt.date(2026, 5, 4), recurrence="hằng tháng")
    review.set_include(data, ["r3"], False)
    rows = review.rows_by_id(data)
    assert rows["r1"]["deadline"] == rows["r3"]["deadline"] == "2026-05-04"
    assert rows["r3"]["recurrence"] == "hằng tháng" and rows["r3"]["include"] is False
    review.set_fields(data, ["r1"], deadline=None)
    assert rows["r1"]["deadline"] is None


def test_setting_lead_settles_unresolved_lead_names_only(data):
    review.set_fields(data, ["r3"], lead_unit_ids=[10])
    assert review.rows_by_id(data)["r3"]["unresolved"] == ["Ban Y"]


def test_unknown_or_empty_selection_is_refused(data):
    with pytest.raises(review.ReviewError):
        review.set_fields(data, [], lead_unit_ids=[1])
    with pytest.raises(review.ReviewError):
        review.set_fields(data, ["r99"], lead_unit_ids=[1])
    with pytest.raises(review.ReviewError):
        review.set_fields(data, ["r1"], title="  ")


def test_rows_under_a_heading(data):
    assert review.rows_under(data, 1) == ["r1", "r2"]
    assert review.rows_under(data, 4) == ["r3"]
    assert review.ancestors(data, 5) == [5, 4]


def test_add_row_from_clause_prefilled_and_in_document_order(data):
    row = review.add_row_from_clause(data, 3, prefill={"lead_unit_ids": [11], "deadline": None})
    assert row["id"] == "r4" and row["source"] == "manual" and row["include"] is True
    assert row["text"] == "Phòng Tư pháp tập huấn chữ ký số."
    assert row["title"] == "Phòng Tư pháp tập huấn chữ ký số"
    assert row["lead_unit_ids"] == [11] and row["deadline"] is None
    assert [r["id"] for r in data["rows"]] == ["r1", "r2", "r4", "r3"]
    with pytest.raises(review.ReviewError):
        review.add_row_from_clause(data, 42)


def test_split_gives_the_second_unit_its_own_row(data):
    new = review.split_row(data, "r2")
    assert [r["id"] for r in data["rows"]] == ["r1", "r2", "r4", "r3"]
    rows = review.rows_by_id(data)
    assert rows["r2"]["lead_unit_ids"] == [11] and new["lead_unit_ids"] == [12]
    assert new["source"] == "split" and new["clause_id"] == 3 and new["title"] == rows["r2"]["title"]
    copy_ = review.split_row(data, "r1")  # one unit: a copy to edit
    assert copy_["lead_unit_ids"] == [10] and copy_["id"] == "r5"


def test_merge_unites_units_and_keeps_earliest_deadline(data):
    data["rows"][1]["deadline"] = "2026-03-20"
    data["rows"][0]["text"], data["rows"][1]["text"] = "Rà soát.", "Tập huấn."
    kept = review.merge_rows(data, ["r2", "r1"])
    assert kept["id"] == "r1" and [r["id"] for r in data["rows"]] == ["r1", "r3"]
    assert kept["lead_unit_ids"] == [10, 11, 12] and kept["coop_unit_ids"] == [13]
    assert kept["deadline"] == "2026-03-20"
    assert kept["text"] == "Rà soát.\nTập huấn."
    with pytest.raises(review.ReviewError):
        review.merge_rows(data, ["r1"])


def test_remove_only_manual_rows(data):
    new = review.split_row(data, "r1")
    review.remove_rows(data, [new["id"]])
    assert [r["id"] for r in data["rows"]] == ["r1", "r2", "r3"]
    with pytest.raises(review.ReviewError):
        review.remove_rows(data, ["r1"])


def test_assign_name_as_lead_or_coop_where_the_document_put_it(data):
    assert review.assign_name(data, "Ban Y", [14]) == ["r3"]
    row = review.rows_by_id(data)["r3"]
    assert (
        row["coop_unit_ids"] == [14] and row["lead_unit_ids"] == [] and row["unresolved"] == ["Trung tâm X"]
    )
    review.assign_name(data, "Trung tâm X", [15])
    assert row["lead_unit_ids"] == [15] and row["unresolved"] == []
    with pytest.raises(review.ReviewError):
        review.assign_name(data, "Trung tâm X", [15])  # already assigned
    with pytest.raises(review.ReviewError):
        review.assign_name(data, "Ban Y", [])


def test_fill_missing_deadlines_only_where_none(data):
    review.set_include(data, ["r2"], False)
    assert review.fill_missing_deadlines(data, dt.date(2026, 6, 30)) == ["r3"]
    rows = review.rows_by_id(data)
    assert rows["r1"]["deadline"] == "2026-04-01" and rows["r2"]["deadline"] is None
    assert review.fill_missing_deadlines(data, dt.date(2026, 7, 1), ["r2"]) == ["r2"]


def test_whole_document_leaves_the_rows_out_and_brings_them_back(data):
    data["rows"][2]["include"] = False
    whole = review.set_whole_document(
        data,
        lead_unit_ids=[10],
        coop_unit_ids=[10, 11],
        deadline=dt.date(2026, 12, 20),
        instruction=" Giao NV ",
    )
    assert {k: whole[k] for k in ("lead_unit_ids", "coop_unit_ids", "deadline", "instruction")} == {
        "lead_unit_ids": [10],
        "coop_unit_ids": [11],
        "deadline": "2026-12-20",
        "instruction": "Giao NV",
    }
    assert [r["include"] for r in data["rows"]] == [False, False, False]
    assert review.problems(data) == []  # clause rows without a lead do not matter now
    review.set_whole_document(data, lead_unit_ids=[11])  # changed again: still the first rows to restore
    review.clear_whole_document(data)
    assert data["whole_document"] is None
    assert [r["include"] for r in data["rows"]] == [True, True, False]
    with pytest.raises(review.ReviewError):
        review.set_whole_document(data, lead_unit_ids=[])


def test_problems_list_included_rows_without_lead(data):
    found = review.problems(data)
    assert found == [
        {"row": "r3", "field": "lead", "message": "Chọn ít nhất một đơn vị chủ trì cho nhiệm vụ được tạo."}
    ]
    review.set_include(data, ["r3"], False)
    assert review.problems(data) == []


def test_meta_urgency_checked(data):
    review.set_meta(
        data, urgency="hoa_toc", instruction=" Khẩn trương ", processing_deadline=dt.date(2026, 3, 9)
    )
    assert data["meta"]["urgency"] == "hoa_toc" and data["meta"]["instruction"] == "Khẩn trương"
    assert data["meta"]["processing_deadline"] == "2026-03-09"
    with pytest.raises(review.ReviewError):
        review.set_meta(data, urgency="rat_khan")
    with pytest.raises(review.ReviewError):
        review.set_meta(data, status="confirmed")


def test_duplicate_pair_between_body_and_table(data):
    data["rows"].append(
        _row(
            "r4", None, source="table", title="Rà soát hồ sơ cán bộ", text="Rà soát hồ sơ", lead_unit_ids=[10]
        )
    )
    data["rows"].append(_row("r5", None, source="table", title="Tổ chức hội nghị tổng kết", text=""))
    data["rows"][0]["text"] = "Phòng Nội vụ rà soát hồ sơ."
    assert review.duplicate_pairs(data) == [("r1", "r4")]
    review.mark_pairs(data)
    rows = review.rows_by_id(data)
    assert rows["r1"]["pair_of"] == "r4" and rows["r4"]["pair_of"] == "r1" and rows["r5"]["pair_of"] is None


def test_deadline_warnings():
    cal = WorkCalendar()
    today, issued = dt.date(2026, 3, 10), dt.date(2026, 3, 2)
    assert review.deadline_warnings(dt.date(2026, 3, 20), today=today, issued_on=issued, calendar=cal) == []
    past = review.deadline_warnings(dt.date(2026, 3, 5), today=today, issued_on=issued, calendar=cal)
    assert past == ["Hạn 05/03/2026 đã qua (trước hôm nay 10/03/2026)."]
    before = review.deadline_warnings(dt.date(2026, 3, 1), today=dt.date(2026, 2, 1), issued_on=issued)
    assert before == ["Hạn 01/03/2026 trước ngày ban hành văn bản (02/03/2026)."]
    sunday = review.deadline_warnings(
        dt.date(2026, 3, 15), today=today, calendar=cal, policy=PREVIOUS_WORKING_DAY
    )
    assert len(sunday) == 1 and "13/03/2026" in sunday[0]
    assert review.deadline_warnings(None, today=today) == []


def test_flag_labels_known_and_unknown():
    assert review.flag_label("lead_from_heading") == "Đơn vị chủ trì lấy từ đề mục"
    assert review.flag_label("brand_new_code") == "Cần kiểm tra (brand new code)"


def test_giving_a_lead_to_a_row_without_one_includes_it(data):
    data["rows"][2]["include"] = False  # proposed without a lead: left out
    data["rows"].append(_row("r4", None, include=False, relevant=False))  # not addressed to us
    review.set_fields(data, ["r3", "r4"], lead_unit_ids=[10])
    rows = review.rows_by_id(data)
    assert rows["r3"]["include"] is True and rows["r4"]["include"] is False
    review.set_include(data, ["r1"], False)
    review.set_fields(data, ["r1"], lead_unit_ids=[11])  # had a lead: the clerk's "no" stands
    assert rows["r1"]["include"] is False
    rows["r3"].update(include=False, lead_unit_ids=[], unresolved=["Trung tâm X"])
    review.assign_name(data, "Trung tâm X", [15])
    assert rows["r3"]["include"] is True


def test_flags_settled_by_the_clerk_are_not_shown():
    flags = [
        "lead_missing",
        "unit_unresolved_phrase",
        "deadline_unparsed",
        "deadline_before_doc",
        "unit_unsplit",
    ]
    row = review.blank_row("r1", flags=flags, unresolved=["X"])
    assert review.open_flags(row) == [
        "lead_missing",
        "unit_unresolved_phrase",
        "deadline_unparsed",
        "unit_unsplit",
    ]
    row.update(lead_unit_ids=[3], unresolved=[], deadline="2026-04-01")
    assert review.open_flags(row) == ["unit_unsplit"]
