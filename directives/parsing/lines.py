"""From a :class:`SourceDocument` to a flat list of normalised lines.

Layout tables (issuer | Quốc hiệu, Số | place and date, Nơi nhận | signature) are read cell
by cell; task tables are set aside for row-by-row reading; other data tables are kept out of
the body text. Footnotes written inline in plain text (a line opening with "¹", "²"…, which
a text export splices into the middle of a sentence) are cut out and the sentence re-joined.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .structure import Paragraph, SourceDocument, Table
from .textutil import SUPERSCRIPTS, fold, normalize, strip_footnote_marks, superscript_to_digits


@dataclass(slots=True)
class Line:
    text: str
    new_para: bool = True
    cell: int | None = None  # layout-table cell the line comes from
    centered: bool = False
    footnotes: list[str] = field(default_factory=list)


@dataclass(slots=True)
class TaskTable:
    header: list[str]
    rows: list[list[str]]
    columns: dict[str, int]
    line_index: int  # position in the line list (tasks appear in body order)


_LAYOUT_HINTS = re.compile(
    r"cong hoa xa hoi|doc lap - tu do|^so\s*:|noi nhan|^tm\.|^kt\.|ngay .{0,4}thang .{0,4}nam|kinh gui", re.M
)

_COLS = {
    "stt": re.compile(r"^(?:stt|tt|so tt|so thu tu)$"),
    "content": re.compile(r"noi dung|nhiem vu|ten nhiem vu|cong viec|giai phap|hoat dong"),
    "lead": re.compile(
        r"chu tri|don vi thuc hien|co quan thuc hien|trach nhiem thuc hien|don vi thuc hien|thuc hien$|don vi chu tri|co quan chu tri|phu trach"
    ),
    "coop": re.compile(r"phoi hop"),
    "time": re.compile(r"thoi gian|thoi han|tien do|han hoan thanh|moc"),
    "product": re.compile(r"san pham|ket qua|hinh thuc"),
    "note": re.compile(r"ghi chu"),
}


def _table_columns(header: list[str]) -> dict[str, int]:
    cols: dict[str, int] = {}
    for idx, cell in enumerate(header):
        key = fold(cell)
        if not key:
            continue
        for name in ("stt", "coop", "lead", "time", "product", "note", "content"):
            if name not in cols and _COLS[name].search(key):
                if name == "lead" and "phoi hop" in key:
                    continue
                cols[name] = idx
                break
    return cols


def _is_task_table(table: Table) -> tuple[int, dict[str, int]] | None:
    for hi, row in enumerate(table.rows[:3]):
        cols = _table_columns(row)
        if "content" in cols and ("lead" in cols or "time" in cols):
            return hi, cols
    return None


_SEPARATOR = re.compile(r"^[\s\-_=.*~]{3,}$")
_FOOTNOTE_START = re.compile(rf"^(?P<mark>[{SUPERSCRIPTS}]+)\s*(?P<rest>.*)$")
_NUMBERED = re.compile(r"^(?:[IVXLC]+\.|\d{1,2}(?:\.\d{1,2})*\.?|[a-zđ]\)|Điều\s+\d+)\s")


def to_lines(doc: SourceDocument) -> tuple[list[Line], list[TaskTable], dict[str, str], dict[str, int]]:
    """(lines, task tables, footnotes, footnote anchor line index)."""
    lines: list[Line] = []
    tables: list[TaskTable] = []
    footnotes = {k: normalize(v) for k, v in doc.footnotes.items()}
    anchors: dict[str, int] = {}
    cell_id = 0

    def add_paragraph(p: Paragraph, cell: int | None = None) -> None:
        full = p.full_text
        parts = [normalize(x) for x in full.split("\n")] if "\n" in full else [normalize(full)]
        first = True
        for part in parts:
            if not part or _SEPARATOR.match(part):
                continue
            lines.append(Line(part, new_para=p.new_para if first else False, cell=cell, centered=p.centered))
            first = False
        for ref in p.footnote_refs:
            anchors.setdefault(ref, max(len(lines) - 1, 0))

    for block in doc.blocks:
        if isinstance(block, Paragraph):
            add_paragraph(block)
            continue
        rows = [[normalize(c) for c in r] for r in block.rows]
        detected = _is_task_table(Table(rows=rows))
        if detected:
            hi, cols = detected
            tables.append(
                TaskTable(header=rows[hi], rows=rows[hi + 1 :], columns=cols, line_index=len(lines))
            )
            continue
        joined = fold("\n".join("\n".join(r) for r in block.rows))
        if block.borderless or _LAYOUT_HINTS.search(joined):
            body_cell, head, rest = _body_in_cell(block.rows)
            for row in block.rows:
                seen: set[str] = set()
                for cell in row:
                    if not cell.strip() or cell in seen:
                        continue
                    seen.add(cell)
                    cell_id += 1
                    parts = head if cell is body_cell else cell.split("\n")
                    for k, part in enumerate(parts):
                        part = normalize(part)
                        if part and not _SEPARATOR.match(part):
                            lines.append(Line(part, new_para=k == 0, cell=cell_id))
            for part in rest:  # the body that sat in a header cell, after the header's cells
                part = normalize(part)
                if part and not _SEPARATOR.match(part):
                    lines.append(Line(part, new_para=True))
    lines = _cut_inline_footnotes(lines, footnotes, anchors)
    for line in lines:
        text, marks = strip_footnote_marks(line.text)
        if marks:
            line.text = re.sub(r"\s{2,}", " ", text).strip()
            line.footnotes.extend(marks)
    lines = [ln for ln in lines if ln.text]
    return lines, tables, footnotes, anchors


def _body_in_cell(rows: list[list[str]]) -> tuple[str | None, list[str], list[str]]:
    """A layout table whose first cell holds the whole body (issuer, type, title and then
    every paragraph, with Quốc hiệu beside it and Số | date in the row below): the cell's
    header lines, up to its first body paragraph, and its body paragraphs. The body is read
    after the table's other cells, so the header comes out whole."""
    for row in rows:
        for cell in row:
            parts = cell.split("\n")
            if len(parts) < 15:
                continue
            cut = next(
                (k for k, p in enumerate(parts) if len(p) > 200 or (len(p) > 60 and not p.isupper())), None
            )
            if cut:
                return cell, parts[:cut], parts[cut:]
    return None, [], []


_ANCHOR_LOOKBACK = 400  # lines searched back for a footnote's anchor (keeps the pass linear)


def _cut_inline_footnotes(
    lines: list[Line], footnotes: dict[str, str], anchors: dict[str, int]
) -> list[Line]:
    """A line opening with a superscript number starts a footnote; it runs until a numbered
    clause, "Nơi nhận", or a line opening in lower case (the interrupted sentence going on,
    which is joined back to the line before the footnote)."""
    out: list[Line] = []
    i = 0
    n = len(lines)
    while i < n:
        m = _FOOTNOTE_START.match(lines[i].text)
        if not m or not m.group("rest"):
            out.append(lines[i])
            i += 1
            continue
        mark = superscript_to_digits(m.group("mark"))
        body = [m.group("rest")]
        j = i + 1
        resumed = False
        while j < n:
            t = lines[j].text
            if _FOOTNOTE_START.match(t) or _NUMBERED.match(t) or fold(t).startswith("noi nhan"):
                break
            if t[:1].islower():
                if body[-1].rstrip().endswith((".", ";", ":")):
                    resumed = True  # the sentence the footnote interrupted goes on
                    break
                body[-1] = f"{body[-1]} {t}"  # a wrapped footnote line
                j += 1
                continue
            body.append(t)
            j += 1
        footnotes.setdefault(mark, "\n".join(body))
        for k in range(len(out) - 1, max(-1, len(out) - 1 - _ANCHOR_LOOKBACK), -1):
            if mark in "".join(
                superscript_to_digits(x) for x in re.findall(f"[{SUPERSCRIPTS}]+", out[k].text)
            ):
                anchors.setdefault(mark, k)
                break
        if resumed and out:
            out[-1].text = f"{out[-1].text} {lines[j].text}"
            j += 1
        i = j
    return out
