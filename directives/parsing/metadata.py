"""Document metadata: the header (issuer, Số, place and date, type and subject, Kính gửi) and
the footer (Nơi nhận, signature), located on the line list so the body can be cut out."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .lines import Line
from .references import TYPE_CODES
from .textutil import fold
from .timeexpr import safe_date

TYPE_WORDS = [
    "THÔNG BÁO KẾT LUẬN",
    "KẾ HOẠCH",
    "QUYẾT ĐỊNH",
    "THÔNG BÁO",
    "CHỈ THỊ",
    "BÁO CÁO",
    "TỜ TRÌNH",
    "CÔNG ĐIỆN",
    "CHƯƠNG TRÌNH",
    "ĐỀ ÁN",
    "PHƯƠNG ÁN",
    "HƯỚNG DẪN",
    "QUY CHẾ",
    "QUY ĐỊNH",
    "NGHỊ QUYẾT",
    "GIẤY MỜI",
    "CÔNG VĂN",
    "KẾT LUẬN",
    "THÔNG CÁO",
    "DỰ ÁN",
]
PLAN_TYPES = {"Kế hoạch", "Chương trình", "Đề án", "Phương án", "Quyết định", "Dự án", "Nghị quyết"}
_TYPE_FOLDED = {fold(t): t for t in TYPE_WORDS}

SO_LINE = re.compile(r"^Số\s*:?\s*(?P<so>\d{1,6}[a-z]?)?\s*/\s*(?P<kh>[A-ZĐ0-9][\w&.\-/]*)", re.U)
DATE_LINE = re.compile(
    r"^(?P<place>[^\d,:;]{2,40}?)\s*,\s*ngày\s*[.…_ ]*(?P<d>\d{1,2})?\s*[.…_ ]*tháng\s*[.…_ ]*(?P<m>\d{1,2})?"
    r"\s*[.…_ ]*năm\s*[.…_ ]*(?P<y>\d{4})",
    re.I,
)
VV_LINE = re.compile(r"^(?:V/v|V/V|v/v|Về\s+việc|VỀ\s+VIỆC)\s*:?\s*(?P<rest>.*)$")
KINH_GUI = re.compile(r"^Kính\s+gửi\s*:?\s*(?P<rest>.*)$", re.I)
NOI_NHAN = re.compile(r"^Nơi\s+nhận\s*:?\s*(?P<rest>.*)$", re.I)
CAPACITY = re.compile(r"^(?P<cap>TM|KT|Q|TL|TUQ)\s*\.\s*(?P<rest>.+)$")
SIGNER_TITLES = {
    "CHỦ TỊCH",
    "PHÓ CHỦ TỊCH",
    "GIÁM ĐỐC",
    "PHÓ GIÁM ĐỐC",
    "CHÁNH VĂN PHÒNG",
    "PHÓ CHÁNH VĂN PHÒNG",
    "TRƯỞNG PHÒNG",
    "PHÓ TRƯỞNG PHÒNG",
    "TRƯỞNG BAN",
    "PHÓ TRƯỞNG BAN",
    "BÍ THƯ",
    "PHÓ BÍ THƯ",
    "CHÁNH THANH TRA",
    "THỦ TRƯỞNG",
    "CỤC TRƯỞNG",
    "BỘ TRƯỞNG",
    "THỨ TRƯỞNG",
    "THỦ TƯỚNG",
    "PHÓ THỦ TƯỚNG",
    "TỔNG GIÁM ĐỐC",
    "CHI CỤC TRƯỞNG",
    "TRƯỞNG ĐOÀN",
    "TỔ TRƯỞNG",
    "HIỆU TRƯỞNG",
}
_SIGNED = re.compile(r"^\(?\s*(?:đã\s+ký|ký)[^)]*\)?$", re.I)
_NAME = re.compile(r"^(?:[A-ZĐ][a-zà-ỹđ]+|[A-ZĐÀ-Ỹ]+)(?:\s+(?:[A-ZĐ][a-zà-ỹđ]+|[A-ZĐÀ-Ỹ]+)){1,5}$")
_QUOC_HIEU = ("cong hoa xa hoi chu nghia viet nam", "doc lap - tu do - hanh phuc", "doc lap tu do hanh phuc")
_QUOC_HIEU_PARTS = ("cong hoa xa hoi chu nghia", "doc lap - tu do", "doc lap tu do", "doc lap-tu do")


def is_quoc_hieu(text: str) -> bool:
    """The national motto, also when a narrow column wrapped it ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA" /
    "VIỆT NAM")."""
    f = fold(text[:80])
    return f.startswith(_QUOC_HIEU_PARTS) or f == "viet nam"


# words of office titles in a signature block ("KT. BỘ TRƯỞNG, CHỦ NHIỆM" / "PHÓ CHỦ NHIỆM")
_TITLE_WORDS = set(
    "pho chu tich nhiem truong giam doc tong chanh van phong thanh tra bi thu tuong bo cuc vien hieu ban"
    " doan to uy quyen ky thay mat".split()
)


def _is_title_words(text: str) -> bool:
    if len(text) > 60:
        return False
    words = re.sub(r"[,.;]", " ", fold(text)).split()
    return bool(words) and _upper(text) and all(w in _TITLE_WORDS for w in words)


_ISSUER_RX = re.compile(
    r"^(?P<body>ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|UBND|HỘI ĐỒNG NHÂN DÂN|HĐND)\s+(?P<level>TỈNH|HUYỆN|THÀNH PHỐ|THỊ XÃ|QUẬN|XÃ|PHƯỜNG|THỊ TRẤN|ĐẶC KHU)\s+(?P<name>.+)$"
)
# the line naming who decides, under a Quyết định's title ("CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ …")
_AUTHORITY = re.compile(
    r"^(?:CHỦ\s+TỊCH|ỦY\s+BAN\s+NHÂN\s+DÂN|UỶ\s+BAN\s+NHÂN\s+DÂN|HỘI\s+ĐỒNG\s+NHÂN\s+DÂN|BỘ\s+TRƯỞNG"
    r"|THỦ\s+TƯỚNG|GIÁM\s+ĐỐC|TỔNG\s+GIÁM\s+ĐỐC|CHÁNH\s+VĂN\s+PHÒNG|TRƯỞNG\s+BAN)\b"
)
BODY_STARTERS = re.compile(
    r"^(?:Căn\s+cứ|Thực\s+hiện|Theo|Nhằm|Để|Ngày|Trên\s+cơ\s+sở|Sau\s+khi|Qua|Hiện\s+nay|Trong|Năm|Chỉ\s+số)\b"
)


def _upper(s: str) -> bool:
    """Every letter upper case (and at least one letter): str.isupper, one C-level pass."""
    return s.isupper()


def _title_name(s: str) -> str:
    return " ".join(w[:1].upper() + w[1:].lower() for w in s.split())


@dataclass
class Metadata:
    type: str = ""
    number: str | None = None
    symbol: str = ""
    issued_date: dt.date | None = None
    year: int | None = None
    issuer: str = ""
    place: str = ""
    subject: str = ""
    signer: str = ""
    signer_title: str = ""
    signer_capacity: str = ""
    recipients: list[str] = field(default_factory=list)
    cc: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def plan_like(self) -> bool:
        return self.type in PLAN_TYPES


@dataclass
class Layout:
    body_start: int = 0
    excluded: set[int] = field(default_factory=set)
    doc_breaks: set[int] = field(default_factory=set)  # an attached document starts here
    signature_blocks: list[tuple[int, int]] = field(default_factory=list)


def _join_items(texts: list[str]) -> list[str]:
    """Items of Kính gửi / Nơi nhận: split on ";" and on leading dashes, never on commas."""
    items: list[str] = []
    for t in texts:
        t = t.strip()
        if not t:
            continue
        starts_item = t[:1] in "-+•" or not items or items[-1].rstrip().endswith((";", "."))
        t = re.sub(r"^[-+•]\s*", "", t)
        if starts_item:
            items.append(t)
        else:
            items[-1] = f"{items[-1]} {t}"
    out: list[str] = []
    for item in items:
        for part in re.split(r";\s*(?:-\s*)?", item):
            part = re.sub(r"^[-+•]\s*", "", part).strip().rstrip(".;,").strip()
            if part:
                out.append(part)
    return out


def extract(lines: list[Line], full_text: str) -> tuple[Metadata, Layout]:
    meta = Metadata()
    layout = Layout()
    n = len(lines)
    head_limit = _head_limit(lines)
    header_idx: list[int] = []

    # Quốc hiệu and separators
    for i in range(head_limit):
        f = fold(lines[i].text[:80])
        if any(f.startswith(q) for q in _QUOC_HIEU) or (
            is_quoc_hieu(lines[i].text) and (f != "viet nam" or (i and is_quoc_hieu(lines[i - 1].text)))
        ):
            header_idx.append(i)
            layout.excluded.add(i)

    # Số, ký hiệu
    for i in range(head_limit):
        m = SO_LINE.match(lines[i].text)
        if m:
            meta.number = m.group("so") or None
            meta.symbol = m.group("kh").rstrip(".-/")
            header_idx.append(i)
            layout.excluded.add(i)
            break

    # place and date
    for i in range(head_limit):
        m = DATE_LINE.match(lines[i].text)
        if m and len(lines[i].text) < 90:
            meta.place = m.group("place").strip(" -")
            meta.year = int(m.group("y"))
            if m.group("d") and m.group("m"):
                try:
                    meta.issued_date = dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
                except ValueError:
                    meta.issued_date = None
            header_idx.append(i)
            layout.excluded.add(i)
            break

    _late_number_and_date(lines, meta, layout, head_limit)

    # issuer: upper-case lines at the top, before Quốc hiệu / Số / type
    top: list[int] = []
    for i in range(min(n, 8)):
        t = lines[i].text
        f = fold(t[:80])
        if is_quoc_hieu(t):
            if top:
                break
            continue
        if (
            SO_LINE.match(t)
            or f in _TYPE_FOLDED
            or DATE_LINE.match(t)
            or not _upper(t)
            or len(t.split()) > 12
        ):
            break
        if re.match(r"^(?:[IVXLC]+|\d+)[.)]", t):
            break
        top.append(i)
    if top:
        raw = [lines[i].text for i in top]
        header_idx.extend(top)
        layout.excluded.update(top)
        meta.issuer = _issuer_from_lines(raw)

    # type word and title (non-Công văn)
    type_idx = None
    for i in range(head_limit):
        t = lines[i].text.strip().rstrip(":")
        if len(t) < 40 and _upper(t) and fold(t) in _TYPE_FOLDED:
            type_idx = i
            meta.type = _TYPE_FOLDED[fold(t)].capitalize()
            break
    if type_idx is not None:
        header_idx.append(type_idx)
        layout.excluded.add(type_idx)
        j = type_idx + 1
        title: list[str] = []
        while j < n and len(title) < 6:
            ln = lines[j]
            t = ln.text
            if title and (
                ln.new_para
                and not (ln.centered and lines[j - 1].centered and not BODY_STARTERS.match(t))
                and not (ln.cell is not None and ln.cell == lines[j - 1].cell)
                and not (t[:1].islower() and not lines[j - 1].text.rstrip().endswith((".", ";", ":")))
            ):
                break
            if (
                KINH_GUI.match(t)
                or SO_LINE.match(t)
                or DATE_LINE.match(t)
                or (title and BODY_STARTERS.match(t) and len(t.split()) > 12)
                or (
                    title
                    and _AUTHORITY.match(t)
                    and _upper(t)
                    and (ln.new_para or (j + 1 < n and BODY_STARTERS.match(lines[j + 1].text)))
                )
            ):
                break
            if is_quoc_hieu(t):
                j += 1
                continue
            title.append(t)
            j += 1
        if title:
            meta.subject = re.sub(r"\s+", " ", " ".join(title)).strip()
            header_idx.extend(range(type_idx + 1, j))
            layout.excluded.update(range(type_idx + 1, j))

    # V/v (Công văn)
    for i in range(head_limit):
        m = VV_LINE.match(lines[i].text)
        if not m:
            continue
        parts = [m.group("rest")]
        j = i + 1
        while j < n and (
            not lines[j].new_para or (lines[j].cell is not None and lines[j].cell == lines[i].cell)
        ):
            t = lines[j].text
            if SO_LINE.match(t) or DATE_LINE.match(t) or KINH_GUI.match(t) or is_quoc_hieu(t):
                break
            parts.append(t)
            j += 1
        in_title = type_idx is not None and type_idx < i <= type_idx + 2
        if not in_title and (
            not meta.subject
            or type_idx is None
            or fold(meta.subject[:40]).startswith(fold(m.group(0)[:40])[:10])
        ):
            # a Công văn's trích yếu drops "V/v"; a typed document's title keeps it as written
            meta.subject = re.sub(r"\s+", " ", " ".join(p.strip() for p in parts)).strip()
        header_idx.extend(range(i, j))
        layout.excluded.update(range(i, j))
        if not meta.type:
            meta.type = "Công văn"
        break

    # Kính gửi
    for i in range(head_limit):
        m = KINH_GUI.match(lines[i].text)
        if not m:
            continue
        collected = [m.group("rest")] if m.group("rest").strip() else []
        j = i + 1
        while j < n:
            ln = lines[j]
            t = ln.text
            prev = collected[-1].rstrip() if collected else ""
            bullet = t[:1] in "-+•"
            if prev.endswith("."):
                break
            if bullet or (not ln.new_para and collected) or (not collected):
                collected.append(t)
            elif prev.endswith((";", ",")) and len(t.split()) < 20 and not BODY_STARTERS.match(t):
                collected.append(t)
            else:
                break
            j += 1
        meta.recipients = _join_items(collected)
        header_idx.extend(range(i, j))
        layout.excluded.update(range(i, j))
        if not meta.type:
            meta.type = "Công văn"
        break

    # body starts after the last header element
    layout.body_start = max(header_idx) + 1 if header_idx else 0
    layout.excluded.update(range(layout.body_start))

    _footer(lines, meta, layout)

    if not meta.type:
        if meta.symbol:
            first = meta.symbol.split("/")[-1].split("-")[0]
            meta.type = (
                TYPE_CODES.get(first.upper(), "Công văn") if first.upper() in TYPE_CODES else "Công văn"
            )
        else:
            meta.type = "Công văn"
    if not meta.issuer:
        meta.issuer = _infer_issuer(meta, full_text)
        if meta.issuer:
            meta.notes.append("issuer inferred from the place line and the text")
    return meta, layout


def _head_limit(lines: list[Line]) -> int:
    """The header is searched up to the first body paragraph (a long line that is not an
    upper-case title), and never past 60 lines."""
    for i, ln in enumerate(lines[:60]):
        t = ln.text
        if len(t) > 200 and not _upper(t) and not (VV_LINE.match(t) or KINH_GUI.match(t)):
            return i + 1
    return min(len(lines), 60)


def _late_number_and_date(lines: list[Line], meta: Metadata, layout: Layout, head_limit: int) -> None:
    """Số and the place-date line found past the header: a layout that puts the whole body in
    the header table's first cell (the second row, Số | date, comes after it). Only a line that
    holds nothing else counts."""
    need_number = not meta.symbol
    need_date = meta.year is None
    if not (need_number or need_date):
        return
    for i in range(head_limit, len(lines)):
        t = lines[i].text.strip()
        if need_number and len(t) <= 40:
            m = SO_LINE.match(t)
            if m and m.end() >= len(t.rstrip(". ")):
                meta.number = m.group("so") or None
                meta.symbol = m.group("kh").rstrip(".-/")
                layout.excluded.add(i)
                need_number = False
                continue
        if need_date and len(t) <= 60:
            m = DATE_LINE.match(t)
            if m and m.end() >= len(t.rstrip(". ")):
                meta.place = m.group("place").strip(" -")
                meta.year = int(m.group("y"))
                if m.group("d") and m.group("m"):
                    meta.issued_date = safe_date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
                layout.excluded.add(i)
                need_date = False
        if not (need_number or need_date):
            return


def _issuer_from_lines(raw: list[str]) -> str:
    joined = " ".join(raw)
    if len(raw) >= 2 and re.match(r"^(?:SỞ|PHÒNG|BAN|VĂN PHÒNG|THANH TRA|TRUNG TÂM|CHI CỤC|CỤC)\b", raw[-1]):
        return _title_name(raw[-1])
    m = _ISSUER_RX.match(joined)
    if m:
        body = "UBND" if m.group("body") in ("ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN", "UBND") else "HĐND"
        return f"{body} {m.group('level').lower()} {_title_name(m.group('name'))}"
    return joined


def _infer_issuer(meta: Metadata, text: str) -> str:
    if not meta.place:
        return ""
    place = re.escape(meta.place)
    m = re.search(rf"\b(huyện|tỉnh|thành phố|thị xã|quận|xã|phường|đặc khu)\s+{place}\b", text)
    if m:
        body = "UBND"
        if meta.symbol and "HĐND" in meta.symbol:
            body = "HĐND"
        return f"{body} {m.group(1)} {meta.place}"
    return ""


def _is_title_line(t: str) -> bool:
    if len(t) > 80:
        return False
    s = t.strip().rstrip(".")
    return s in SIGNER_TITLES or bool(CAPACITY.match(s)) or _is_title_words(s)


def _footer(lines: list[Line], meta: Metadata, layout: Layout) -> None:
    n = len(lines)
    # signature blocks: [capacity lines] title line [(đã ký)] name
    i = layout.body_start
    while i < n:
        if _is_title_line(lines[i].text) and _upper(lines[i].text):
            j = i
            caps: list[str] = []
            titles: list[str] = []
            while j < n and (
                _is_title_line(lines[j].text)
                or (
                    _upper(lines[j].text)
                    and len(lines[j].text.split()) <= 6
                    and not _NAME.match(lines[j].text)
                )
            ):
                cm = CAPACITY.match(lines[j].text.strip())
                if cm:
                    caps.append(lines[j].text.strip())
                else:
                    titles.append(lines[j].text.strip())
                j += 1
            while j < n and _SIGNED.match(lines[j].text.strip()):
                j += 1
            if (
                j < n
                and _NAME.match(lines[j].text.strip())
                and not _is_title_words(lines[j].text)
                and (titles or caps)
            ):
                name = lines[j].text.strip()
                if _upper(name):
                    name = _title_name(name)
                layout.signature_blocks.append((i, j))
                layout.excluded.update(range(i, j + 1))
                if not meta.signer:
                    meta.signer = name
                    meta.signer_title = titles[-1] if titles else re.sub(r"^\w+\.\s*", "", caps[-1])
                    meta.signer_capacity = " / ".join(caps)
                # an attached document may follow (Quyết định + Kế hoạch kèm theo)
                k = j + 1
                while k < n and k in layout.excluded:
                    k += 1
                if k < n:
                    layout.doc_breaks.add(k)
                i = j + 1
                continue
        i += 1
    # Nơi nhận
    for i in range(layout.body_start, n):
        m = NOI_NHAN.match(lines[i].text)
        if not m:
            continue
        collected = [m.group("rest")] if m.group("rest").strip() else []
        j = i + 1
        while j < n:
            t = lines[j].text
            if j in layout.excluded and any(a <= j <= b for a, b in layout.signature_blocks):
                break
            if _is_title_line(t) or (_upper(t) and len(t.split()) <= 8 and not t.startswith("-")):
                break
            if collected and not t.startswith(("-", "+", "•")) and collected[-1].rstrip().endswith((".",)):
                break
            collected.append(t)
            j += 1
            if fold(t[:20]).lstrip("- ").startswith("luu"):
                # "Lưu: VT" closes the list
                while (
                    j < n
                    and not lines[j].new_para
                    and not _is_title_line(lines[j].text)
                    and not _upper(lines[j].text)
                ):
                    collected.append(lines[j].text)
                    j += 1
                break
        if not meta.cc:
            meta.cc = _join_items(collected)
        layout.excluded.update(range(i, j))
        k = j
        while k < n and k in layout.excluded:
            k += 1
        if k < n:
            layout.doc_breaks.add(k)
