"""Directive documents built in the tests with python-docx (no fixture files)."""

from __future__ import annotations

import datetime as dt
import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH


def vn_long_date(day: dt.date) -> str:
    return f"ngày {day.day:02d} tháng {day.month if day.month > 2 else f'{day.month:02d}'} năm {day.year}"


def directive_docx(*, number: str, issued_on: dt.date, subject: str, clauses: list[str]) -> bytes:
    """A Công văn of UBND huyện Mộ Đức laid out the way Văn thư types them (NĐ 30/2020):
    a borderless two-column header, V/v subject, Kính gửi, numbered clauses, Nơi nhận, signature."""
    doc = Document()
    header = doc.add_table(rows=1, cols=2)
    left, right = header.rows[0].cells
    left.text = "ỦY BAN NHÂN DÂN"
    left.add_paragraph("HUYỆN MỘ ĐỨC")
    left.add_paragraph(f"Số: {number}/UBND-NV")
    right.text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    right.add_paragraph("Độc lập - Tự do - Hạnh phúc")
    right.add_paragraph(f"Mộ Đức, {vn_long_date(issued_on)}")
    doc.add_paragraph(f"V/v {subject}")
    doc.add_paragraph("Kính gửi:")
    doc.add_paragraph("- Các phòng, ban, ngành huyện;")
    doc.add_paragraph("- UBND các xã, thị trấn.")
    doc.add_paragraph(
        "Thực hiện Kế hoạch số 145/KH-UBND của UBND huyện, Chủ tịch UBND huyện yêu cầu "
        "các cơ quan, đơn vị thực hiện các nội dung sau:"
    )
    for i, text in enumerate(clauses, start=1):
        doc.add_paragraph(f"{i}. {text}")
    doc.add_paragraph("Yêu cầu các cơ quan, đơn vị nghiêm túc triển khai thực hiện./.")
    doc.add_paragraph("Nơi nhận:")
    doc.add_paragraph("- Như trên;")
    doc.add_paragraph("- CT, PCT UBND huyện;")
    doc.add_paragraph("- Lưu: VT, NV.")
    for line in ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Thị Bích"):
        doc.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.CENTER
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
