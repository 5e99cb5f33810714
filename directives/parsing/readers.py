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
        texts = [page.extract_text() or "" for page in pages]
    except DirectiveParseError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError) as exc:
        raise _fail("Tệp PDF bị hỏng hoặc không đọc được.", "corrupt_pdf", f"pypdf failed: {exc!r}") from exc
    except Exception as exc:  # noqa: BLE001 - pypdf raises many things on broken input
        raise _fail("Tệp PDF bị hỏng hoặc không đọc được.", "corrupt_pdf", f"pypdf failed: {exc!r}") from exc
    joined = "\n".join(texts)
    if len(re.sub(r"\s+", "", joined)) < 20:
        raise _fail(
            "Tệp PDF không có lớp văn bản (có thể là bản scan). Vui lòng dùng bản có văn bản "
            "hoặc nhận dạng ký tự (OCR) trước khi tải lên.",
            "no_text_layer",
            "PDF without a text layer",
        )
    doc = SourceDocument(source_kind="pdf")
    doc.blocks.extend(split_lines(joined))
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
