"""Documents a directive cites: "<Loại> số <số/ký hiệu> ngày <dd/mm/yyyy> của <cơ quan>"."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass

from .timeexpr import safe_date

REF_TYPES = [
    "Thông báo kết luận",
    "Thông tư liên tịch",
    "Nghị quyết liên tịch",
    "Quyết định",
    "Công văn",
    "Văn bản",
    "Kế hoạch",
    "Thông báo",
    "Chỉ thị",
    "Công điện",
    "Nghị quyết",
    "Nghị định",
    "Thông tư",
    "Tờ trình",
    "Báo cáo",
    "Phương án",
    "Quy định",
    "Quy chế",
    "Hướng dẫn",
    "Chương trình",
    "Đề án",
    "Kết luận",
    "Luật",
    "Pháp lệnh",
]

# type code (first group of a ký hiệu) -> type word
TYPE_CODES = {
    "NQ": "Nghị quyết",
    "QĐ": "Quyết định",
    "QD": "Quyết định",
    "CT": "Chỉ thị",
    "QC": "Quy chế",
    "QYĐ": "Quy định",
    "TC": "Thông cáo",
    "TB": "Thông báo",
    "HD": "Hướng dẫn",
    "CTR": "Chương trình",
    "KH": "Kế hoạch",
    "PA": "Phương án",
    "ĐA": "Đề án",
    "DA": "Dự án",
    "BC": "Báo cáo",
    "BB": "Biên bản",
    "TTR": "Tờ trình",
    "HĐ": "Hợp đồng",
    "CĐ": "Công điện",
    "CD": "Công điện",
    "GM": "Giấy mời",
    "NĐ": "Nghị định",
    "TT": "Thông tư",
    "KL": "Kết luận",
    "TTLT": "Thông tư liên tịch",
}

_TYPES_RX = "|".join(re.escape(t) for t in REF_TYPES)
# groups joined by "-", "&" or "."; a typed space after the hyphen ("223/KH- UBND") is allowed
# before an upper-case group
_SYM = r"[A-ZĐ][A-Za-zĐđ0-9]*(?:(?:[-&.]|-\s(?=[A-ZĐ]{2}))[A-ZĐa-zđ0-9&]+)*"
_DATE_AFTER = (
    r"(?:\s*,?\s*(?:được\s+)?(?:ban\s+hành\s+)?ngày\s+(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})\s*[/.\-]\s*(?P<y>\d{4})"
    r"|\s*,?\s*ngày\s+(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>\d{4}))?"
)
_ISSUER = (
    r"(?:\s+của\s+(?P<cq>(?:Chủ\s+tịch\s+|Thường\s+trực\s+|Ban\s+Thường\s+vụ\s+|Ban\s+Chỉ\s+đạo\s+)?"
    r"(?:UBND|Ủy\s+ban\s+nhân\s+dân|Uỷ\s+ban\s+nhân\s+dân|HĐND|Hội\s+đồng\s+nhân\s+dân|Văn\s+phòng\s+Chính\s+phủ|"
    r"Thủ\s+tướng\s+Chính\s+phủ|Thủ\s+tướng|Chính\s+phủ|Quốc\s+hội|Thành\s+ủy|Tỉnh\s+ủy|Huyện\s+ủy|Bộ\s+Chính\s+trị|"
    r"Ban\s+Bí\s+thư|Trung\s+ương|(?:Sở|Bộ|Phòng|Ban|Cục|Tổng\s+cục)\s+[A-ZĐ][\w]*(?:\s+(?!về\b|ban\b|tại\b|theo\b|trong\b|và\b|của\b|năm\b|về\b|đã\b|được\b|để\b)(?:[a-zà-ỹđ]+|[A-ZĐ][\w]*)){0,5})"
    r"(?:\s+(?:tỉnh|huyện|thành\s+phố|Thành\s+phố|thị\s+xã|quận|xã|phường|thị\s+trấn))?"
    r"(?:\s+(?!Phê\b|Về\b|Ban\b|Quy\b|về\b)[A-ZĐ][\wđ]*){0,3}))?"
)
REF = re.compile(
    rf"(?P<type>{_TYPES_RX})\s+(?:số\s*:?\s*)?"
    rf"(?:(?P<pn>\d{{1,5}})-(?P<ps>[A-ZĐ][A-Za-zĐđ]*/[A-ZĐ][A-Za-zĐđ\-]*)"
    rf"|(?P<num>\d{{1,5}}(?:\.\d{{1,3}})?[a-z]?)\s*(?:/\s*(?P<year>(?:19|20)\d{{2}}))?\s*/\s*(?P<sym>{_SYM}))"
    rf"{_DATE_AFTER}{_ISSUER}"
)
BARE = re.compile(
    rf"(?<![\w/.-])(?:(?P<pn>\d{{1,5}})-(?P<ps>[A-ZĐ][A-Za-zĐđ]*/[A-ZĐ][A-Za-zĐđ\-]*)"
    rf"|(?P<num>\d{{1,5}})\s*(?:/\s*(?P<year>(?:19|20)\d{{2}}))?/(?P<sym>[A-ZĐ][A-Za-zĐđ]*(?:[-&][A-ZĐa-zđ0-9&]+)+|QH\d+))"
    rf"{_DATE_AFTER}"
)
_DATE_BEFORE = re.compile(
    r"[Nn]gày\s+(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\s*,[^.;]{0,120}?ban\s+hành\s*$"
)


@dataclass(slots=True)
class Reference:
    type: str
    number: str
    symbol: str
    date: dt.date | None
    issuer: str
    raw: str

    def key(self) -> tuple[str, str]:
        return (self.number, self.symbol.upper())

    def as_json(self) -> dict:
        d = asdict(self)
        d["date"] = self.date.isoformat() if self.date else None
        return d


def type_from_symbol(symbol: str) -> str:
    first = symbol.split("-")[0].split("/")[0]
    if first.upper() in TYPE_CODES:
        return TYPE_CODES[first.upper()]
    return "Công văn"


def _clean_issuer(cq: str | None) -> str:
    if not cq:
        return ""
    return re.sub(r"\s+", " ", cq).strip(" ,.;")


def _date_of(m: re.Match) -> dt.date | None:
    if m.group("y"):
        return safe_date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    if m.groupdict().get("y2"):
        return safe_date(int(m.group("y2")), int(m.group("m2")), int(m.group("d2")))
    return None


def find_references(
    text: str, *, own_number: str | None = None, own_symbol: str | None = None
) -> list[Reference]:
    """Every cited document with a number/symbol, once per (number, symbol), dated from its
    first dated mention."""
    found: dict[tuple[str, str], Reference] = {}
    order: list[tuple[str, str]] = []
    spans: list[tuple[int, int]] = []

    def add(rtype: str, number: str, symbol: str, date, issuer: str, raw: str) -> None:
        symbol = re.sub(r"\s+", "", symbol).strip(".-&")
        if not symbol:
            return
        if own_symbol and own_number and number == own_number and symbol.upper() == own_symbol.upper():
            return
        key = (number, symbol.upper())
        if key in found:
            ref = found[key]
            if ref.date is None and date is not None:
                ref.date = date
            if not ref.issuer and issuer:
                ref.issuer = issuer
            return
        found[key] = Reference(rtype, number, symbol, date, issuer, raw)
        order.append(key)

    for m in REF.finditer(text):
        spans.append(m.span())
        if m.group("pn"):
            number, symbol = m.group("pn"), m.group("ps")
        else:
            number = m.group("num") + (f"/{m.group('year')}" if m.group("year") else "")
            symbol = m.group("sym")
        rtype = re.sub(r"\s+", " ", m.group("type"))
        if rtype == "Văn bản":
            rtype = type_from_symbol(symbol) if symbol.split("-")[0].upper() in TYPE_CODES else "Công văn"
        date = _date_of(m)
        if date is None:
            before = _DATE_BEFORE.search(text[max(0, m.start() - 160) : m.start()])
            if before:
                date = safe_date(int(before.group(3)), int(before.group(2)), int(before.group(1)))
        add(rtype, number, symbol, date, _clean_issuer(m.group("cq")), m.group(0).strip())
    k = 0  # spans are in text order, and so are the bare matches: one forward walk
    for m in BARE.finditer(text):
        while k < len(spans) and spans[k][1] <= m.start():
            k += 1
        if k < len(spans) and spans[k][0] <= m.start():
            continue
        if m.group("pn"):
            number, symbol = m.group("pn"), m.group("ps")
        else:
            number = m.group("num") + (f"/{m.group('year')}" if m.group("year") else "")
            symbol = m.group("sym")
        add(
            type_from_symbol(symbol if not m.group("pn") else symbol.split("/")[0]),
            number,
            symbol,
            _date_of(m),
            "",
            m.group(0).strip(),
        )
    return [found[k] for k in order]
