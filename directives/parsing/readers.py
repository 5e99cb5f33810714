"""Readers: .docx, .pdf and plain text into one :class:`SourceDocument`.

Every failure to read ends in :class:`DirectiveParseError` with a Vietnamese message for the
user and an English one for the logs; nothing else escapes from :func:`read_bytes`.
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .errors import DirectiveParseError
from .structure import Paragraph, SourceDocument, Table

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 20 * 1024 * 1024  # uploads above 20 MB are refused
MAX_UNCOMPRESSED_BYTES = 120 * 1024 * 1024  # zip-bomb cap for .docx members, in total
MAX_MEMBER_RATIO = 200  # compression ratio above which a large member is suspicious
MAX_PDF_PAGES = 400

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"


def _fail(message: str, code: str, log_message: str) -> DirectiveParseError:
    logger.info("directive parse refused: %s (%s)", log_message, code)
    return DirectiveParseError(message, code=code, log_message=log_message)


# --------------------------------------------------------------------------- dispatch


def sniff_kind(data: bytes, filename: str = "") -> str:
    """'docx', 'pdf', 'ole' or 'text', from the content first and the name second."""
    head = data[:8]
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "docx"
    if head == OLE_MAGIC:
        return "ole"
    ext = Path(filename).suffix.lower()
    if ext in {".docx", ".docm", ".dotx"}:
        return "docx"  # will fail as "not a .docx" below, which is the right message
    if ext == ".pdf":
        return "pdf"
    return "text"


def read_bytes(data: bytes, filename: str = "") -> SourceDocument:
    if data is None or len(data) == 0:
        raise _fail("Tệp rỗng, không có nội dung để đọc.", "empty", "empty input")
    if len(data) > MAX_FILE_BYTES:
        raise _fail(
            "Tệp vượt quá dung lượng cho phép (20 MB).",
            "too_large",
            f"input of {len(data)} bytes exceeds {MAX_FILE_BYTES}",
        )
    kind = sniff_kind(data, filename)
    if kind == "ole":
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e" in data:
            raise _fail(
                "Tệp được bảo vệ bằng mật khẩu. Vui lòng gỡ mật khẩu rồi tải lên lại.",
                "encrypted",
                "password-protected OOXML (OLE EncryptedPackage)",
            )
        raise _fail(
            "Tệp Word định dạng cũ (.doc) chưa được hỗ trợ. Vui lòng lưu lại dưới dạng .docx hoặc PDF.",
            "legacy_doc",
            "OLE compound file (legacy .doc)",
        )
    if kind == "docx":
        return read_docx(data)
    if kind == "pdf":
        return read_pdf(data)
    if Path(filename).suffix.lower() in {".doc", ".xls", ".xlsx", ".odt", ".rtf", ".zip"}:
        raise _fail(
            "Định dạng tệp không được hỗ trợ. Hãy dùng .docx, .pdf hoặc văn bản thuần (.txt).",
            "unsupported",
            f"unsupported file type {filename!r}",
        )
    return read_text(decode_text(data))


def read_path(path: str | Path) -> SourceDocument:
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise _fail("Không mở được tệp.", "unreadable", f"cannot stat {p}: {exc}") from exc
    if size > MAX_FILE_BYTES:
        raise _fail("Tệp vượt quá dung lượng cho phép (20 MB).", "too_large", f"{p} is {size} bytes")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise _fail("Không mở được tệp.", "unreadable", f"cannot read {p}: {exc}") from exc
    return read_bytes(data, p.name)


# --------------------------------------------------------------------------- text


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else a detected legacy encoding."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise _bad_encoding(str(exc)) from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        if "\x00" in text:
            raise _bad_encoding("NUL bytes in text")
        return text
    if b"\x00" in data[:4096]:
        raise _bad_encoding("binary content")
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None or best.chaos > 0.25:
        raise _bad_encoding(f"no confident encoding (best={best.encoding if best else None})")
    try:
        text = data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise _bad_encoding(f"{best.encoding}: {exc}") from exc
    # a legacy font encoding (TCVN3/VNI) decodes "cleanly" as Western text without a single
    # Vietnamese letter: refuse it rather than parse mojibake
    if not _VIETNAMESE_LETTERS.search(unicodedata.normalize("NFC", text)):
        raise _bad_encoding(f"{best.encoding} gives no Vietnamese letters")
    return text


_VIETNAMESE_LETTERS = re.compile(
    "[ăâđêôơưĂÂĐÊÔƠƯàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ\u0300\u0301\u0303\u0309\u0323]"
)


def _bad_encoding(detail: str) -> DirectiveParseError:
    return _fail(
        "Không nhận dạng được bảng mã của văn bản. Vui lòng lưu tệp ở dạng Unicode (UTF-8) rồi tải lên lại.",
        "encoding",
        f"undecodable text: {detail}",
    )


_MARKER_START = re.compile(
    r"^\s*(?:[-+•*–—]\s|[IVXLC]+\.\s|\d{1,2}(?:\.\d{1,2})*[.)]\s|[a-zđ][).]\s|Điều\s+\d)"
)
_SENTENCE_END = re.compile(r"[.;:!?…]\s*$|\./\.\s*$")


def split_lines(text: str) -> list[Paragraph]:
    """Lines of plain or extracted text, each flagged as starting a paragraph or continuing
    the previous one (wrapped lines, page breaks inside a sentence)."""
    out: list[Paragraph] = []
    prev = ""
    blank_before = True
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        if not line:
            blank_before = True
            continue
        starts_lower = line[0].islower()
        prev_closed = not prev or bool(_SENTENCE_END.search(prev))
        if starts_lower and not prev_closed:
            new_para = False
        elif blank_before or prev_closed or _MARKER_START.match(line):
            new_para = True
        else:
            new_para = False
        out.append(Paragraph(text=line, new_para=new_para))
        prev = line
        blank_before = False
    return out


def read_text(text: str) -> SourceDocument:
    doc = SourceDocument(source_kind="text")
    doc.blocks.extend(text_blocks(text))
    return doc


# A table pasted as text: one row per line, cells separated by "|" (Markdown style, with or
# without the outer bars) or by tabs (copied from Word or a spreadsheet).
_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$|^[^|\n]*\S[^|\n]*(?:\s\|\s[^|\n]*\S[^|\n]*){2,}$")
_RULE_ROW = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")


def table_row_cells(line: str) -> list[str] | None:
    """The cells of a pasted table row, or None when the line is not one."""
    if "\t" in line:
        cells = [c.strip() for c in line.strip("\r\n").split("\t")]
        while cells and not cells[-1]:
            cells.pop()
        while cells and not cells[0]:
            cells.pop(0)
        return cells if len(cells) >= 2 else None
    if "|" not in line or not _PIPE_ROW.match(line):
        return None
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|"):
        body = body[:-1]
    cells = [c.strip() for c in body.split("|")]
    return cells if len(cells) >= 2 else None


def text_blocks(text: str) -> list[Paragraph | Table]:
    """Plain text into paragraphs and tables: two or more consecutive pasted table rows
    (pipe- or tab-separated) become one :class:`Table`, header row first."""
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if "|" not in text and "\t" not in text:
        return list(split_lines(text))
    blocks: list[Paragraph | Table] = []
    pending: list[str] = []
    i = 0
    n = len(raw_lines)
    while i < n:
        cells = table_row_cells(raw_lines[i])
        if cells is None:
            pending.append(raw_lines[i])
            i += 1
            continue
        rows: list[list[str]] = []
        j = i
        while j < n:
            line = raw_lines[j]
            if _RULE_ROW.match(line) and "-" in line:
                j += 1
                continue
            row = table_row_cells(line)
            if row is None:
                if not line.strip() and j + 1 < n and table_row_cells(raw_lines[j + 1]) is not None:
                    j += 1  # a blank line between two rows
                    continue
                break
            rows.append(row)
            j += 1
        if len(rows) < 2:
            pending.extend(raw_lines[i:j])
            i = j
            continue
        if pending:
            blocks.extend(split_lines("\n".join(pending)))
            pending = []
        blocks.append(Table(rows=rows))
        i = j
    if pending:
        blocks.extend(split_lines("\n".join(pending)))
    return blocks


# --------------------------------------------------------------------------- pdf


def read_pdf(data: bytes) -> SourceDocument:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError

        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception as exc:  # noqa: BLE001 - unknown crypto, treat as locked
                raise _pdf_locked(str(exc)) from exc
            if not ok:
                raise _pdf_locked("empty password rejected")
        pages = reader.pages
        if len(pages) > MAX_PDF_PAGES:
            raise _fail(f"Tệp PDF quá dài (trên {MAX_PDF_PAGES} trang).", "too_long", f"{len(pages)} pages")
        page_lines = [_pdf_page(page, reader) for page in pages]
    except DirectiveParseError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError) as exc:
        raise _fail("Tệp PDF bị hỏng hoặc không đọc được.", "corrupt_pdf", f"pypdf failed: {exc!r}") from exc
    except Exception as exc:  # noqa: BLE001 - pypdf raises many things on broken input
        raise _fail("Tệp PDF bị hỏng hoặc không đọc được.", "corrupt_pdf", f"pypdf failed: {exc!r}") from exc
    chars = sum(len(re.sub(r"\s+", "", ln.text)) for page in page_lines for ln in page.lines)
    if chars < 20:
        raise _fail(
            "Tệp PDF không có lớp văn bản (có thể là bản scan). Vui lòng dùng bản có văn bản "
            "hoặc nhận dạng ký tự (OCR) trước khi tải lên.",
            "no_text_layer",
            "PDF without a text layer",
        )
    doc = SourceDocument(source_kind="pdf")
    try:
        pdf_layout(page_lines, doc)
    except Exception:  # noqa: BLE001 - the layout pass is a refinement: never lose the text over it
        logger.warning("pdf layout pass failed, reading lines in order", exc_info=True)
        doc = SourceDocument(source_kind="pdf")
        doc.blocks.extend(split_lines("\n".join(ln.text for page in page_lines for ln in page.lines)))
    return doc


def _pdf_locked(detail: str) -> DirectiveParseError:
    return _fail(
        "Tệp PDF được bảo vệ bằng mật khẩu. Vui lòng gỡ mật khẩu rồi tải lên lại.",
        "encrypted",
        f"encrypted PDF: {detail}",
    )


# --------------------------------------------------------------------------- docx


def _check_zip(data: bytes) -> None:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise _not_docx(f"bad zip: {exc}") from exc
    names = {i.filename for i in infos}
    if "word/document.xml" not in names:
        raise _not_docx("zip without word/document.xml")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > 10 * 1024 * 1024 and info.file_size > MAX_MEMBER_RATIO * max(
            info.compress_size, 1
        ):
            raise _zip_bomb(f"{info.filename}: {info.file_size} from {info.compress_size}")
    if total > MAX_UNCOMPRESSED_BYTES:
        raise _zip_bomb(f"uncompressed total {total}")


def _not_docx(detail: str) -> DirectiveParseError:
    return _fail("Tệp không phải là tài liệu Word (.docx) hợp lệ hoặc đã bị hỏng.", "not_docx", detail)


def _zip_bomb(detail: str) -> DirectiveParseError:
    return _fail(
        "Tệp .docx có nội dung giải nén quá lớn, hệ thống từ chối để bảo đảm an toàn.",
        "zip_bomb",
        f"zip bomb suspected: {detail}",
    )


def read_docx(data: bytes) -> SourceDocument:
    _check_zip(data)
    try:
        import docx
        from lxml import etree

        document = docx.Document(io.BytesIO(data))
        numbering = _Numbering.from_document(document)
        footnotes = _read_footnotes(document, etree)
        body = document.element.body
        doc = SourceDocument(source_kind="docx", footnotes=footnotes)
        _walk(body, doc, numbering)
    except DirectiveParseError:
        raise
    except Exception as exc:  # noqa: BLE001 - python-docx/lxml raise many types on broken parts
        raise _fail(
            "Tệp .docx bị hỏng, không đọc được nội dung.", "corrupt_docx", f"python-docx failed: {exc!r}"
        ) from exc
    return doc


def _walk(container, doc: SourceDocument, numbering: _Numbering) -> None:
    for child in container.iterchildren():
        tag = child.tag
        if tag == W + "p":
            para = _paragraph(child, numbering)
            if para is not None:
                doc.blocks.append(para)
        elif tag == W + "tbl":
            doc.blocks.append(_table(child, numbering))
        elif tag == W + "sdt":
            content = child.find(W + "sdtContent")
            if content is not None:
                _walk(content, doc, numbering)


def _para_text(p) -> tuple[str, tuple[str, ...]]:
    parts: list[str] = []
    refs: list[str] = []
    for el in p.iter(W + "t", W + "tab", W + "br", W + "cr", W + "footnoteReference", W + "delText"):
        tag = el.tag
        if tag == W + "t":
            parts.append(el.text or "")
        elif tag == W + "tab":
            parts.append(" ")
        elif tag in (W + "br", W + "cr"):
            if el.get(W + "type") not in ("page", "column"):
                parts.append("\n")
        elif tag == W + "footnoteReference":
            refs.append(el.get(W + "id") or "")
    return "".join(parts), tuple(refs)


def _paragraph(p, numbering: _Numbering) -> Paragraph | None:
    text, refs = _para_text(p)
    label = ""
    centered = False
    bold = False
    ppr = p.find(W + "pPr")
    if ppr is not None:
        num_id, ilvl = None, 0
        numpr = ppr.find(W + "numPr")
        if numpr is not None:
            nid = numpr.find(W + "numId")
            lvl = numpr.find(W + "ilvl")
            num_id = nid.get(W + "val") if nid is not None else None
            ilvl = int(lvl.get(W + "val") or 0) if lvl is not None else 0
        else:
            style = ppr.find(W + "pStyle")
            if style is not None:
                num_id, ilvl = numbering.style_numbering(style.get(W + "val"))
        if num_id and num_id != "0" and text.strip():
            label = numbering.next_label(num_id, ilvl)
        jc = ppr.find(W + "jc")
        centered = jc is not None and jc.get(W + "val") == "center"
    first_rpr = p.find(f"{W}r/{W}rPr")
    if first_rpr is not None:
        b = first_rpr.find(W + "b")
        bold = b is not None and b.get(W + "val") not in ("0", "false")
    if not text.strip() and not label:
        return None
    return Paragraph(text=text, label=label, bold=bold, centered=centered, footnote_refs=refs)


def _table(tbl, numbering: _Numbering) -> Table:
    rows: list[list[str]] = []
    above: dict[int, str] = {}
    for tr in tbl.iterchildren(W + "tr"):
        row: list[str] = []
        col = 0
        for tc in tr.iterchildren(W + "tc"):
            span = 1
            merge_continue = False
            tcpr = tc.find(W + "tcPr")
            if tcpr is not None:
                gs = tcpr.find(W + "gridSpan")
                if gs is not None:
                    try:
                        span = max(1, int(gs.get(W + "val") or 1))
                    except ValueError:
                        span = 1
                vm = tcpr.find(W + "vMerge")
                merge_continue = vm is not None and vm.get(W + "val") in (None, "continue")
            lines = []
            for p in tc.iterchildren(W + "p"):
                para = _paragraph(p, numbering)
                if para is not None:
                    lines.append(para.full_text)
            text = "\n".join(lines).strip()
            if merge_continue and not text:
                text = above.get(col, "")
            for k in range(span):
                row.append(text if k == 0 else "")
                above[col + k] = text if k == 0 else ""
            col += span
        rows.append(row)
    return Table(rows=rows, borderless=_borderless(tbl))


def _borderless(tbl) -> bool:
    tblpr = tbl.find(W + "tblPr")
    if tblpr is None:
        return True
    borders = tblpr.find(W + "tblBorders")
    if borders is None:
        return tblpr.find(W + "tblStyle") is None
    vals = [b.get(W + "val") for b in borders]
    return all(v in ("nil", "none", None) for v in vals)


def _read_footnotes(document, etree) -> dict[str, str]:
    out: dict[str, str] = {}
    try:
        for rel in document.part.rels.values():
            if rel.reltype.endswith("/footnotes"):
                root = etree.fromstring(rel.target_part.blob)
                for fn in root.iterchildren(W + "footnote"):
                    if fn.get(W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
                        continue
                    texts = []
                    for p in fn.iter(W + "p"):
                        t, _ = _para_text(p)
                        if t.strip():
                            texts.append(t.strip())
                    out[fn.get(W + "id") or str(len(out) + 1)] = "\n".join(texts)
    except Exception:  # noqa: BLE001 - footnotes are context only; a broken part must not block parsing
        logger.warning("could not read footnotes part", exc_info=True)
    return out


# --------------------------------------------------------------------------- numbering


_ROMAN = [
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
]


def to_roman(n: int) -> str:
    out = []
    for value, sym in _ROMAN:
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out) or "0"


def _letter(n: int, alphabet: str = "abcdefghijklmnopqrstuvwxyz") -> str:
    n = max(n, 1)
    return alphabet[(n - 1) % len(alphabet)] * ((n - 1) // len(alphabet) + 1)


def format_number(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter",):
        return _letter(n)
    if fmt == "upperLetter":
        return _letter(n).upper()
    if fmt == "lowerRoman":
        return to_roman(n).lower()
    if fmt == "upperRoman":
        return to_roman(n)
    if fmt == "none":
        return ""
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


class _Numbering:
    """Word automatic numbering turned back into visible labels ("1.", "2.1.", "a)", "-")."""

    def __init__(self) -> None:
        self.levels: dict[
            str, dict[int, tuple[str, str, int]]
        ] = {}  # abstractId -> ilvl -> (fmt, text, start)
        self.num_to_abstract: dict[str, str] = {}
        self.start_overrides: dict[tuple[str, int], int] = {}
        self.counters: dict[str, list[int]] = {}
        self.style_num: dict[str, tuple[str | None, int]] = {}

    @classmethod
    def from_document(cls, document) -> _Numbering:
        self = cls()
        try:
            part = document.part.numbering_part
        except (NotImplementedError, KeyError, AttributeError):
            part = None
        if part is not None:
            root = part.element
            for absn in root.iterchildren(W + "abstractNum"):
                aid = absn.get(W + "abstractNumId")
                lv: dict[int, tuple[str, str, int]] = {}
                for lvl in absn.iterchildren(W + "lvl"):
                    try:
                        ilvl = int(lvl.get(W + "ilvl") or 0)
                    except ValueError:
                        continue
                    fmt_el = lvl.find(W + "numFmt")
                    txt_el = lvl.find(W + "lvlText")
                    start_el = lvl.find(W + "start")
                    fmt = fmt_el.get(W + "val") if fmt_el is not None else "decimal"
                    txt = txt_el.get(W + "val") if txt_el is not None else f"%{ilvl + 1}."
                    try:
                        start = int(start_el.get(W + "val")) if start_el is not None else 1
                    except (TypeError, ValueError):
                        start = 1
                    lv[ilvl] = (fmt or "decimal", txt or "", start)
                self.levels[aid] = lv
            for num in root.iterchildren(W + "num"):
                nid = num.get(W + "numId")
                ab = num.find(W + "abstractNumId")
                if ab is not None:
                    self.num_to_abstract[nid] = ab.get(W + "val")
                for ov in num.iterchildren(W + "lvlOverride"):
                    so = ov.find(W + "startOverride")
                    if so is not None:
                        try:
                            self.start_overrides[(nid, int(ov.get(W + "ilvl") or 0))] = int(so.get(W + "val"))
                        except (TypeError, ValueError):
                            pass
        try:
            styles = document.styles.element
            for st in styles.iterchildren(W + "style"):
                numpr = st.find(f"{W}pPr/{W}numPr")
                if numpr is not None:
                    nid = numpr.find(W + "numId")
                    lvl = numpr.find(W + "ilvl")
                    self.style_num[st.get(W + "styleId")] = (
                        nid.get(W + "val") if nid is not None else None,
                        int(lvl.get(W + "val") or 0) if lvl is not None else 0,
                    )
        except Exception:  # noqa: BLE001 - styles are optional
            pass
        return self

    def style_numbering(self, style_id: str | None) -> tuple[str | None, int]:
        return self.style_num.get(style_id or "", (None, 0))

    def next_label(self, num_id: str, ilvl: int) -> str:
        aid = self.num_to_abstract.get(num_id)
        levels = self.levels.get(aid or "", {})
        if not levels:
            return ""
        ilvl = max(0, min(ilvl, 8))
        counters = self.counters.setdefault(num_id, [0] * 9)
        fmt, text, start = levels.get(ilvl, ("decimal", f"%{ilvl + 1}.", 1))
        start = self.start_overrides.get((num_id, ilvl), start)
        counters[ilvl] = counters[ilvl] + 1 if counters[ilvl] >= start else start
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        if fmt == "bullet":
            return "-" if text.strip() in ("-", "–", "—", "") else ("+" if text.strip() == "+" else "•")

        def repl(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            lfmt, _t, lstart = levels.get(k, ("decimal", "", 1))
            value = counters[k] if counters[k] else self.start_overrides.get((num_id, k), lstart)
            return format_number(value, lfmt)

        return re.sub(r"%([1-9])", repl, text).strip()


# --------------------------------------------------------------------------- pdf layout
#
# The text of a PDF page is rebuilt from positioned pieces (pypdf's layout-mode text groups:
# start x, end x, baseline y, font height) and the page's ruling lines:
#   1. pieces on one baseline form a line; a wide gap splits a line into segments;
#   2. page numbers, running headers and the footnote zone are set apart;
#   3. ruled grids (vertical and horizontal rules) become Table blocks, cell by cell,
#      continued across pages;
#   4. side-by-side segments (issuer | Quốc hiệu, Số | date, Nơi nhận | signature) are read
#      column by column;
#   5. lines are joined into paragraphs: a line break is soft when the next line's first word
#      would not have fitted on the line before (the typesetter had to wrap).
# When positions cannot be had, the page's plain text is used line by line.


@dataclass(slots=True)
class PdfRun:
    x0: float
    x1: float
    y: float
    size: float
    text: str


@dataclass(slots=True)
class PdfLine:
    runs: list[PdfRun]
    y: float
    size: float
    page: int = 0

    @property
    def x0(self) -> float:
        return self.runs[0].x0

    @property
    def x1(self) -> float:
        return self.runs[-1].x1

    @property
    def text(self) -> str:
        out = ""
        prev: PdfRun | None = None
        for run in self.runs:
            t = run.text
            if prev is not None and out and not out.endswith(" ") and not t.startswith(" "):
                if run.x0 - prev.x1 > 0.15 * run.size:
                    out += " "
            out += t
            prev = run
        return re.sub(r"\s+", " ", out).strip()


@dataclass
class PdfPage:
    lines: list[PdfLine]
    hrules: list[tuple[float, float, float]] = field(default_factory=list)  # (x0, x1, y)
    vrules: list[tuple[float, float, float]] = field(default_factory=list)  # (x, y0, y1)
    width: float = 595.0
    height: float = 842.0
    positioned: bool = True


_GAP_EM = 1.5  # a gap this many font heights wide separates two columns on one line


def _pdf_page(page, reader) -> PdfPage:
    try:
        box = page.mediabox
        width, height = float(box.width), float(box.height)
    except Exception:  # noqa: BLE001 - a broken box: assume A4
        width, height = 595.0, 842.0
    try:
        runs, hrules, vrules = _positioned_runs(page, reader)
    except DirectiveParseError:
        raise
    except Exception:  # noqa: BLE001 - positions are a refinement; plain text still works
        logger.info("pdf page without usable positions, using plain text", exc_info=True)
        runs = None
    if runs:
        return PdfPage(_runs_to_lines(runs), hrules, vrules, width, height)
    text = page.extract_text() or ""
    lines = [
        PdfLine([PdfRun(0.0, 0.0, -float(k), 1.0, t.strip())], -float(k), 1.0)
        for k, t in enumerate(text.split("\n"))
        if t.strip()
    ]
    return PdfPage(lines, width=width, height=height, positioned=False)


class _Graphics:
    """Watches a content stream's operators go by and keeps its ruling lines (stroked
    segments, thin filled rectangles, the edges of stroked rectangles) in page space."""

    def __init__(self) -> None:
        self.ctm = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
        self.stack: list[tuple[float, ...]] = []
        self.path: list[tuple[str, tuple[float, ...]]] = []
        self.current: tuple[float, float] | None = None
        self.hrules: list[tuple[float, float, float]] = []
        self.vrules: list[tuple[float, float, float]] = []

    def point(self, x: float, y: float) -> tuple[float, float]:
        a, b, c, d, e, f = self.ctm
        return a * x + c * y + e, b * x + d * y + f

    def watch(self, ops):
        for operands, op in ops:
            try:
                self._op(op, operands)
            except (TypeError, ValueError, IndexError):
                pass
            yield operands, op

    def _op(self, op: bytes, operands) -> None:
        if op == b"q":
            self.stack.append(self.ctm)
        elif op == b"Q":
            if self.stack:
                self.ctm = self.stack.pop()
        elif op == b"cm":
            a2, b2, c2, d2, e2, f2 = (float(v) for v in operands[:6])
            a, b, c, d, e, f = self.ctm
            self.ctm = (
                a2 * a + b2 * c,
                a2 * b + b2 * d,
                c2 * a + d2 * c,
                c2 * b + d2 * d,
                e2 * a + f2 * c + e,
                e2 * b + f2 * d + f,
            )
        elif op == b"m":
            self.current = self.point(float(operands[0]), float(operands[1]))
        elif op == b"l":
            end = self.point(float(operands[0]), float(operands[1]))
            if self.current is not None:
                self.path.append(("l", (*self.current, *end)))
            self.current = end
        elif op == b"re":
            x, y, w, h = (float(v) for v in operands[:4])
            p0 = self.point(x, y)
            p1 = self.point(x + w, y + h)
            self.path.append(("re", (*p0, *p1)))
        elif op in (b"S", b"s", b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"):
            stroked = op in (b"S", b"s", b"B", b"B*", b"b", b"b*")
            for kind, pts in self.path:
                self._keep(kind, pts, stroked)
            self.path = []
        elif op == b"n":
            self.path = []

    def _keep(self, kind: str, pts: tuple[float, ...], stroked: bool) -> None:
        x0, y0, x1, y1 = pts
        xa, xb, ya, yb = min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1)
        w, h = xb - xa, yb - ya
        if kind == "re" and stroked and w > 3 and h > 3:
            self.hrules += [(xa, xb, ya), (xa, xb, yb)]
            self.vrules += [(xa, ya, yb), (xb, ya, yb)]
            return
        if h <= 2.5 and w > 8:
            self.hrules.append((xa, xb, (ya + yb) / 2))
        elif w <= 2.5 and h > 8:
            self.vrules.append(((xa + xb) / 2, ya, yb))


def _positioned_runs(page, reader):
    from pypdf._text_extraction._layout_mode._fixed_width_page import recurse_to_target_op
    from pypdf._text_extraction._layout_mode._text_state_manager import TextStateManager
    from pypdf.generic import ContentStream

    try:
        from pypdf._text_extraction._layout_mode._fixed_width_page import set_font_operation
    except ImportError:  # older pypdf
        set_font_operation = None

    contents = page.get("/Contents")
    if contents is None:
        return [], [], []
    contents = contents.get_object()
    fonts = page._layout_mode_fonts()
    graphics = _Graphics()
    ops = graphics.watch(iter(ContentStream(contents, reader, "bytes").operations))
    state = TextStateManager()
    groups: list[dict] = []
    for operands, op in ops:
        if op in (b"BT", b"q"):
            _bts, tjs = recurse_to_target_op(ops, state, b"ET" if op == b"BT" else b"Q", fonts, True)
            if any(getattr(tj, "rotated", False) for tj in tjs):
                return None, [], []  # turned text (a landscape appendix): plain extraction reads it
            # one piece per text-showing operator: a line whose letters come from two fonts
            # (a fallback font for the diacritics) is put back together by position
            groups.extend(
                {
                    "tx": tj.tx,
                    "ty": tj.ty,
                    "displaced_tx": tj.displaced_tx,
                    "font_height": tj.font_height,
                    "font_size": tj.font_size,
                    "text": tj.text,
                }
                for tj in tjs
                if tj.font.interpretable
            )
        elif op == b"Tf":
            if set_font_operation is not None:
                set_font_operation(state, fonts, operands)
            elif operands and operands[0] in fonts:
                state.set_font(fonts[operands[0]], float(operands[1]))
        else:
            state.set_state_param(op, operands)
    runs: list[PdfRun] = []
    for g in groups:
        text = unicodedata.normalize("NFC", g["text"])
        if not text.strip():
            continue
        size = float(g.get("font_height") or g.get("font_size") or 10.0) or 10.0
        x0, x1, y = float(g["tx"]), float(g["displaced_tx"]), float(g["ty"])
        if x1 < x0:
            x0, x1 = x1, x0
        # one text object may hold two columns ("Số: 12/UBND      Hà Nội, ngày …"): split
        # on wide runs of spaces, placing each part by its share of the characters
        parts = [p for p in re.split(r"(\s{5,})", text)]
        if len(parts) == 1:
            runs.append(PdfRun(x0, x1, y, size, text))
            continue
        per_char = (x1 - x0) / max(len(text), 1)
        pos = x0
        for part in parts:
            if part.strip():
                runs.append(PdfRun(pos, pos + per_char * len(part), y, size, part.strip()))
            pos += per_char * len(part)
    return runs, graphics.hrules, graphics.vrules


_SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _runs_to_lines(runs: list[PdfRun]) -> list[PdfLine]:
    """Pieces on one baseline (within half a font height) form a line, left to right; a small
    raised number inside a line is a footnote mark and becomes superscript digits."""
    runs = sorted(runs, key=lambda r: (-r.y, r.x0))
    lines: list[PdfLine] = []
    for run in runs:
        if lines and abs(lines[-1].y - run.y) <= 0.5 * max(lines[-1].size, run.size):
            lines[-1].runs.append(run)
            continue
        lines.append(PdfLine([run], run.y, run.size))
    for line in lines:
        line.runs.sort(key=lambda r: r.x0)
        main = max(line.runs, key=lambda r: len(r.text))
        line.size, line.y = main.size, main.y
        for r in line.runs:
            if r is not main and r.size < 0.8 * main.size and r.y > main.y + 0.15 * main.size:
                if r.text.strip().isdigit():
                    r.text = r.text.strip().translate(_SUPERSCRIPT_DIGITS)
    return lines


def _segments(line: PdfLine, left: float = 0.0, right: float = 0.0) -> list[list[PdfRun]]:
    """A line cut at its wide gaps; with margins given, only a cut that leaves words on the
    left and starts the right part well into the line counts (a tab after "a)" is no column)."""
    segs: list[list[PdfRun]] = [[line.runs[0]]]
    for run in line.runs[1:]:
        gap = run.x0 - segs[-1][-1].x1
        if gap > _GAP_EM * max(line.size, 6.0) and (
            not right
            or (
                run.x0 >= left + 0.35 * (right - left)
                and len(" ".join(r.text for r in segs[-1]).strip()) >= 4
            )
        ):
            segs.append([run])
        else:
            segs[-1].append(run)
    return segs


# ---------------------------------------------------------------- page furniture, footnotes

_PAGE_NUMBER = re.compile(r"^[-–—\s]*(?:trang\s*)?\d{1,4}(?:\s*/\s*\d{1,4})?[-–—\s]*$", re.I)
_FOOTNOTE_MARK = re.compile(
    r"^(?:\[(?P<a>\d{1,3})\]|\((?P<b>\d{1,3})\)|(?P<c>[⁰¹²³⁴⁵⁶⁷⁸⁹]+)|(?P<d>\d{1,3})(?=\s))\s*"
)


def _furniture_key(line: PdfLine) -> str:
    return re.sub(r"\d+", "#", line.text.lower())


def _drop_furniture(pages: list[PdfPage]) -> None:
    """Page numbers (a bare number as the first or last line of a page, in its top or bottom
    band) and running headers/footers (the same words at the top or bottom of three or more
    pages) are not part of the text."""
    counts: dict[str, int] = {}
    for p in pages:
        if not p.positioned or not p.lines:
            continue
        for line in {id(x): x for x in (p.lines[0], p.lines[-1])}.values():
            if _band(p, line):
                key = _furniture_key(line)
                counts[key] = counts.get(key, 0) + 1
    for p in pages:
        if not p.positioned:
            p.lines = [ln for ln in p.lines if not _PAGE_NUMBER.match(ln.text)]
            continue
        keep = []
        for k, line in enumerate(p.lines):
            edge = k < 2 or k >= len(p.lines) - 2
            in_table = any(v[1] - 2 <= line.y <= v[2] + 2 for v in p.vrules)  # a repeated header row
            if edge and _band(p, line) and not in_table:
                if _PAGE_NUMBER.match(line.text):
                    continue
                if len(pages) >= 3 and counts.get(_furniture_key(line), 0) >= 3 and len(line.text) < 120:
                    continue
            keep.append(line)
        p.lines = keep


def _band(page: PdfPage, line: PdfLine) -> bool:
    return line.y > page.height * 0.9 or line.y < page.height * 0.1


def _body_size(pages: list[PdfPage]) -> float:
    weight: dict[float, int] = {}
    for p in pages:
        for line in p.lines:
            key = round(line.size, 0)
            weight[key] = weight.get(key, 0) + len(line.text)
    return max(weight, key=weight.get) if weight else 12.0


def _take_footnotes(pages: list[PdfPage], body_size: float, footnotes: dict[str, str]) -> None:
    """Lines in a smaller type at the foot of a page, the first opening with a number, are
    footnotes: kept apart, keyed by their number."""
    for p in pages:
        if not p.positioned or not p.lines:
            continue
        k = len(p.lines)
        while k > 0 and p.lines[k - 1].size <= 0.88 * body_size and p.lines[k - 1].y < p.height * 0.45:
            k -= 1
        zone = p.lines[k:]
        if not zone or not _FOOTNOTE_MARK.match(zone[0].text):
            continue
        p.lines = p.lines[:k]
        key = None
        for line in zone:
            m = _FOOTNOTE_MARK.match(line.text)
            if m:
                mark = next(g for g in m.groups() if g)
                key = mark.translate(str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789"))
                footnotes[key] = line.text[m.end() :].strip()
            elif key is not None:
                footnotes[key] = f"{footnotes[key]} {line.text}".strip()


# ---------------------------------------------------------------- ruled tables


@dataclass
class _Grid:
    xs: list[float]  # column boundaries, left to right
    ys: list[float]  # row boundaries, top to bottom
    top: float
    bottom: float
    hsegs: list[tuple[float, float, float]] = field(default_factory=list)  # its horizontal rules

    def ruled_above(self, row: int, col: int) -> bool:
        """Whether a rule runs over this cell's top (no rule: the cell above is merged into it)."""
        y = self.ys[row]
        mid = (self.xs[col] + self.xs[col + 1]) / 2
        return any(abs(h[2] - y) <= 2 and h[0] - 2 <= mid <= h[1] + 2 for h in self.hsegs)


def _merge_close(values: list[float], tol: float = 2.5) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= tol:
            continue
        out.append(v)
    return out


def _grids(page: PdfPage) -> list[_Grid]:
    """Ruled tables: vertical rules that overlap in height give the column boundaries (three
    or more: two columns at least), horizontal rules across them the row boundaries."""
    vr = sorted(page.vrules, key=lambda v: -v[2])
    clusters: list[list[tuple[float, float, float]]] = []
    for v in vr:
        for c in clusters:
            lo = min(x[1] for x in c)
            hi = max(x[2] for x in c)
            if v[2] >= lo - 2 and v[1] <= hi + 2:
                c.append(v)
                break
        else:
            clusters.append([v])
    grids: list[_Grid] = []
    for c in clusters:
        xs = _merge_close([v[0] for v in c])
        if len(xs) < 3:
            continue
        top = max(v[2] for v in c)
        bottom = min(v[1] for v in c)
        hsegs = [
            h for h in page.hrules if bottom - 2 <= h[2] <= top + 2 and h[0] < xs[-1] - 2 and h[1] > xs[0] + 2
        ]
        ys = sorted(_merge_close([*(h[2] for h in hsegs), top, bottom]), reverse=True)
        if len(ys) < 2:
            continue
        grids.append(_Grid(xs, ys, top, bottom, hsegs))
    return grids


def _fill_grid(grid: _Grid, lines: list[PdfLine]) -> list[list[str]]:
    cells: dict[tuple[int, int], list[PdfRun]] = {}
    for line in lines:
        for run in line.runs:
            y = run.y + 0.3 * run.size
            r = next((k for k in range(len(grid.ys) - 1) if grid.ys[k] + 1 >= y > grid.ys[k + 1] - 1), None)
            c = next(
                (k for k in range(len(grid.xs) - 1) if grid.xs[k] - 1 <= run.x0 + 0.5 < grid.xs[k + 1]), None
            )
            if r is not None and c is not None:
                cells.setdefault((r, c), []).append(run)
    grid_rows: list[list[str]] = []
    for r in range(len(grid.ys) - 1):
        row = []
        for c in range(len(grid.xs) - 1):
            cell_runs = cells.get((r, c), [])
            width = grid.xs[c + 1] - grid.xs[c]
            text = _cell_text(cell_runs, width)
            if not text and r and grid.hsegs and not grid.ruled_above(r, c):
                text = grid_rows[-1][c]  # a vertically merged cell: its text in every row, as in Word
            row.append(text)
        grid_rows.append(row)
    return [row for row in grid_rows if any(row)]


def _cell_text(runs: list[PdfRun], width: float) -> str:
    if not runs:
        return ""
    lines = _runs_to_lines([PdfRun(r.x0, r.x1, r.y, r.size, r.text) for r in runs])
    left = min(ln.x0 for ln in lines)
    paras = _paragraphs(lines, left=left, right=left + width - 4.0)
    return "\n".join(text for text, _new in paras)


# ---------------------------------------------------------------- paragraphs


_LINE_MARKER = re.compile(r"^(?:[-+•*–—]\s|[IVXLC]+\.\s|\d{1,2}(?:\.\d{1,2})*[.)]\s|[a-zđ][).]\s|Điều\s+\d)")


def _first_word_width(line: PdfLine) -> float:
    text = line.text
    word = text.split(" ", 1)[0]
    span = max(line.x1 - line.x0, 1.0)
    return span * len(word) / max(len(text), 1)


def _centered(line: PdfLine, left: float, right: float) -> bool:
    lead, trail = line.x0 - left, right - line.x1
    return lead > 0.5 * line.size and abs(lead - trail) < 1.5 * line.size


def _soft_break(prev: PdfLine, line: PdfLine, left: float, right: float) -> bool:
    """The typesetter wrapped ``prev`` because ``line``'s first word did not fit after it."""
    space = 0.3 * line.size
    if _centered(prev, left, right):
        avail = right - left
        used = prev.x1 - prev.x0
    else:
        avail = right - prev.x0
        used = prev.x1 - prev.x0
    return used + space + _first_word_width(line) > avail - 0.5 * line.size


def _paragraphs(
    lines: list[PdfLine], *, left: float, right: float, pitch: float | None = None
) -> list[tuple[str, bool]]:
    """Lines joined into paragraphs: (text, starts a new paragraph)."""
    out: list[tuple[str, bool]] = []
    pitch = pitch or _pitch(lines)
    prev: PdfLine | None = None
    for line in lines:
        text = line.text
        if not text:
            continue
        if prev is None or not out:
            out.append((text, True))
            prev = line
            continue
        same_page = prev.page == line.page
        gap = prev.y - line.y if same_page else pitch
        prev_text = out[-1][0]
        closed = prev_text.rstrip().endswith((".", ";", ":", "!", "?", "./."))
        new = (
            (same_page and (gap > pitch * 1.4 + 1.0 or gap < 0))
            or not _soft_break(prev, line, left, right)
            or line.x0 > prev.x0 + 0.7 * line.size
            and prev.x0 < left + 0.5 * line.size  # a first-line indent after a margin line
            and not _centered(line, left, right)
            and not (text[:1].islower() and not closed)
            or (_LINE_MARKER.match(text) is not None and closed)
        )
        if new and text[:1].islower() and not closed and same_page and gap <= pitch * 1.4 + 1.0:
            new = False  # a soft line break (Shift+Enter) in the middle of a sentence
        if new:
            out.append((text, True))
        else:
            out[-1] = (_join_wrapped(prev_text, text), out[-1][1])
        prev = line
    return out


_SYMBOL_BREAK = re.compile(r"[A-ZĐ0-9/]-$")


def _join_wrapped(before: str, after: str) -> str:
    """Join a wrapped line to the one before; a document symbol broken after its hyphen
    ("71/NQ-" + "CP") is joined without a space."""
    if _SYMBOL_BREAK.search(before) and after[:1].isupper():
        return before + after
    return f"{before} {after}"


def _pitch(lines: list[PdfLine]) -> float:
    gaps = sorted(
        a.y - b.y
        for a, b in zip(lines, lines[1:], strict=False)
        if a.page == b.page and 0 < a.y - b.y < 3 * max(a.size, 1.0)
    )
    if not gaps:
        return 1.2 * (lines[0].size if lines else 12.0)
    return gaps[len(gaps) // 4]


def _margins(lines: list[PdfLine]) -> tuple[float, float]:
    if not lines:
        return 0.0, 0.0
    starts: dict[int, int] = {}
    for line in lines:
        if len(line.text) > 25:
            starts[round(line.x0)] = starts.get(round(line.x0), 0) + 1
    left = min(starts, key=lambda x: (-starts[x], x)) if starts else min(ln.x0 for ln in lines)
    ends = sorted(ln.x1 for ln in lines)
    right = ends[int(len(ends) * 0.9)] if len(ends) > 3 else ends[-1]
    return float(left), float(right)


# ---------------------------------------------------------------- side-by-side columns


def _column_blocks(lines: list[PdfLine], left: float, right: float) -> list[tuple[int, int]]:
    """Runs of lines [a, b) that hold side-by-side segments; single lines between two such
    lines (up to four) belong to the run."""
    multi = [k for k, ln in enumerate(lines) if len(_segments(ln, left, right)) >= 2]
    blocks: list[tuple[int, int]] = []
    for k in multi:
        if blocks and k - blocks[-1][1] <= 4:
            blocks[-1] = (blocks[-1][0], k + 1)
        else:
            blocks.append((k, k + 1))
    return blocks


def _column_cut(lines: list[PdfLine], left: float, right: float) -> float:
    """Where the columns of a side-by-side block meet (the middle of the widest gaps)."""
    cut_points = []
    for line in lines:
        segs = _segments(line, left, right)
        if len(segs) >= 2:
            gaps = [(segs[k + 1][0].x0 - segs[k][-1].x1, k) for k in range(len(segs) - 1)]
            _g, k = max(gaps)
            cut_points.append((segs[k][-1].x1 + segs[k + 1][0].x0) / 2)
    return sorted(cut_points)[len(cut_points) // 2]


def _widen_block(lines: list[PdfLine], a: int, b: int, left: float, right: float) -> tuple[int, int]:
    """A side-by-side block goes on while lines stay on one side of the cut and the right
    column still has lines (the right cell of a header often has more lines than the left)."""
    cut = _column_cut(lines[a:b], left, right)

    def one_sided(line: PdfLine) -> str:
        if line.x1 <= cut:
            return "L"
        if line.x0 >= cut:
            return "R"
        return ""

    end = b
    k = b
    while k < len(lines) and k - end < 4 and one_sided(lines[k]) and lines[k].page == lines[b - 1].page:
        if one_sided(lines[k]) == "R":
            end = k + 1
        k += 1
    start = a
    while (
        start > 0 and a - start < 3 and one_sided(lines[start - 1]) and lines[start - 1].page == lines[a].page
    ):
        start -= 1
    return start, end


def _split_columns(lines: list[PdfLine], left: float, right: float) -> list[list[PdfLine]]:
    """The lines of a side-by-side block, column by column (left first)."""
    cut = _column_cut(lines, left, right)
    left: list[PdfLine] = []
    right: list[PdfLine] = []
    for line in lines:
        lr = [r for r in line.runs if (r.x0 + r.x1) / 2 < cut]
        rr = [r for r in line.runs if (r.x0 + r.x1) / 2 >= cut]
        if lr:
            left.append(PdfLine(lr, line.y, line.size, line.page))
        if rr:
            right.append(PdfLine(rr, line.y, line.size, line.page))
    return [c for c in (left, right) if c]


# ---------------------------------------------------------------- the whole document


def pdf_layout(pages: list[PdfPage], doc: SourceDocument) -> None:
    """Positioned PDF pages into the document's paragraphs and tables, in reading order."""
    for k, p in enumerate(pages):
        for line in p.lines:
            line.page = k
    _drop_furniture(pages)
    body_size = _body_size(pages)
    _take_footnotes(pages, body_size, doc.footnotes)
    pitch = _pitch([ln for p in pages if p.positioned for ln in p.lines])
    flow: list[PdfLine] = []  # body lines waiting to become paragraphs
    last_table: tuple[Table, _Grid] | None = None

    def flush() -> None:
        k = 0
        for a, b, table in _unruled_tables(flow, pitch):
            _emit_text(flow[k:a], doc, pitch)
            doc.blocks.append(table)
            k = b
        _emit_text(flow[k:], doc, pitch)
        flow.clear()

    for p in pages:
        if not p.positioned:
            flush()
            doc.blocks.extend(split_lines("\n".join(ln.text for ln in p.lines)))
            last_table = None
            continue
        grids = _grids(p)
        page_lines = p.lines
        for grid in sorted(grids, key=lambda g: -g.top):
            inside = [ln for ln in page_lines if grid.bottom - 1 <= ln.y + 0.3 * ln.size <= grid.top + 1]
            above = [ln for ln in page_lines if ln.y + 0.3 * ln.size > grid.top + 1]
            page_lines = [ln for ln in page_lines if ln.y + 0.3 * ln.size < grid.bottom - 1]
            if above:
                last_table = None
            flow.extend(above)
            rows = _fill_grid(grid, inside)
            if not rows:
                continue
            if not flow and last_table is not None and _continues(last_table[1], grid):
                _append_rows(last_table[0], rows)
                last_table = (last_table[0], grid)
                continue
            flush()
            table = Table(rows=rows)
            doc.blocks.append(table)
            last_table = (table, grid)
        if page_lines:
            last_table = None
        flow.extend(page_lines)
    flush()


# ---------------------------------------------------------------- unruled task tables


def _cells_of(line: PdfLine, gap_em: float = 0.9) -> list[list[PdfRun]]:
    segs: list[list[PdfRun]] = [[line.runs[0]]]
    for run in line.runs[1:]:
        if run.x0 - segs[-1][-1].x1 > gap_em * max(line.size, 6.0):
            segs.append([run])
        else:
            segs[-1].append(run)
    return segs


def _seg_text(seg: list[PdfRun]) -> str:
    return re.sub(r"\s+", " ", " ".join(r.text for r in seg)).strip()


def _unruled_tables(flow: list[PdfLine], pitch: float) -> list[tuple[int, int, Table]]:
    """Task tables printed without rules: a line of three or more cells whose words are a task
    table's headers (Nội dung / Nhiệm vụ with Chủ trì or Thời gian) fixes the columns; a row
    starts where the first column has text; the table ends at a line that crosses the columns
    or after a wide vertical gap."""
    from .lines import _table_columns

    out: list[tuple[int, int, Table]] = []
    k = 0
    while k < len(flow):
        segs = _cells_of(flow[k])
        if len(segs) >= 3:
            cols = _table_columns([_seg_text(sg) for sg in segs])
            if "content" in cols and ("lead" in cols or "time" in cols):
                starts = [sg[0].x0 for sg in segs]
                end, rows = _read_unruled(flow, k, starts, pitch, has_stt="stt" in cols)
                if len(rows) >= 2:
                    out.append((k, end, Table(rows=rows)))
                    k = end
                    continue
        k += 1
    return out


def _read_unruled(
    flow: list[PdfLine], k: int, starts: list[float], pitch: float, *, has_stt: bool
) -> tuple[int, list[list[str]]]:
    ncol = len(starts)
    rows: list[list[list[str]]] = []
    j = k
    while j < len(flow):
        line = flow[j]
        if j > k and line.page == flow[j - 1].page and flow[j - 1].y - line.y > 2.5 * pitch:
            break
        cell_runs: list[list[PdfRun]] = [[] for _ in range(ncol)]
        crossing = False
        for run in line.runs:  # each cell's line is its own piece of text
            x0, x1 = run.x0, run.x1
            if x0 < starts[0] - line.size:
                crossing = True
                break
            col = max(i for i in range(ncol) if x0 >= starts[i] - 0.5 * line.size)
            if col + 1 < ncol and x1 > starts[col + 1] + line.size:
                crossing = True  # a paragraph running across the columns
                break
            cell_runs[col].append(run)
        if crossing:
            break
        cells = [[PdfLine(rs, line.y, line.size).text] if rs else [] for rs in cell_runs]
        filled = sum(1 for c in cells if c)
        if not rows or cells[0] or (not has_stt and filled >= 2):
            rows.append(cells)
        else:
            for c in range(ncol):
                rows[-1][c] += cells[c]
        j += 1
    return j, [[" ".join(c) for c in row] for row in rows]


def _continues(prev: _Grid, grid: _Grid) -> bool:
    return len(prev.xs) == len(grid.xs) and all(
        abs(a - b) <= 3 for a, b in zip(prev.xs, grid.xs, strict=True)
    )


def _append_rows(table: Table, rows: list[list[str]]) -> None:
    """Rows of a table continued on the next page: a repeated header row is dropped, and a
    first row without its first cell finishes the row the page break cut."""
    if rows and table.rows and [c.lower() for c in rows[0]] == [c.lower() for c in table.rows[0]]:
        rows = rows[1:]
    if rows and table.rows and not rows[0][0] and any(rows[0]):
        last = table.rows[-1]
        table.rows[-1] = [
            (f"{a} {b}".strip() if a and b else a or b) for a, b in zip(last, rows[0], strict=False)
        ]
        rows = rows[1:]
    table.rows.extend(rows)


def _emit_text(flow: list[PdfLine], doc: SourceDocument, pitch: float) -> None:
    """Body lines into paragraphs, side-by-side blocks read column by column."""
    if not flow:
        return
    left, right = _margins(flow)
    k = 0
    for a, b in _column_blocks(flow, left, right):
        a, b = _widen_block(flow, max(a, k), b, left, right)
        a = max(a, k)
        if b <= a:
            continue
        _emit(flow[k:a], left, right, doc, pitch)
        cut = _column_cut(flow[a:b], left, right)
        for column in _split_columns(flow[a:b], left, right):
            # a column spans from the page margin to the cut, or from the cut to the margin
            if column[0].x0 < cut:
                c_left, c_right = min(left, *(ln.x0 for ln in column)), cut
            else:
                c_left, c_right = cut, max(right, *(ln.x1 for ln in column))
            _emit(column, c_left, c_right, doc, pitch, first_new=True)
        k = b
    _emit(flow[k:], left, right, doc, pitch)


def _emit(
    lines: list[PdfLine],
    left: float,
    right: float,
    doc: SourceDocument,
    pitch: float,
    first_new: bool = False,
) -> None:
    for k, (text, new) in enumerate(_paragraphs(lines, left=left, right=right, pitch=pitch)):
        doc.blocks.append(Paragraph(text=text, new_para=new or (first_new and k == 0)))
