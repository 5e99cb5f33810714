"""The parser on plain-text directives written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from directives.parsing import parse_text
from tests.directives.builders import CONG_VAN, KE_HOACH


@pytest.fixture(scope="module")
def cong_van():
    return parse_text(CONG_VAN)


@pytest.fixture(scope="module")
def ke_hoach():
    return parse_text(KE_HOACH)


def _task(parsed, clause):
    return next(t for t in parsed.tasks if t.clause == clause)


def test_cong_van_metadata(cong_van):
    m = cong_van.meta
    assert (m.type, m.number, m.symbol) == ("Công văn", "0417", "UBND-VP")
    assert m.issued_date == dt.date(2025, 5, 9)
    assert m.place == "Trà Bồng"
    assert m.issuer == "UBND huyện Trà Bồng"
    assert m.subject == "tăng cường thực hiện nhiệm vụ chuyển đổi số năm 2025"
    assert (m.signer, m.signer_title) == ("Đinh Văn Long", "PHÓ CHỦ TỊCH")
    assert m.signer_capacity == "KT. CHỦ TỊCH"


def test_recipients_split_on_semicolons_not_commas(cong_van):
    assert cong_van.meta.recipients == [
        "Các cơ quan chuyên môn thuộc UBND huyện",
        "Trung tâm Văn hóa - Thể thao và Truyền thông huyện, Chi nhánh phía Tây",
        "UBND các xã, thị trấn",
    ]
    assert cong_van.meta.cc == ["Như trên", "Thường trực Huyện ủy", "Lưu: VT, VP"]


def test_references_with_year_in_number_and_footnote(cong_van):
    refs = {(r.type, r.number, r.symbol): r.date for r in cong_van.references}
    assert refs[("Kế hoạch", "88", "KH-UBND")] == dt.date(2025, 2, 20)
    assert refs[("Quyết định", "05/2025", "QĐ-UBND")] == dt.date(2025, 3, 11)
    assert ("Công văn", "1502", "STTTT-CĐS") in refs  # cited in the footnote
    assert all(r.number != "0417" for r in cong_van.references)  # its own number is no reference


def test_footnote_cut_out_and_sentence_kept(cong_van):
    assert cong_van.footnotes == {
        "1": "Theo Công văn số 1502/STTTT-CĐS ngày 02/4/2025 của Sở Thông tin và Truyền thông."
    }
    task = _task(cong_van, "2.a")
    assert "¹" not in task.text and "Theo Công văn" not in task.text


def test_lead_from_lead_in_sentence(cong_van):
    assert _task(cong_van, "1").lead_units == [
        "Thủ trưởng các cơ quan chuyên môn",
        "Chủ tịch UBND các xã, thị trấn",
    ]


def test_subject_first_clause_gives_lead_and_cooperating(cong_van):
    task = _task(cong_van, "2.a")
    assert task.lead_units == ["Phòng Văn hóa và Thông tin"]
    assert task.cooperating_units == ["Văn phòng HĐND và UBND huyện"]
    assert task.recurrence == "hằng quý"


def test_giao_and_month_deadline(cong_van):
    task = _task(cong_van, "2.b")
    assert task.lead_units == ["Phòng Tài chính - Kế hoạch"]
    assert task.deadline == dt.date(2025, 6, 30)


def test_heading_unit_inherited_by_bullets(cong_van):
    assert _task(cong_van, "3-1").lead_units == ["Văn phòng HĐND và UBND huyện"]
    assert _task(cong_van, "3-2").recurrence == "thường xuyên"


def test_working_day_deadline_uses_the_calendar(cong_van):
    # Friday 09/5/2025 + 5 working days (the anchor day is not counted) = Friday 16/5/2025
    task = _task(cong_van, "3-1")
    assert task.deadline == dt.date(2025, 5, 16)
    assert task.deadline_rule == {"count": 5, "unit": "working_day", "anchor": "09/5/2025"}


def test_working_days_skip_holidays():
    text = CONG_VAN.replace("kể từ ngày 09/5/2025", "kể từ ngày 26/4/2024")
    task = _task(parse_text(text), "3-1")
    # 30/4 and 01/5 are holidays, 29/4 swapped off, Saturday 04/5 worked
    assert task.deadline == dt.date(2024, 5, 7)


def test_closing_formula_is_not_a_task(cong_van):
    assert cong_van.closing == ["Yêu cầu Thủ trưởng các cơ quan, đơn vị nghiêm túc triển khai thực hiện./."]
    assert all("nghiêm túc triển khai" not in t.text for t in cong_van.tasks)
    assert [t.clause for t in cong_van.tasks] == ["1", "2.a", "2.b", "3-1", "3-2"]


def test_ke_hoach_metadata(ke_hoach):
    m = ke_hoach.meta
    assert (m.type, m.number, m.symbol, m.issued_date) == ("Kế hoạch", "21", "KH-UBND", dt.date(2025, 2, 3))
    assert m.subject == "Kiểm tra công tác cải cách hành chính năm 2025 trên địa bàn huyện"
    assert m.recipients == []
    assert ke_hoach.references[0].number == "12" and ke_hoach.references[0].symbol == "CT/HU"


def test_purpose_and_funding_are_not_tasks(ke_hoach):
    labels = [t.clause for t in ke_hoach.tasks]
    assert labels == ["II.1", "II.2", "III.2-1", "III.2-2", "III.3-1"]


def test_field_block_is_one_task(ke_hoach):
    task = _task(ke_hoach, "II.1")
    assert task.title == "Thành lập Đoàn kiểm tra cải cách hành chính của huyện"
    assert task.lead_units == ["Phòng Nội vụ"]
    assert task.cooperating_units == ["Văn phòng HĐND và UBND huyện", "Phòng Tư pháp"]
    assert (task.deadline, task.deadline_text) == (dt.date(2025, 3, 31), "Quý I/2025")


def test_day_without_year_takes_the_document_year(ke_hoach):
    task = _task(ke_hoach, "II.2")
    assert task.lead_units == ["Đoàn kiểm tra của huyện"]
    assert task.deadline == dt.date(2025, 10, 15)


def test_long_date_and_recurrences(ke_hoach):
    assert _task(ke_hoach, "III.2-2").deadline == dt.date(2025, 12, 15)
    assert _task(ke_hoach, "III.2-1").recurrence == "hằng năm"
    commune = _task(ke_hoach, "III.3-1")
    assert commune.recurrence == "6 tháng"
    assert commune.cooperating_units == []  # "(qua Phòng Nội vụ)" is a channel


def test_unnumbered_draft():
    text = KE_HOACH.replace("Số: 21/KH-UBND", "Số:   /KH-UBND").replace(
        "ngày 03 tháng 02 năm 2025", "ngày   tháng   năm 2025"
    )
    m = parse_text(text).meta
    assert (m.number, m.symbol, m.issued_date, m.year) == (None, "KH-UBND", None, 2025)


def test_json_schema(cong_van):
    data = cong_van.as_json()
    assert set(data) == {"doc", "tasks"}
    for key in (
        "type",
        "number",
        "symbol",
        "issued_date",
        "issuer",
        "place",
        "subject",
        "signer",
        "signer_title",
        "recipients",
        "cc",
        "references",
    ):
        assert key in data["doc"]
    for key in (
        "clause",
        "title",
        "text",
        "lead_units",
        "cooperating_units",
        "deadline",
        "deadline_text",
        "recurrence",
    ):
        assert key in data["tasks"][0]
