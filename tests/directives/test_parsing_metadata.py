"""Document metadata and references: one rule per test, on texts and .docx files written here."""

from __future__ import annotations

import datetime as dt
import io

import docx

from directives.parsing import parse_bytes, parse_text
from directives.parsing.references import find_references

BODY = (
    "Thực hiện chỉ đạo của Thủ tướng Chính phủ, các cơ quan, đơn vị tiếp tục rà soát, hoàn thiện "
    "hồ sơ, bảo đảm tiến độ và chất lượng; chủ động phối hợp, kịp thời tháo gỡ khó khăn, vướng mắc "
    "phát sinh trong quá trình triển khai thực hiện các nhiệm vụ được giao trong năm."
)


def test_quoc_hieu_wrapped_over_two_lines_is_not_part_of_the_issuer():
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH AN BÌNH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA\nVIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 12/KH-UBND\nAn Bình, ngày 05 tháng 12 năm 2025\nKẾ HOẠCH\nRà soát hồ sơ năm 2026\n"
        f"{BODY}\n1. Sở Nội vụ chủ trì rà soát hồ sơ.\n"
    )
    meta = parse_text(text).meta
    assert meta.issuer == "UBND tỉnh An Bình"
    assert meta.subject == "Rà soát hồ sơ năm 2026"
    assert (meta.number, meta.symbol, meta.issued_date) == ("12", "KH-UBND", dt.date(2025, 12, 5))


def test_signer_under_office_title_words():
    text = (
        "VĂN PHÒNG CHÍNH PHỦ\nSố: 700/TB-VPCP\nHà Nội, ngày 01 tháng 12 năm 2025\nTHÔNG BÁO\n"
        f"Kết luận của Phó Thủ tướng\n{BODY}\n1. Bộ Tài chính chủ trì rà soát.\n"
        "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nKT. BỘ TRƯỞNG, CHỦ NHIỆM\nPHÓ CHỦ NHIỆM\nTrần Văn Bình\n"
    )
    meta = parse_text(text).meta
    assert (meta.signer, meta.signer_title) == ("Trần Văn Bình", "PHÓ CHỦ NHIỆM")
    assert meta.signer_capacity == "KT. BỘ TRƯỞNG, CHỦ NHIỆM"


def test_a_typed_documents_title_keeps_its_v_v_and_a_cong_van_drops_it():
    typed = (
        f"UBND TỈNH AN BÌNH\nSố: 13/KH-UBND\nAn Bình, ngày 05 tháng 12 năm 2025\nKẾ HOẠCH\n"
        f"V/v hỗ trợ nhu yếu phẩm cho nhân dân\n{BODY}\n"
    )
    assert parse_text(typed).meta.subject == "V/v hỗ trợ nhu yếu phẩm cho nhân dân"
    letter = (
        f"UBND TỈNH AN BÌNH\nSố: 14/UBND-VX\nV/v hỗ trợ nhu yếu phẩm\nAn Bình, ngày 05 tháng 12 năm 2025\n"
        f"Kính gửi: Sở Tài chính.\n{BODY}\n"
    )
    meta = parse_text(letter).meta
    assert (meta.type, meta.subject) == ("Công văn", "hỗ trợ nhu yếu phẩm")


def test_the_authority_line_under_a_decisions_title_ends_the_title():
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH AN BÌNH\nSố: 15/QĐ-UBND\nAn Bình, ngày 05 tháng 12 năm 2025\nQUYẾT ĐỊNH\n"
        "BAN HÀNH QUY CHẾ LẤY Ý KIẾN ĐIỆN TỬ\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH AN BÌNH\n"
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;\nQUYẾT ĐỊNH:\n"
    )
    assert parse_text(text).meta.subject == "BAN HÀNH QUY CHẾ LẤY Ý KIẾN ĐIỆN TỬ"


def _body_in_header_cell_docx() -> bytes:
    """The whole body typed in the header table's first cell, Quốc hiệu beside it and the
    Số | date row under it (a layout seen in documents pasted from the web)."""
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    cell = table.rows[0].cells[0]
    cell.text = "VĂN PHÒNG CHÍNH PHỦ"
    for line in ["THÔNG BÁO", "KẾT LUẬN CỦA PHÓ THỦ TƯỚNG TẠI BUỔI LÀM VIỆC VỚI TỈNH AN BÌNH", BODY]:
        cell.add_paragraph(line)
    for k in range(1, 16):
        cell.add_paragraph(f"{k}. Giao Bộ Tài chính rà soát nội dung số {k}, báo cáo trong tháng 12/2025.")
    for line in ["Nơi nhận:", "- Như trên;", "- Lưu: VT.", "KT. BỘ TRƯỞNG, CHỦ NHIỆM", "PHÓ CHỦ NHIỆM"]:
        cell.add_paragraph(line)
    cell.add_paragraph("Trần Văn Bình")
    table.rows[0].cells[1].text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    table.rows[1].cells[0].text = "Số: 701/TB-VPCP"
    table.rows[1].cells[1].text = "Hà Nội, ngày 02 tháng 12 năm 2025"
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_a_body_in_the_header_cell_still_gives_the_whole_header():
    parsed = parse_bytes(_body_in_header_cell_docx(), "tb.docx")
    meta = parsed.meta
    assert (meta.type, meta.number, meta.symbol) == ("Thông báo", "701", "TB-VPCP")
    assert meta.issued_date == dt.date(2025, 12, 2)
    assert meta.subject == "KẾT LUẬN CỦA PHÓ THỦ TƯỚNG TẠI BUỔI LÀM VIỆC VỚI TỈNH AN BÌNH"
    assert meta.signer == "Trần Văn Bình"
    assert len(parsed.tasks) == 15


def test_so_and_date_found_late_only_as_lines_of_their_own():
    text = (
        f"VĂN PHÒNG CHÍNH PHỦ\nTHÔNG BÁO\nKết luận của Phó Thủ tướng\n{BODY}\n"
        "1. Giao Bộ Tài chính rà soát theo Thông báo số: 55/TB-VPCP.\nSố: 702/TB-VPCP\n"
        "Hà Nội, ngày 03 tháng 12 năm 2025\n"
    )
    meta = parse_text(text).meta
    assert (meta.number, meta.symbol, meta.issued_date) == ("702", "TB-VPCP", dt.date(2025, 12, 3))


def test_references_with_a_space_after_the_hyphen_and_a_dotted_number():
    refs = find_references(
        "theo Kế hoạch 223/KH- UBND ngày 01/3/2025 của UBND tỉnh; sửa đổi Nghị quyết số 66.4/2025/NQ-CP"
    )
    assert [(r.type, r.number, r.symbol, r.date) for r in refs] == [
        ("Kế hoạch", "223", "KH-UBND", dt.date(2025, 3, 1)),
        ("Nghị quyết", "66.4/2025", "NQ-CP", None),
    ]


def test_a_dash_between_a_symbol_and_the_next_words_is_not_part_of_it():
    (ref,) = find_references("Quyết định số 12/QĐ-UBND - UBND tỉnh ban hành")
    assert ref.symbol == "QĐ-UBND"


def test_a_long_v_v_line_does_not_end_the_header():
    vv = "V/v triển khai " + "rà soát, cập nhật, chuẩn hóa hồ sơ địa chính " * 6
    text = (
        f"UBND XÃ HÒA AN\nSố: 16/UBND-VP\n{vv}\nHòa An, ngày 05 tháng 12 năm 2025\n"
        f"Kính gửi:\n- Công chức Địa chính - Xây dựng;\n- Trưởng các thôn.\n{BODY}\n"
    )
    meta = parse_text(text).meta
    assert meta.recipients == ["Công chức Địa chính - Xây dựng", "Trưởng các thôn"]
    assert meta.issued_date == dt.date(2025, 12, 5)
