"""Accountability reports as .docx (Nghị định 30/2020/NĐ-CP layout) and .xlsx.

The .docx follows Phụ lục I of NĐ 30/2020: A4, Times New Roman, the two-column
header (issuing body left; Quốc hiệu and Tiêu ngữ right), the number/symbol line,
the place-and-date line in italics, the centred bold title and subject, body and
tables, then "Nơi nhận" bottom left and the signature block bottom right.

Long tables are written as one XML fragment (python-docx builds cells one by one,
which is slow for thousands of rows).
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from collections.abc import Sequence
from xml.sax.saxutils import escape

from django.utils import timezone
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from config.spreadsheet import xlsx_cell
from tasks.dashboard.reports import SummaryRow, UnitReport

logger = logging.getLogger("dondoc.reports")

FONT = "Times New Roman"
BODY_PT = 13
TABLE_PT = 12
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def _d(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def period_text(report_period) -> str:
    start, end = report_period.start, report_period.end
    if start and end:
        return f"Từ ngày {_d(start)} đến ngày {_d(end)}"
    if start:
        return f"Từ ngày {_d(start)}"
    if end:
        return f"Đến ngày {_d(end)}"
    return "Toàn bộ thời gian"


# --- docx building blocks ---------------------------------------------------------------


def _new_document(*, landscape: bool = False) -> Document:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21)
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = parse_xml(f"<w:rFonts {nsdecls('w')}/>")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    return document


def _text_width(document: Document) -> int:
    section = document.sections[-1]
    return section.page_width - section.left_margin - section.right_margin


def _para(
    container, text: str = "", *, bold=False, italic=False, size=None, align=None, indent=None, after=None
):
    paragraph = container.add_paragraph()
    if text:
        run = paragraph.add_run(text)
        run.bold, run.italic = bold, italic
        if size:
            run.font.size = Pt(size)
    if align is not None:
        paragraph.alignment = align
    if indent is not None:
        paragraph.paragraph_format.first_line_indent = indent
    if after is not None:
        paragraph.paragraph_format.space_after = Pt(after)
    return paragraph


def _short_rule(cell, width_cm: float) -> None:
    """A short centred line under a heading (a paragraph bottom border between indents)."""
    paragraph = cell.add_paragraph()
    cell_cm = cell.width / 360000 if cell.width else 8.0
    side = max((cell_cm - width_cm) / 2, 0)
    paragraph.paragraph_format.left_indent = Cm(side)
    paragraph.paragraph_format.right_indent = Cm(side)
    run = paragraph.add_run()
    run.font.size = Pt(2)
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(
        parse_xml(
            f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>'
        )
    )


def _borderless(table) -> None:
    tbl_pr = table._tbl.tblPr
    tbl_pr.append(
        parse_xml(
            f"<w:tblBorders {nsdecls('w')}>"
            + "".join(
                f'<w:{side} w:val="nil"/>'
                for side in ("top", "left", "bottom", "right", "insideH", "insideV")
            )
            + "</w:tblBorders>"
        )
    )


def _cell_lines(cell, lines: Sequence[tuple[str, dict]]) -> None:
    """Fill a cell with centred lines; the cell's first (empty) paragraph is reused."""
    first = True
    for text, fmt in lines:
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        paragraph.alignment = fmt.get("align", WD_ALIGN_PARAGRAPH.CENTER)
        run = paragraph.add_run(text)
        run.bold = fmt.get("bold", False)
        run.italic = fmt.get("italic", False)
        run.font.size = Pt(fmt.get("size", BODY_PT))


def _cell_lines_append(cell, lines: Sequence[tuple[str, dict]]) -> None:
    for text, fmt in lines:
        paragraph = cell.add_paragraph()
        paragraph.alignment = fmt.get("align", WD_ALIGN_PARAGRAPH.CENTER)
        paragraph.paragraph_format.space_before = Pt(6)
        run = paragraph.add_run(text)
        run.bold = fmt.get("bold", False)
        run.italic = fmt.get("italic", False)
        run.font.size = Pt(fmt.get("size", BODY_PT))


def _title(document: Document, subject_lines: Sequence[str]) -> None:
    _para(document, "", after=6)
    _para(document, "BÁO CÁO", bold=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER)
    for line in subject_lines:
        _para(document, line, bold=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER)
    rule = document.add_paragraph()
    rule.alignment = WD_ALIGN_PARAGRAPH.CENTER
    side = (_text_width(document) / 360000 - 4) / 2
    rule.paragraph_format.left_indent = Cm(side)
    rule.paragraph_format.right_indent = Cm(side)
    rule.add_run().font.size = Pt(2)
    rule._p.get_or_add_pPr().append(
        parse_xml(
            f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>'
        )
    )
    _para(document, "", after=6)


def _body(document: Document, text: str) -> None:
    paragraph = _para(document, text, indent=Cm(1), align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=6)
    paragraph.paragraph_format.line_spacing = 1.15


def _heading(document: Document, text: str) -> None:
    paragraph = _para(document, text, bold=True, indent=Cm(1), after=6)
    paragraph.paragraph_format.space_before = Pt(6)
    paragraph.paragraph_format.keep_with_next = True


_W = nsdecls("w")


TABLE_STYLES = {"left": "DondocTableText", "center": "DondocTableCenter"}


def _table_styles(document: Document) -> None:
    """Paragraph styles for table cells (12 pt, left or centred): cells then carry only a
    style reference, which keeps a 2,000-row table small and quick to write."""
    from docx.enum.style import WD_STYLE_TYPE

    styles = document.styles
    for align, name in TABLE_STYLES.items():
        if name in [s.name for s in styles]:
            continue
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Normal"]
        style.font.size = Pt(TABLE_PT)
        style.paragraph_format.alignment = (
            WD_ALIGN_PARAGRAPH.CENTER if align == "center" else WD_ALIGN_PARAGRAPH.LEFT
        )


def _cell_xml(text: str, *, bold: bool = False, align: str = "left") -> str:
    run_props = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return (
        f'<w:tc><w:p><w:pPr><w:pStyle w:val="{TABLE_STYLES[align]}"/></w:pPr>'
        f'<w:r>{run_props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p></w:tc>'
    )


def _table(
    document: Document,
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    widths_cm: Sequence[float],
    aligns: Sequence[str] | None = None,
) -> None:
    """A bordered table with a bold header row repeated on each page, written as one fragment."""
    _table_styles(document)
    twips = [int(w * 567) for w in widths_cm]
    aligns = aligns or ["left"] * len(headers)
    if len(aligns) != len(headers) or len(twips) != len(headers):
        raise ValueError("one width and one alignment per column")
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in twips)
    border = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    parts = [
        f'<w:tbl {_W}><w:tblPr><w:tblW w:w="{sum(twips)}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblBorders>{border}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        f'<w:tblCellMar><w:left w:w="70" w:type="dxa"/><w:right w:w="70" w:type="dxa"/></w:tblCellMar>'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>",
        "<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>"
        + "".join(_cell_xml(h, bold=True, align="center") for h in headers)
        + "</w:tr>",
    ]
    for row in rows:
        parts.append(
            "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
            + "".join(
                _cell_xml("" if v is None else str(v), align=a) for v, a in zip(row, aligns, strict=True)
            )
            + "</w:tr>"
        )
    parts.append("</w:tbl>")
    table = parse_xml("".join(parts))
    body = document.element.body
    body.insert(len(body) - 1, table)  # before the final sectPr
    _para(document, "", after=6)


def _to_bytes(document: Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- Unit report ---------------------------------------------------------------------------


def unit_report_docx(report: UnitReport, *, today: dt.date | None = None) -> bytes:
    """The accountability report, rendered from the unit-report Word template (shipped in the
    Nghị định 30/2020 layout, replaceable by an administrator: tasks/documents)."""
    from tasks.documents.contexts import unit_report_context
    from tasks.documents.models import DocumentKind
    from tasks.documents.render import render
    from tasks.documents.selectors import explanations_for_report

    today = today or timezone.localdate()
    context = unit_report_context(report, today=today, explanations=explanations_for_report(report))
    data = render(DocumentKind.UNIT_REPORT, context)
    logger.info("unit report docx: unit=%s tasks=%s bytes=%s", report.unit.pk, len(report.tasks), len(data))
    return data


def summary_docx(rows: Sequence[SummaryRow], *, period, today: dt.date | None = None) -> bytes:
    """The organisation ranking, rendered from its Word template (tasks/documents)."""
    from tasks.documents.contexts import ranking_context
    from tasks.documents.models import DocumentKind
    from tasks.documents.render import render

    today = today or timezone.localdate()
    data = render(DocumentKind.RANKING, ranking_context(rows, period=period, today=today))
    logger.info("summary docx: units=%s bytes=%s", len(rows), len(data))
    return data


# --- xlsx ----------------------------------------------------------------------------------


def _sheet(
    workbook: Workbook,
    title: str,
    headers: Sequence[str],
    rows,
    widths: Sequence[int],
    *,
    percent_columns: Sequence[int] = (),
):
    """A write-only sheet (streamed: quick for thousands of rows): bold wrapped header row,
    set widths, frozen header; dates shown dd/mm/yyyy, shares as percentages, numbers as numbers."""
    sheet = workbook.create_sheet(title)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    header = []
    for text in headers:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        header.append(cell)
    sheet.append(header)
    percent = set(percent_columns)
    for row in rows:
        values = []
        for index, value in enumerate(row, start=1):
            cell = xlsx_cell(
                sheet, value if value is None or isinstance(value, int | float | dt.date) else str(value)
            )
            if isinstance(value, dt.date) or (index in percent and isinstance(value, float)):
                cell.number_format = "DD/MM/YYYY" if isinstance(value, dt.date) else "0.0%"
            values.append(cell)
        sheet.append(values)
    return sheet


def _xlsx_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def unit_report_xlsx(report: UnitReport) -> bytes:
    workbook = Workbook(write_only=True)
    _sheet(
        workbook,
        "Tổng hợp",
        ["Chỉ tiêu", "Giá trị"],
        [
            ("Đơn vị", report.unit.name),
            ("Người đứng đầu", report.head.name if report.head else ""),
            ("Từ ngày", report.period.start),
            ("Đến ngày", report.period.end),
            ("Tổng số nhiệm vụ được giao", report.assigned),
            ("Hoàn thành đúng hạn", report.on_time),
            ("Hoàn thành quá hạn", report.done_late),
            ("Quá hạn, chưa hoàn thành", report.overdue_count),
            ("Đang thực hiện trong hạn", report.in_progress),
            ("Tạm dừng", report.paused),
            ("Số lượt đề nghị gia hạn", report.extensions_requested),
            ("Số lượt được đồng ý gia hạn", report.extensions_granted),
            ("Tỷ lệ hoàn thành đúng hạn", report.rate / 100 if report.rate is not None else None),
            ("Xếp loại", report.rating.name),
        ],
        [40, 45],
        percent_columns=(2,),
    )
    _sheet(
        workbook,
        "Quá hạn",
        ["STT", "Nhiệm vụ", "Văn bản giao", "Thời hạn", "Số ngày quá hạn", "Lý do, tiến độ mới nhất"],
        [(i, t.title, t.directive, t.deadline, t.days_late, t.note) for i, t in enumerate(report.overdue, 1)],
        [6, 60, 22, 12, 14, 60],
    )
    _sheet(
        workbook,
        "Hoàn thành quá hạn",
        ["STT", "Nhiệm vụ", "Văn bản giao", "Thời hạn", "Ngày hoàn thành", "Số ngày chậm"],
        [
            (i, t.title, t.directive, t.deadline, t.completed_on, t.days_late)
            for i, t in enumerate(report.late, 1)
        ],
        [6, 60, 22, 12, 16, 14],
    )
    _sheet(
        workbook,
        "Danh mục nhiệm vụ",
        ["STT", "Mã", "Nhiệm vụ", "Văn bản giao", "Thời hạn", "Ngày hoàn thành", "Tình trạng", "Chuyên viên"],
        [
            (i, t.pk, t.title, t.directive, t.deadline, t.completed_on, t.category_label, t.assignee)
            for i, t in enumerate(report.tasks, 1)
        ],
        [6, 8, 60, 22, 12, 16, 26, 24],
    )
    return _xlsx_bytes(workbook)


def summary_xlsx(rows: Sequence[SummaryRow], *, period) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = _sheet(
        workbook,
        "Xếp hạng đơn vị",
        [
            "Hạng",
            "Đơn vị",
            "Người đứng đầu",
            "Được giao",
            "Đúng hạn",
            "Hoàn thành quá hạn",
            "Quá hạn",
            "Đang thực hiện",
            "Đề nghị gia hạn",
            "Được gia hạn",
            "Tỷ lệ đúng hạn",
            "Xếp loại",
        ],
        [
            (
                r.rank,
                r.row.name,
                r.head.name if r.head else "",
                r.row.assigned,
                r.row.on_time,
                r.row.late,
                r.row.overdue,
                r.row.in_progress,
                r.extensions_requested,
                r.extensions_granted,
                r.row.rate / 100 if r.row.rate is not None else None,
                r.rating.name,
            )
            for r in rows
        ],
        [8, 45, 26, 11, 11, 12, 10, 12, 12, 12, 13, 32],
        percent_columns=(11,),
    )
    sheet.append([])
    sheet.append([xlsx_cell(sheet, period_text(period))])
    return _xlsx_bytes(workbook)
