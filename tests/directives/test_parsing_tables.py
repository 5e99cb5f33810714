"""Task tables: rows are tasks, columns found by their header words, group rows and numbering
restarting per group (fixtures built here with python-docx)."""

from __future__ import annotations

import datetime as dt

import pytest

from directives.parsing import parse_bytes
from tests.directives.builders import DocxBuilder


def _plan(rows, header=None) -> bytes:
    b = DocxBuilder()
    b.header_table(
        ["ỦY BAN NHÂN DÂN", "TỈNH HÒA LÂM"],
        "Số: 77/KH-UBND",
        "",
        "Hòa Lâm, ngày 05 tháng 11 năm 2025",
    )
    b.para("KẾ HOẠCH")
    b.para("Đổi mới công nghệ giai đoạn 2026 - 2030")
    b.para("I. TỔ CHỨC THỰC HIỆN")
    b.para("Các sở, ban, ngành tỉnh thực hiện các nhiệm vụ tại Phụ lục kèm theo.")
    b.para("PHỤ LỤC")
    b.task_table(rows, header)
    b.footer_table(["- Như trên;", "- Lưu: VT."], ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "", "Lê Văn Hải"])
    return b.to_bytes()


@pytest.fixture(scope="module")
def grouped():
    rows = [
        ["I", "NHÓM GIẢI PHÁP VỀ CƠ CHẾ", "", "", ""],
        [
            "1",
            "Rà soát cơ chế khuyến khích đổi mới công nghệ.",
            "Sở Tài chính",
            "Sở Công Thương; Ban Quản lý khu kinh tế",
            "Quý IV/2026",
        ],
        [
            "2",
            "Nghiên cứu, tư vấn chính sách công nghệ.",
            "Liên hiệp các Hội Khoa học và Kỹ thuật",
            "Sở, ban, ngành có liên quan",
            "Thường xuyên",
        ],
        ["II", "PHÁT TRIỂN NHÂN LỰC", "", "", ""],
        ["1", "Đào tạo nhân lực chất lượng cao.", "Sở Giáo dục và Đào tạo", "", "2026 - 2030"],
        ["2", "Hướng dẫn hợp tác xã ứng dụng công nghệ số.", "", "", ""],
    ]
    return parse_bytes(_plan(rows), "kh.docx")


def _rows(parsed):
    return [t for t in parsed.tasks if t.source == "table"]


def test_each_row_is_a_task_and_group_rows_are_not(grouped):
    assert [t.clause for t in _rows(grouped)] == ["PL.I.1", "PL.I.2", "PL.II.1", "PL.II.2"]


def test_row_cells_fill_lead_coop_and_deadline(grouped):
    first = _rows(grouped)[0]
    assert first.lead_units == ["Sở Tài chính"]
    assert first.cooperating_units == ["Sở Công Thương", "Ban Quản lý khu kinh tế"]
    assert first.deadline == dt.date(2026, 12, 31)
    assert first.node is None and first.as_json()["source"] == "table"
    assert _rows(grouped)[1].recurrence == "thường xuyên"


def test_a_year_range_cell_ends_with_its_last_year(grouped):
    assert _rows(grouped)[2].deadline == dt.date(2030, 12, 31)


def test_empty_lead_cell_takes_the_row_above_and_says_so(grouped):
    last = _rows(grouped)[3]
    assert last.lead_units == ["Sở Giáo dục và Đào tạo"]
    assert "lead_from_row_above" in last.flags


def test_row_with_no_lead_anywhere_is_kept_and_flagged():
    rows = [["1", "Tổ chức hội thảo về đổi mới công nghệ.", "", "", "Năm 2026"]]
    task = _rows(parse_bytes(_plan(rows), "kh.docx"))[0]
    assert task.lead_units == [] and "lead_missing" in task.flags


def test_columns_found_by_header_words_in_any_order():
    header = ["TT", "Đơn vị chủ trì", "Nhiệm vụ", "Sản phẩm", "Thời hạn", "Đơn vị phối hợp"]
    rows = [["1", "Sở Nội vụ", "Xây dựng đề án vị trí việc làm.", "Đề án", "Tháng 12/2025", "Các sở, ngành"]]
    task = _rows(parse_bytes(_plan(rows, header), "kh.docx"))[0]
    assert (task.title, task.lead_units, task.cooperating_units, task.deadline) == (
        "Xây dựng đề án vị trí việc làm.",
        ["Sở Nội vụ"],
        ["Các sở, ngành"],
        dt.date(2025, 12, 31),
    )
