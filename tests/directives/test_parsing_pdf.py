"""The PDF layout pass, on PDFs drawn here with reportlab the way an office prints a directive:
a two-column header, wrapped paragraphs, a page number, a footnote, a ruled task table that runs
onto the next page, and a two-column signature block."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from directives.parsing import parse_bytes
from directives.parsing.readers import read_bytes
from directives.parsing.structure import Paragraph, Table

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
pytestmark = pytest.mark.skipif(not FONT.exists(), reason="needs the DejaVu font (fonts-dejavu-core)")

LEFT, RIGHT, SIZE = 72.0, 523.0, 12.0
BODY_1 = (
    "Căn cứ Nghị quyết số 71/NQ-CP ngày 01/4/2025 của Chính phủ về sửa đổi, bổ sung, cập nhật "
    "Chương trình hành động của Chính phủ, Ủy ban nhân dân tỉnh ban hành Kế hoạch triển khai "
    "thực hiện trên địa bàn tỉnh với các nội dung cụ thể như sau:"
)
BODY_2 = (
    "1. Sở Nội vụ chủ trì, phối hợp với các sở, ban, ngành rà soát toàn bộ hồ sơ, hoàn thành "
    "trước ngày 20/12/2025 và báo cáo Ủy ban nhân dân tỉnh kết quả thực hiện."
)
TITLE = "CHUYỂN ĐỔI SỐ TRONG HOẠT ĐỘNG CỦA CÁC CƠ QUAN HÀNH CHÍNH NHÀ NƯỚC TRÊN ĐỊA BÀN TỈNH AN BÌNH NĂM 2026"
ROWS = [
    ("1", "Xây dựng cơ sở dữ liệu dùng chung về hồ sơ công việc của các cơ quan", "Sở Nội vụ", "Quý I/2026"),
    ("2", "Tập huấn kỹ năng số cho cán bộ, công chức cấp xã", "Sở Khoa học và Công nghệ", "2026"),
    ("3", "Rà soát, chuẩn hóa quy trình nội bộ giải quyết thủ tục hành chính", "Sở Tư pháp", "2025 - 2030"),
]


class _Page:
    def __init__(self, canvas, font: str) -> None:
        self.c = canvas
        self.font = font
        self.y = 780.0

    def text(self, x: float, y: float, s: str, size: float = SIZE) -> None:
        self.c.setFont(self.font, size)
        self.c.drawString(x, y, s)

    def centred(self, x: float, y: float, s: str, size: float = SIZE) -> None:
        self.c.setFont(self.font, size)
        self.c.drawCentredString(x, y, s)

    def paragraph(self, s: str, indent: float = 28.0) -> None:
        from reportlab.lib.utils import simpleSplit

        first, *rest = simpleSplit(s, self.font, SIZE, RIGHT - LEFT - indent)
        self.text(LEFT + indent, self.y, first)
        self.y -= 15
        if rest:
            for line in simpleSplit(s[len(first) :].strip(), self.font, SIZE, RIGHT - LEFT):
                self.text(LEFT, self.y, line)
                self.y -= 15
        self.y -= 6  # paragraph spacing


def _wrap(s: str, font: str, width: float) -> list[str]:
    from reportlab.lib.utils import simpleSplit

    return simpleSplit(s, font, SIZE, width)


def directive_pdf() -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas as rl_canvas

    pdfmetrics.registerFont(TTFont("DejaVuSerif", str(FONT)))
    font = "DejaVuSerif"
    buf = io.BytesIO()
    c = rl_canvas.Canvas(buf, pagesize=(595.0, 842.0))
    p = _Page(c, font)

    # header: issuer | Quốc hiệu, Số | place and date
    p.centred(160, 790, "ỦY BAN NHÂN DÂN")
    p.centred(380, 790, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA")
    p.centred(380, 775, "VIỆT NAM")
    p.centred(160, 775, "TỈNH AN BÌNH")
    p.centred(380, 760, "Độc lập - Tự do - Hạnh phúc")
    p.centred(160, 735, "Số: 45/KH-UBND")
    p.centred(380, 735, "An Bình, ngày 03 tháng 12 năm 2025")
    p.centred(297, 700, "KẾ HOẠCH")
    for k, line in enumerate(_wrap(TITLE, font, RIGHT - LEFT)):
        p.centred(297, 682 - 15 * k, line)
    p.y = 635
    # a symbol broken after its hyphen at the end of a full (justified) line
    first = "Căn cứ Nghị quyết số 71/NQ-"
    width = pdfmetrics.stringWidth(first, font, SIZE)
    c.setFont(font, SIZE)
    c.drawString(LEFT + 28, p.y, first, charSpace=(RIGHT - LEFT - 28 - width) / (len(first) - 1))
    p.y -= 15
    p.text(LEFT, p.y, "CP ngày 01/4/2025 của Chính phủ;")
    p.y -= 21
    p.paragraph(BODY_1)
    p.paragraph(BODY_2)
    # footnote in a smaller type at the foot of the page
    c.line(LEFT, 92, LEFT + 120, 92)
    p.text(LEFT, 80, "1 Số liệu tổng hợp đến ngày 30/11/2025.", size=9)
    p.text(LEFT, 70, "theo báo cáo của các sở, ngành.", size=9)

    # the task table: four columns, ruled, the third row cut by the page break
    xs = [LEFT, LEFT + 40, LEFT + 240, LEFT + 360, RIGHT]
    widths = [b - a - 8 for a, b in zip(xs, xs[1:], strict=False)]

    def table(rows, top: float, split_last: int | None = None) -> None:
        y = top
        ys = [y]
        for k, row in enumerate(rows):
            cells = [_wrap(cell, font, w) for cell, w in zip(row, widths, strict=True)]
            if split_last is not None and k == len(rows) - 1:
                cells = [cell[:split_last] for cell in cells]
            height = 15 * max(len(cell) for cell in cells) + 6
            for cell, x in zip(cells, xs, strict=False):
                for j, line in enumerate(cell):
                    p.text(x + 4, y - 14 - 15 * j, line)
            y -= height
            ys.append(y)
        for yy in ys:
            c.line(xs[0], yy, xs[-1], yy)
        for x in xs:
            c.line(x, ys[0], x, ys[-1])

    header = ("STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành")
    table([header, *ROWS], top=p.y - 10, split_last=1)
    c.showPage()

    p = _Page(c, font)
    p.centred(297, 815, "2")  # page number
    rest = ("", ROWS[2][1][len(_wrap(ROWS[2][1], font, widths[1])[0]) :].strip(), "", "")
    table([rest, ("4", "Đánh giá kết quả thực hiện Kế hoạch", "Sở Nội vụ", "Tháng 11 - 12/2026")], top=780)
    p.y = 680
    p.paragraph("Trên đây là Kế hoạch chuyển đổi số năm 2026 của Ủy ban nhân dân tỉnh./.")
    # signature block: Nơi nhận | signature
    p.text(LEFT, 620, "Nơi nhận:")
    p.centred(400, 620, "TM. ỦY BAN NHÂN DÂN")
    p.text(LEFT, 605, "- Các sở, ban, ngành;")
    p.centred(400, 605, "CHỦ TỊCH")
    p.text(LEFT, 590, "- Lưu: VT.")
    p.centred(400, 540, "Lê Văn An")
    c.showPage()
    c.save()
    return buf.getvalue()


@pytest.fixture(scope="module")
def pdf_bytes() -> bytes:
    return directive_pdf()


@pytest.fixture(scope="module")
def blocks(pdf_bytes):
    return read_bytes(pdf_bytes, "kh.pdf").blocks


def _texts(blocks) -> list[str]:
    return [b.text for b in blocks if isinstance(b, Paragraph)]


def test_header_columns_are_read_one_after_the_other(blocks):
    texts = _texts(blocks)
    assert texts[:3] == ["ỦY BAN NHÂN DÂN", "TỈNH AN BÌNH", "Số: 45/KH-UBND"]
    assert "An Bình, ngày 03 tháng 12 năm 2025" in texts[3:8]


def test_wrapped_lines_make_one_paragraph_and_short_lines_end_it(blocks):
    texts = _texts(blocks)
    assert BODY_1 in texts
    assert BODY_2 in texts


def test_a_symbol_broken_after_its_hyphen_is_joined(blocks):
    assert "Căn cứ Nghị quyết số 71/NQ-CP ngày 01/4/2025 của Chính phủ;" in _texts(blocks)


def test_page_numbers_and_footnotes_leave_the_body(pdf_bytes, blocks):
    texts = _texts(blocks)
    assert "2" not in texts
    assert not any(t.startswith("1 Số liệu") for t in texts)
    doc = read_bytes(pdf_bytes, "kh.pdf")
    assert doc.footnotes["1"].startswith("Số liệu tổng hợp đến ngày 30/11/2025. theo báo cáo")


def test_a_ruled_table_becomes_one_table_across_the_page_break(blocks):
    (table,) = [b for b in blocks if isinstance(b, Table)]
    assert table.rows[0] == ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành"]
    assert table.rows[1] == list(ROWS[0])
    assert table.rows[3] == list(ROWS[2])  # the row the page break cut is whole again
    assert table.rows[4][0] == "4" and len(table.rows) == 5


def test_metadata_and_tasks_from_the_pdf(pdf_bytes):
    parsed = parse_bytes(pdf_bytes, "kh.pdf")
    meta = parsed.meta
    assert (meta.type, meta.number, meta.symbol) == ("Kế hoạch", "45", "KH-UBND")
    assert meta.issued_date == dt.date(2025, 12, 3)
    assert meta.subject == TITLE
    assert (meta.signer, meta.signer_title) == ("Lê Văn An", "CHỦ TỊCH")
    assert meta.cc == ["Các sở, ban, ngành", "Lưu: VT"]
    refs = {(r.number, r.symbol) for r in parsed.references}
    assert ("71", "NQ-CP") in refs
    deadlines = {t.title.split()[0]: t.deadline for t in parsed.tasks}
    assert deadlines["Xây"] == dt.date(2026, 3, 31)
    assert deadlines["Rà"] == dt.date(2030, 12, 31)
    assert deadlines["Đánh"] == dt.date(2026, 12, 31)


def _merged_cell_pdf() -> bytes:
    """A ruled table whose 'Cơ quan chủ trì' cell spans rows 1 and 2 (no rule between them in
    that column)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas as rl_canvas

    pdfmetrics.registerFont(TTFont("DejaVuSerif", str(FONT)))
    buf = io.BytesIO()
    c = rl_canvas.Canvas(buf, pagesize=(595.0, 842.0))
    c.setFont("DejaVuSerif", SIZE)
    c.drawString(LEFT, 800, "Phụ lục: danh mục nhiệm vụ năm 2026 của các cơ quan, đơn vị trên địa bàn tỉnh")
    xs = [LEFT, LEFT + 40, LEFT + 260, LEFT + 380, RIGHT]
    ys = [780, 760, 740, 720]
    rows = [
        ("STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời gian"),
        ("1", "Số hóa hồ sơ lưu trữ", "Sở Nội vụ", "Quý I/2026"),
        ("2", "Chuẩn hóa dữ liệu cán bộ", "", "Quý II/2026"),
    ]
    for row, y in zip(rows, ys, strict=False):
        for text, x in zip(row, xs, strict=False):
            if text:
                c.drawString(x + 4, y - 14, text)
    for k, y in enumerate(ys):
        if k == 2:  # the rule between rows 1 and 2 skips the merged column
            c.line(xs[0], y, xs[2], y)
            c.line(xs[3], y, xs[4], y)
        else:
            c.line(xs[0], y, xs[-1], y)
    for x in xs:
        c.line(x, ys[0], x, ys[-1])
    c.showPage()
    c.save()
    return buf.getvalue()


def test_a_vertically_merged_cell_gives_its_text_to_every_row():
    (table,) = [b for b in read_bytes(_merged_cell_pdf(), "pl.pdf").blocks if isinstance(b, Table)]
    assert table.rows[1][2] == "Sở Nội vụ"
    assert table.rows[2] == ["2", "Chuẩn hóa dữ liệu cán bộ", "Sở Nội vụ", "Quý II/2026"]


def _cong_van_pdf() -> bytes:
    """A Công văn: Số and a two-line V/v in the left header column, Kính gửi with two items."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas as rl_canvas

    pdfmetrics.registerFont(TTFont("DejaVuSerif", str(FONT)))
    font = "DejaVuSerif"
    buf = io.BytesIO()
    c = rl_canvas.Canvas(buf, pagesize=(595.0, 842.0))
    p = _Page(c, font)
    p.centred(160, 790, "ỦY BAN NHÂN DÂN")
    p.centred(380, 790, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    p.centred(160, 775, "XÃ HÒA AN")
    p.centred(380, 775, "Độc lập - Tự do - Hạnh phúc")
    p.centred(160, 750, "Số: 231/UBND-VP")
    p.centred(380, 750, "Hòa An, ngày 10 tháng 12 năm 2025")
    vv = "V/v triển khai rà soát, cập nhật hồ sơ địa chính trên địa bàn xã"
    for k, line in enumerate(_wrap(vv, font, 190)):
        p.centred(160, 735 - 14 * k, line, size=11)
    p.centred(297, 680, "Kính gửi:")
    p.text(230, 662, "- Công chức Địa chính - Xây dựng;")
    p.text(230, 647, "- Trưởng các thôn.")
    p.y = 620
    p.paragraph(
        "Thực hiện Kế hoạch số 45/KH-UBND ngày 03/12/2025 của Ủy ban nhân dân tỉnh, Ủy ban nhân dân "
        "xã đề nghị các đơn vị khẩn trương rà soát, cập nhật hồ sơ, báo cáo trước ngày 25/12/2025./."
    )
    c.showPage()
    c.save()
    return buf.getvalue()


def test_a_cong_van_header_from_pdf():
    meta = parse_bytes(_cong_van_pdf(), "cv.pdf").meta
    assert (meta.type, meta.number, meta.symbol) == ("Công văn", "231", "UBND-VP")
    assert meta.subject == "triển khai rà soát, cập nhật hồ sơ địa chính trên địa bàn xã"
    assert meta.issued_date == dt.date(2025, 12, 10)
    assert meta.recipients == ["Công chức Địa chính - Xây dựng", "Trưởng các thôn"]
    assert meta.issuer == "UBND xã Hòa An"


def _unruled_table_pdf() -> bytes:
    """A task table printed without rules: header cells wrap over two lines, content cells wrap."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas as rl_canvas

    pdfmetrics.registerFont(TTFont("DejaVuSerif", str(FONT)))
    font = "DejaVuSerif"
    buf = io.BytesIO()
    c = rl_canvas.Canvas(buf, pagesize=(595.0, 842.0))
    p = _Page(c, font)
    p.y = 800
    p.paragraph(
        "Các cơ quan, đơn vị thực hiện các nhiệm vụ trong danh mục sau đây, báo cáo kết quả về Sở Nội vụ."
    )
    xs = [LEFT, LEFT + 40, LEFT + 250, LEFT + 370]
    widths = [30, 200, 110, 80]
    header = [["STT"], ["Nội dung nhiệm vụ"], ["Cơ quan", "chủ trì"], ["Thời gian", "hoàn thành"]]
    y = p.y - 10
    for cell, x in zip(header, xs, strict=True):
        for j, line in enumerate(cell):
            p.text(x, y - 15 * j, line)
    y -= 36
    for row in ROWS:
        cells = [_wrap(cell, font, w) for cell, w in zip(row, widths, strict=True)]
        for cell, x in zip(cells, xs, strict=True):
            for j, line in enumerate(cell):
                p.text(x, y - 15 * j, line)
        y -= 15 * max(len(cell) for cell in cells) + 6
    p.y = y - 20
    p.paragraph(
        "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các đơn vị phản ánh về Sở Nội vụ để tổng hợp./."
    )
    c.showPage()
    c.save()
    return buf.getvalue()


def test_an_unruled_task_table_is_read_by_its_columns():
    blocks = read_bytes(_unruled_table_pdf(), "pl.pdf").blocks
    (table,) = [b for b in blocks if isinstance(b, Table)]
    assert table.rows[0] == ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành"]
    assert table.rows[1:] == [list(r) for r in ROWS]
    texts = _texts(blocks)
    assert texts[-1].startswith("Trong quá trình thực hiện") and texts[0].startswith("Các cơ quan")


def _repeated_header_pdf() -> bytes:
    """A ruled task table over three pages, its header row repeated at the top of each page."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas as rl_canvas

    pdfmetrics.registerFont(TTFont("DejaVuSerif", str(FONT)))
    buf = io.BytesIO()
    c = rl_canvas.Canvas(buf, pagesize=(595.0, 842.0))
    xs = [LEFT, LEFT + 40, LEFT + 260, LEFT + 380, RIGHT]
    header = ("STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời gian")
    for k, row in enumerate(ROWS):
        c.setFont("DejaVuSerif", SIZE)
        ys = [800, 780, 760]
        for cells, y in ((header, ys[0]), (row, ys[1])):
            for text, x, w in zip(cells, xs, [30, 210, 110, 80], strict=False):
                c.drawString(x + 4, y - 14, _wrap(text, "DejaVuSerif", w)[0])
        for y in ys:
            c.line(xs[0], y, xs[-1], y)
        for x in xs:
            c.line(x, ys[0], x, ys[-1])
        c.drawCentredString(297, 40, str(k + 1))
        c.showPage()
    c.save()
    return buf.getvalue()


def test_a_header_row_repeated_on_every_page_is_kept_once():
    (table,) = [b for b in read_bytes(_repeated_header_pdf(), "pl.pdf").blocks if isinstance(b, Table)]
    assert table.rows[0] == ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời gian"]
    assert [r[0] for r in table.rows[1:]] == ["1", "2", "3"]


def test_a_failing_layout_pass_falls_back_to_the_lines(pdf_bytes, monkeypatch):
    from directives.parsing import readers

    def broken(pages, doc):
        raise ValueError("unexpected layout")

    monkeypatch.setattr(readers, "pdf_layout", broken)
    texts = _texts(read_bytes(pdf_bytes, "kh.pdf").blocks)
    assert any("45/KH-UBND" in t for t in texts)
    assert not any(isinstance(b, Table) for b in read_bytes(pdf_bytes, "kh.pdf").blocks)
