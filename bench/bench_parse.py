"""Parser speed: a 10-page .docx directive, parsed whole vs. python-docx alone opening it and
walking its paragraphs and tables; a generated 1 MB plain-text directive and one 200,000-character
line, parsed whole (best of three, seconds).  python bench/run.py parse"""

from __future__ import annotations

import io
import statistics
import time

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

RUNS = 15


def _numbered(document) -> None:
    numbering = document.part.numbering_part.element
    levels = [("upperRoman", "%1."), ("decimal", "%2."), ("lowerLetter", "%3)"), ("bullet", "-")]
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{f}"/><w:lvlText w:val="{t}"/></w:lvl>'
        for i, (f, t) in enumerate(levels)
    )
    abstract = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="77">{lvls}</w:abstractNum>')
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="77"><w:abstractNumId w:val="77"/></w:num>'))


def build_directive(pages: int = 10) -> bytes:
    """About 500 words a page: a header table, numbered sections per unit with bullets and
    prose, a task table and the signature table."""
    document = docx.Document()
    _numbered(document)

    def para(text: str, level: int | None = None) -> None:
        p = document.add_paragraph(text)
        if level is not None:
            p._p.get_or_add_pPr().append(
                parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="77"/></w:numPr>')
            )

    header = document.add_table(rows=2, cols=2)
    header.rows[0].cells[0].text = "ỦY BAN NHÂN DÂN\nHUYỆN MINH LONG"
    header.rows[0].cells[1].text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    header.rows[1].cells[0].text = "Số: 140/KH-UBND"
    header.rows[1].cells[1].text = "Minh Long, ngày 06 tháng 6 năm 2025"
    para("KẾ HOẠCH")
    para("Thực hiện nhiệm vụ cải cách hành chính năm 2025")
    para(
        "Căn cứ Quyết định số 915/QĐ-UBND ngày 20/5/2025 của UBND tỉnh, UBND huyện ban hành Kế hoạch như sau:"
    )
    para("MỤC ĐÍCH, YÊU CẦU", 0)
    para("Bảo đảm các nhiệm vụ được triển khai đồng bộ, đúng tiến độ.", 3)
    para("NHIỆM VỤ CỤ THỂ", 0)
    units = ["Phòng Nội vụ", "Phòng Tư pháp", "Văn phòng HĐND và UBND huyện", "Phòng Tài chính - Kế hoạch"]
    for page in range(pages):
        para(f"{units[page % len(units)]} có trách nhiệm", 1)
        para(
            "Chủ trì, phối hợp với các phòng, ban, ngành và UBND các xã rà soát quy trình nội bộ, hoàn thành trước ngày 30/9/2025.",
            3,
        )
        para("Thường xuyên theo dõi, đôn đốc việc thực hiện; báo cáo kết quả trong quý IV/2025.", 3)
        for k in range(6):
            para(
                f"Kiểm tra đợt {k + 1} việc giải quyết hồ sơ tại bộ phận một cửa của các xã, tổng hợp kết quả "
                "báo cáo Chủ tịch UBND huyện (qua Phòng Nội vụ) để xem xét, chỉ đạo xử lý kịp thời các vướng mắc.",
                3,
            )
        para("Nâng cao chất lượng phục vụ người dân", 2)
        for k in range(14):
            para(
                f"Diễn giải {k + 1}: công chức tiếp nhận hồ sơ hướng dẫn đầy đủ một lần, không yêu cầu bổ sung giấy tờ "
                "ngoài quy định; việc tiếp nhận, trả kết quả được ghi sổ theo dõi và cập nhật trên hệ thống thông tin."
            )
    table = document.add_table(rows=1, cols=5)
    for cell, text in zip(
        table.rows[0].cells,
        ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"],
        strict=True,
    ):
        cell.text = text
    for k in range(20):
        row = table.add_row().cells
        row[0].text, row[1].text, row[2].text, row[3].text, row[4].text = (
            str(k + 1),
            f"Nhiệm vụ số hóa hồ sơ nhóm {k + 1}",
            units[k % len(units)],
            "UBND các xã",
            "Quý III/2025",
        )
    para("Yêu cầu các cơ quan, đơn vị nghiêm túc triển khai thực hiện./.")
    footer = document.add_table(rows=1, cols=2)
    footer.rows[0].cells[0].text = "Nơi nhận:\n- Sở Nội vụ;\n- Lưu: VT."
    footer.rows[0].cells[1].text = "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nĐinh Văn Minh"
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _walk(data: bytes) -> int:
    document = docx.Document(io.BytesIO(data))
    n = 0
    for p in document.paragraphs:
        n += len(p.text)
    for t in document.tables:
        for row in t.rows:
            for cell in row.cells:
                n += len(cell.text)
    return n


def _median_ms(fn, runs: int = RUNS) -> float:
    fn()  # warm-up (imports, caches)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def build_text(size: int = 1_000_000) -> str:
    """A plain-text directive of about ``size`` characters: header, then parts of numbered
    items per unit with bullets, field lines, dates, references and a pasted task table."""
    units = ["Sở Nội vụ", "Sở Tư pháp", "Sở Tài chính", "Văn phòng UBND tỉnh", "UBND các xã, phường"]
    head = (
        "ỦY BAN NHÂN DÂN\nTỈNH MINH AN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 140/KH-UBND\nMinh An, ngày 06 tháng 6 năm 2025\nKẾ HOẠCH\nThực hiện nhiệm vụ năm 2025\n"
        "Căn cứ Quyết định số 915/QĐ-UBND ngày 20/5/2025 của UBND tỉnh, UBND tỉnh ban hành Kế hoạch như sau:\n"
    )
    parts = [head]
    total = len(head)
    k = 0
    while total < size:
        k += 1
        unit = units[k % len(units)]
        chunk = [
            f"{k}. {unit} có trách nhiệm:",
            f"- Chủ trì, phối hợp với các sở, ngành rà soát hồ sơ theo Công văn số {k}/UBND-NC ngày 12/3/2025, "
            "hoàn thành trước ngày 30/9/2025.",
            "- Thường xuyên theo dõi, đôn đốc; báo cáo kết quả trong Quý IV/2025 và hằng năm trước ngày 15/12.",
            "- Thời gian thực hiện: Tháng 11 - 12/2025.",
            f"- Cơ quan chủ trì: {unit}; Cơ quan phối hợp: các sở, ban, ngành.",
            "Nội dung diễn giải: công chức tiếp nhận hồ sơ hướng dẫn đầy đủ một lần, không yêu cầu bổ sung "
            "giấy tờ ngoài quy định; việc tiếp nhận, trả kết quả được ghi sổ theo dõi và cập nhật trên hệ thống.",
            "| STT | Nội dung | Cơ quan chủ trì | Thời gian |",
            f"| 1 | Số hóa hồ sơ nhóm {k} | {unit} | 2025 - 2030 |",
        ]
        text = "\n".join(chunk) + "\n"
        parts.append(text)
        total += len(text)
    parts.append("Nơi nhận:\n- Như trên;\n- Lưu: VT.\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nĐinh Văn Minh\n")
    return "".join(parts)[: size + 200]


def build_long_line(size: int = 200_000) -> str:
    """One line of ``size`` characters: sentences with units, dates and references, no breaks."""
    sentence = (
        "Sở Nội vụ chủ trì, phối hợp với Sở Tư pháp rà soát theo Quyết định số 12/QĐ-UBND ngày 01/02/2025, "
        "báo cáo trước ngày 20/11/2025 hoặc trong Quý IV/2025; "
    )
    return (sentence * (size // len(sentence) + 1))[:size]


def _once_s(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def run(ctx=None) -> dict[str, float | str]:
    from directives.parsing import parse_bytes
    from directives.parsing.timeexpr import extract_deadline  # noqa: F401 - imported before timing

    data = build_directive(pages=10)
    parsed = parse_bytes(data, "bench.docx")
    assert parsed.tasks, "the bench directive must produce tasks"
    from deadlines.workdays import WorkCalendar

    calendar = WorkCalendar()
    parse_ms = _median_ms(lambda: parse_bytes(data, "bench.docx", calendar=calendar))
    walk_ms = _median_ms(lambda: _walk(data))
    from directives.parsing import parse_text

    text = build_text()
    line = build_long_line()
    parse_text(text[:20_000], calendar=calendar)  # warm-up
    from directives.parsing.textutil import fold

    def cold(source: str):
        fold.cache_clear()  # each timed parse starts with an empty fold cache, as a new upload does
        return parse_text(source, calendar=calendar)

    text_s = min(_once_s(lambda: cold(text)) for _ in range(3))
    line_s = min(_once_s(lambda: cold(line)) for _ in range(3))
    return {
        "parse_text_1mb_s": round(text_s, 2),
        "parse_long_line_s": round(line_s, 2),
        "parse_docx_ms": round(parse_ms, 1),
        "docx_walk_ms": round(walk_ms, 1),
        "parse_vs_walk_ratio": round(parse_ms / walk_ms, 2),
        "parse_tasks_found": str(len(parsed.tasks)),
    }


if __name__ == "__main__":
    for key, value in run().items():
        print(f"{key}: {value}")
