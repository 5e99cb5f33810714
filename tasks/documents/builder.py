"""Builds the shipped Word templates (``shipped/<kind>.docx``) in the Nghị định 30/2020 layout:
header table (issuer | Quốc hiệu, Số/ký hiệu | place and date), title, body, tables, Nơi nhận and
the signature block. Values are Jinja tags that docxtpl fills in (``render.py`` lists them per kind).

Run ``python manage.py document_templates --build`` after changing this file; the .docx files are
committed so that administrators can download them, edit them in Word and upload them back.
"""

from __future__ import annotations

from pathlib import Path

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Cm, Pt

from tasks.dashboard.exports import (
    MOTTO,
    NATIONAL_TITLE,
    _body,
    _borderless,
    _cell_lines,
    _cell_lines_append,
    _heading,
    _new_document,
    _para,
    _short_rule,
    _table,
    _text_width,
    _title,
    _to_bytes,
)

SHIPPED = Path(__file__).resolve().parent / "shipped"


def _header(document, *, number_line: str, subject: str = "") -> None:
    """The NĐ 30 header table: issuer and Số on the left, Quốc hiệu and the date line on the
    right. A Công văn (``subject``) has no type name: its "V/v …" sits under the number."""
    width = _text_width(document)
    left_w, right_w = int(width * 0.42), width - int(width * 0.42)
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _borderless(table)
    left, right = table.rows[0].cells
    left.width, right.width = left_w, right_w
    table.columns[0].width, table.columns[1].width = left_w, right_w
    _cell_lines(
        left,
        [("{{ org.header_parent|upper }}", {"size": 13}), ("{{ org.header_name|upper }}", {"bold": True})],
    )
    _short_rule(left, 2.5)
    _cell_lines_append(left, [(number_line, {"size": 13}), *([(subject, {"size": 12})] if subject else [])])
    _cell_lines(right, [(NATIONAL_TITLE, {"bold": True, "size": 12}), (MOTTO, {"bold": True, "size": 13})])
    _short_rule(right, 5.5)
    _cell_lines_append(right, [("{{ date_line }}", {"italic": True, "size": 13})])


def _letter_header(document, *, subject: str) -> None:
    _header(document, number_line="Số:      /{{ org.symbol }}-VP", subject=subject)


def _signature(document, *, capacity: list[str], name: str) -> None:
    width = _text_width(document)
    table = document.add_table(rows=1, cols=2)
    table.autofit = False
    _borderless(table)
    left, right = table.rows[0].cells
    left.width, right.width = int(width * 0.5), width - int(width * 0.5)
    table.columns[0].width, table.columns[1].width = left.width, right.width
    nhan = left.paragraphs[0]
    run = nhan.add_run("Nơi nhận:")
    run.bold, run.italic = True, True
    run.font.size = Pt(12)
    # one paragraph per recipient: docxtpl repeats the paragraph between the {%p %} tags
    for line in ("{%p for r in recipients %}", "{{ r }}", "{%p endfor %}"):
        paragraph = left.add_paragraph()
        paragraph.add_run(line).font.size = Pt(11)
    lines = [(c, {"bold": True, "size": 13}) for c in capacity]
    lines += [("", {})] * 4 + [(name, {"bold": True, "size": 13})]
    _cell_lines(right, lines)


def _loop(header: str, cells: tuple) -> list[tuple]:
    """Three table rows: ``{%tr for … %}``, the repeated row, ``{%tr endfor %}`` (docxtpl drops
    the two tag rows and repeats the middle one)."""
    pad = ("",) * (len(cells) - 1)
    return [(f"{{%tr for {header} %}}", *pad), cells, ("{%tr endfor %}", *pad)]


def _if_table(document, name: str, headers, cells, widths, aligns, empty_text: str) -> None:
    _para(document, "{%p if " + name + " %}")
    _table(document, headers, _loop(f"t in {name}", cells), widths, aligns)
    _para(document, "{%p else %}")
    _body(document, empty_text)
    _para(document, "{%p endif %}")


def unit_report() -> bytes:
    document = _new_document()
    _header(document, number_line="Số:      /BC-{{ org.symbol }}")
    _title(document, ["Kết quả thực hiện nhiệm vụ được giao và trách nhiệm người đứng đầu", "của {{ unit }}"])
    _para(document, "({{ period }})", italic=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=6)
    _body(
        document,
        "Căn cứ kết quả theo dõi, đôn đốc việc thực hiện nhiệm vụ trên hệ thống Đôn đốc, {{ org.name }} báo cáo "
        "kết quả thực hiện nhiệm vụ được giao của {{ unit }} ({{ period|lower }}; {{ counting }}) như sau:",
    )
    _heading(document, "I. KẾT QUẢ CHUNG")
    _body(document, "Người đứng đầu đơn vị: {{ head }}.")
    _table(
        document,
        ["STT", "Chỉ tiêu", "Số lượng"],
        _loop("s in summary", ("{{ loop.index }}", "{{ s.label }}", "{{ s.value }}")),
        [1.2, 11.3, 4.0],
        ["center", "left", "center"],
    )
    _heading(document, "II. NHIỆM VỤ QUÁ HẠN CHƯA HOÀN THÀNH")
    _if_table(
        document,
        "overdue",
        ["STT", "Nhiệm vụ", "Văn bản giao", "Thời hạn", "Số ngày quá hạn", "Lý do, tiến độ mới nhất"],
        (
            "{{ loop.index }}",
            "{{ t.title }}",
            "{{ t.directive }}",
            "{{ t.deadline }}",
            "{{ t.days_late }}",
            "{{ t.note }}",
        ),
        [1.2, 4.8, 2.6, 2.2, 1.7, 4.0],
        ["center", "left", "left", "center", "center", "left"],
        "Không có nhiệm vụ quá hạn chưa hoàn thành.",
    )
    _heading(document, "III. NHIỆM VỤ HOÀN THÀNH QUÁ HẠN")
    _if_table(
        document,
        "late",
        ["STT", "Nhiệm vụ", "Văn bản giao", "Thời hạn", "Ngày hoàn thành", "Số ngày chậm"],
        (
            "{{ loop.index }}",
            "{{ t.title }}",
            "{{ t.directive }}",
            "{{ t.deadline }}",
            "{{ t.completed_on }}",
            "{{ t.days_late }}",
        ),
        [1.2, 5.8, 2.8, 2.2, 2.5, 2.0],
        ["center", "left", "left", "center", "center", "center"],
        "Không có nhiệm vụ hoàn thành quá hạn.",
    )
    _heading(document, "IV. GIẢI TRÌNH CỦA ĐƠN VỊ")
    _if_table(
        document,
        "explanations",
        ["STT", "Yêu cầu giải trình", "Hạn giải trình", "Nội dung giải trình của đơn vị"],
        ("{{ loop.index }}", "{{ t.request }}", "{{ t.reply_by }}", "{{ t.reply }}"),
        [1.2, 4.8, 2.5, 8.0],
        ["center", "left", "center", "left"],
        "Trong kỳ không có yêu cầu giải trình.",
    )
    _heading(document, "V. ĐÁNH GIÁ, XẾP LOẠI")
    _body(
        document,
        "Tỷ lệ hoàn thành đúng hạn (số nhiệm vụ hoàn thành đúng hạn trên tổng số nhiệm vụ đã đến hạn): {{ rate }}. "
        "Mức xếp loại theo kết quả thực hiện nhiệm vụ: {{ rating }}.",
    )
    closing = _para(
        document,
        "Trên đây là báo cáo kết quả thực hiện nhiệm vụ được giao của {{ unit }}./.",
        indent=Cm(1),
        align=WD_ALIGN_PARAGRAPH.JUSTIFY,
        after=6,
    )
    closing.paragraph_format.keep_with_next = True
    _signature(document, capacity=["TM. {{ org.header_parent|upper }}", "CHỦ TỊCH"], name="{{ signer }}")
    _para(document, "{%p if tasks %}")
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _para(document, "PHỤ LỤC", bold=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(
        document,
        "Danh mục nhiệm vụ của {{ unit }} – {{ period|lower }}",
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        after=6,
    )
    _table(
        document,
        ["STT", "Nhiệm vụ", "Văn bản giao", "Thời hạn", "Hoàn thành", "Tình trạng"],
        _loop(
            "t in tasks",
            (
                "{{ loop.index }}",
                "{{ t.title }}",
                "{{ t.directive }}",
                "{{ t.deadline }}",
                "{{ t.completed_on }}",
                "{{ t.status }}",
            ),
        ),
        [1.2, 6.0, 2.8, 2.1, 2.1, 2.3],
        ["center", "left", "left", "center", "center", "left"],
    )
    _para(document, "{%p endif %}")
    return _to_bytes(document)


def ranking() -> bytes:
    document = _new_document()
    _header(document, number_line="Số:      /BC-{{ org.symbol }}")
    _title(document, ["Tổng hợp kết quả thực hiện nhiệm vụ được giao", "của các cơ quan, đơn vị, địa phương"])
    _para(document, "({{ period }})", italic=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=6)
    _body(
        document,
        "{{ org.name }} tổng hợp kết quả thực hiện nhiệm vụ được giao của {{ total }} cơ quan, đơn vị, địa phương "
        "({{ counting }}); {{ ranked }} đơn vị có nhiệm vụ đã đến hạn được xếp hạng theo tỷ lệ hoàn thành đúng hạn như sau:",
    )
    _table(
        document,
        [
            "Hạng",
            "Đơn vị",
            "Người đứng đầu",
            "Giao",
            "Đúng hạn",
            "Trễ hạn",
            "Quá hạn",
            "Tỷ lệ đúng hạn",
            "Xếp loại",
        ],
        _loop(
            "r in rows",
            (
                "{{ r.rank }}",
                "{{ r.name }}",
                "{{ r.head }}",
                "{{ r.assigned }}",
                "{{ r.on_time }}",
                "{{ r.late }}",
                "{{ r.overdue }}",
                "{{ r.rate }}",
                "{{ r.rating }}",
            ),
        ),
        [1.2, 3.5, 2.5, 1.4, 1.3, 1.2, 1.2, 1.5, 2.5],
        ["center", "left", "left", "center", "center", "center", "center", "center", "left"],
    )
    _body(document, "Trên đây là báo cáo tổng hợp kết quả thực hiện nhiệm vụ được giao./.")
    _signature(document, capacity=["TM. {{ org.header_parent|upper }}", "CHỦ TỊCH"], name="{{ signer }}")
    return _to_bytes(document)


def _letter_tasks(document, loop: str) -> None:
    """The table a letter lists tasks in: deadline, working days overdue, latest progress."""
    _table(
        document,
        ["STT", "Nhiệm vụ", "Văn bản giao", "Thời hạn", "Quá hạn (ngày làm việc)", "Tiến độ mới nhất"],
        _loop(
            loop,
            (
                "{{ loop.index }}",
                "{{ t.title }}",
                "{{ t.directive }}",
                "{{ t.deadline }}",
                "{{ t.days_overdue }}",
                "{{ t.note }}",
            ),
        ),
        [1.2, 5.0, 2.6, 2.2, 2.0, 3.5],
        ["center", "left", "left", "center", "center", "left"],
    )


def reminder_letter() -> bytes:
    document = _new_document()
    _letter_header(document, subject="V/v đôn đốc thực hiện nhiệm vụ được giao")
    _para(document, "", after=6)
    _para(document, "Kính gửi:", align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(document, "{%p for u in units %}")
    _para(document, "- {{ u.name }};", align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(document, "{%p endfor %}")
    _para(document, "", after=6)
    _body(
        document,
        "Theo dõi trên hệ thống Đôn đốc, tính đến ngày {{ today }}, các cơ quan, đơn vị dưới đây còn {{ count }} "
        "nhiệm vụ được giao quá hạn hoặc sắp đến hạn mà chưa hoàn thành. Để bảo đảm tiến độ, {{ giver }} "
        "yêu cầu Thủ trưởng các cơ quan, đơn vị:",
    )
    _para(document, "{%p for u in units %}")
    _heading(document, "{{ loop.index }}. {{ u.name }}")
    _letter_tasks(document, "t in u.tasks")
    _para(document, "{%p endfor %}")
    _body(
        document,
        "Khẩn trương tập trung chỉ đạo hoàn thành các nhiệm vụ nêu trên; nhiệm vụ nào không thể hoàn thành đúng "
        "hạn phải báo cáo rõ nguyên nhân, đề xuất thời hạn mới. Báo cáo kết quả thực hiện về {{ org.name }} "
        "(qua Văn phòng) trước ngày {{ reply_by }} để tổng hợp, báo cáo Chủ tịch.",
    )
    _body(document, "Yêu cầu Thủ trưởng các cơ quan, đơn vị nghiêm túc triển khai thực hiện./.")
    _signature(document, capacity=["TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"], name="{{ signer }}")
    return _to_bytes(document)


def explanation_request() -> bytes:
    document = _new_document()
    _letter_header(document, subject="V/v giải trình việc chậm thực hiện nhiệm vụ được giao")
    _para(document, "", after=6)
    _para(document, "Kính gửi: {{ addressee }}", align=WD_ALIGN_PARAGRAPH.CENTER, after=6)
    _body(
        document,
        "Theo dõi trên hệ thống Đôn đốc, tính đến ngày {{ today }}, {{ unit }} có {{ count }} nhiệm vụ quá hạn "
        "chưa hoàn thành, trong đó có nhiệm vụ quá hạn trên {{ threshold }} ngày làm việc, cụ thể:",
    )
    _letter_tasks(document, "t in tasks")
    _body(
        document,
        "{{ giver }} yêu cầu {{ addressee }} báo cáo giải trình bằng văn bản, nêu rõ nguyên nhân chậm thực hiện, "
        "trách nhiệm của tập thể, cá nhân liên quan, giải pháp và thời hạn hoàn thành từng nhiệm vụ; gửi về "
        "{{ org.name }} (qua Văn phòng) trước ngày {{ reply_by }}./.",
    )
    _signature(document, capacity=["TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"], name="{{ signer }}")
    return _to_bytes(document)


BUILDERS = {
    "unit_report": unit_report,
    "ranking": ranking,
    "reminder_letter": reminder_letter,
    "explanation_request": explanation_request,
}


def build_all(target: Path = SHIPPED) -> list[Path]:
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, build in BUILDERS.items():
        path = target / f"{kind}.docx"
        path.write_bytes(build())
        written.append(path)
    return written
