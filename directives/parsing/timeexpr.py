"""Dates, deadlines and recurrence in the wording of directives.

A deadline is the day the text names ("Trước ngày 08/11/2022" gives 08/11/2022); whether
"trước" excludes that day is the application's setting, not the parser's. Periods give their
last day (month, quarter, half-year, year). Working-day periods go through the deadlines
app's :class:`~deadlines.workdays.WorkCalendar`.
"""

from __future__ import annotations

import calendar as _cal
import datetime as dt
import re
from dataclasses import dataclass, field

_D = r"(\d{1,2})"
_SEP = r"\s*[/.\-]\s*"
SHORT_DATE = rf"{_D}{_SEP}{_D}(?:{_SEP}(\d{{4}}))?"
LONG_DATE = r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s+năm\s+(\d{4}))?"

ROMAN_Q = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}


@dataclass(slots=True)
class TimeExpr:
    date: dt.date | None
    text: str
    kind: str  # day | month | quarter | half | year | workdays | days | monthly-day
    pos: int
    note: str = ""
    recurrence: str | None = None
    rule: dict | None = None


@dataclass(slots=True)
class DeadlineResult:
    date: dt.date | None = None
    text: str | None = None
    note: str = ""
    extra: list[TimeExpr] = field(default_factory=list)
    recurrence_hint: str | None = None
    rule: dict | None = None
    # a time phrase was seen but could not be turned into a date ("trước ngày 31/02/2025",
    # "Thời gian: Tháng 13"): the phrase, so the review screen can ask the clerk
    unparsed: str | None = None
    # machine codes for the candidate's flags: deadline_unparsed, deadline_no_year,
    # deadline_before_doc (see TEAM.md, parser -> intake contract)
    flags: list[str] = field(default_factory=list)

    @property
    def unsure(self) -> bool:
        return self.unparsed is not None


def safe_date(y: int | None, m: int | None, d: int | None) -> dt.date | None:
    try:
        if y is None or m is None or d is None:
            return None
        return dt.date(int(y), int(m), int(d))
    except (ValueError, TypeError, OverflowError):
        return None


def month_end(y: int, m: int) -> dt.date | None:
    if not (1 <= m <= 12) or not (1900 <= y <= 2200):
        return None
    return dt.date(y, m, _cal.monthrange(y, m)[1])


def quarter_end(y: int, q: int) -> dt.date | None:
    return month_end(y, q * 3) if 1 <= q <= 4 else None


def _resolve_day(
    d: str, m: str, y: str | None, doc_date: dt.date | None, doc_year: int | None
) -> dt.date | None:
    if y:
        return safe_date(int(y), int(m), int(d))
    year = doc_date.year if doc_date else doc_year
    if year is None:
        return None
    value = safe_date(year, int(m), int(d))
    if value and doc_date and value < doc_date:
        value = safe_date(year + 1, int(m), int(d))
    return value


# Explicit day deadlines: the first in text order is the deadline, the others are extras.
_DAY_TRIGGER = (
    r"(?:(?:hoàn\s+thành|xong|gửi|nộp|báo\s+cáo)\s+)?"
    r"(?:trước|chậm\s+nhất(?:\s+(?:là|vào))?|không\s+quá|hạn\s+chót(?:\s+là)?|hạn\s+cuối(?:\s+là)?"
    r"|đến\s+hết|đến|hết|trong|vào)\s*(?:ngày\s+)?"
)
DAY_DEADLINE = re.compile(
    rf"{_DAY_TRIGGER}(?:{SHORT_DATE}|{LONG_DATE})(?P<tail>\s+(?:hằng|hàng)\s+(?:năm|tháng))?", re.I
)
MONTHLY_DAY = re.compile(
    r"(?:trước|chậm\s+nhất(?:\s+(?:là|vào))?|không\s+quá)\s+ngày\s+(\d{1,2})\s+(?:hằng|hàng)\s+tháng", re.I
)

_PERIOD_PREFIX = r"(?:trong|trước|hết|đến\s+hết|đến|vào|hoàn\s+thành(?:\s+trong)?|xong\s+trong|chậm\s+nhất(?:\s+(?:là|vào))?(?:\s+trong)?)\s+"
_Q_ITEM = r"(?:IV|III|II|I|[1-4])\b"
_QUY = r"qu[ýíyì]"  # "Quý", and the common spellings "Quí", "Quy"
QUARTER = re.compile(
    rf"(?P<pre>{_PERIOD_PREFIX})?(?P<expr>{_QUY}\s*(?P<qs>{_Q_ITEM}(?:\s*(?:,|và|-|đến)\s*(?:{_QUY}\s*)?{_Q_ITEM})*)"
    r"(?:\s*(?:/|năm|-|,)\s*(?:năm\s+)?(?P<y>\d{4}))?)",
    re.I,
)
# "Tháng 11 - 12/2025", "từ tháng 10 đến tháng 12 năm 2025": a range of months ends with the last
MONTH_RANGE = re.compile(
    rf"(?P<pre>{_PERIOD_PREFIX}|từ\s+)?(?P<expr>tháng\s+(?P<m1>\d{{1,2}})\s*(?:-|đến|tới|và|,)\s*(?:tháng\s+)?"
    r"(?P<m2>\d{1,2})(?:\s*(?:/|năm)\s*(?P<y>\d{4}))?)(?!\d)(?![/.]\d)",
    re.I,
)
# a date standing alone in a time field
FIELD_DAY = re.compile(
    rf"(?<![\d/.]){SHORT_DATE}(?![\d/])|(?:ngày\s+)?(\d{{1,2}})\s+tháng\s+(\d{{1,2}})(?:\s+năm\s+(\d{{4}}))?",
    re.I,
)
# "12/2025" in a time field: a month
FIELD_MONTH_YEAR = re.compile(r"(?<![\d/.])(\d{1,2})\s*/\s*((?:19|20)\d{2})(?![\d/])")
# "2025 - 2035", "Giai đoạn 2026-2030", "Năm 2025 - 2026" as the whole value of a time field
FIELD_YEAR_RANGE = re.compile(
    r"^\s*(?:(?:trong\s+)?giai\s+đoạn\s+|(?:trong\s+|từ\s+)?(?:năm\s+)?)(?P<y1>(?:19|20)\d{2})\s*(?:-|đến|tới)\s*"
    r"(?:năm\s+)?(?P<y2>(?:19|20)\d{2})\b",
    re.I,
)
MONTH = re.compile(
    rf"(?P<pre>{_PERIOD_PREFIX}|(?:cuối|giữa|đầu)\s+)?(?P<expr>tháng\s+(?P<m>\d{{1,2}})(?:\s*(?:/|năm)\s*(?P<y>\d{{4}}))?)(?!\d)(?![/.]\d)",
    re.I,
)
HALF = re.compile(
    rf"(?P<pre>{_PERIOD_PREFIX})?(?P<expr>(?P<n>0?6|sáu|0?9|chín)\s+tháng\s+(?P<which>đầu|cuối)\s+năm(?:\s+(?P<y>\d{{4}}))?)",
    re.I,
)
YEAR_DONE = re.compile(
    r"(?P<expr>(?:hoàn\s+thành|xong|kết\s+thúc)(?:\s+(?:trong|trước|vào|cuối))?\s+(?:năm\s+)?(?P<y>\d{4})"
    r"|(?:cuối|hết)\s+năm\s+(?P<y2>\d{4})|trong\s+năm\s+(?P<y3>\d{4})(?!\s+và\s+(?:các|những)\s+năm))(?!\s*[-/]\s*\d)",
    re.I,
)
# "(dự án) có kế hoạch hoàn thành năm 2025": the year describes the object, not this task
_PLANNED_BEFORE = re.compile(r"(?:kế\s+hoạch|dự\s+kiến|theo\s+tiến\s+độ)\s*$", re.I)
# "từ nay đến hết năm 2025" in running text is the span an activity covers, not a deadline
_SPAN_BEFORE = re.compile(r"từ\s+nay\s+(?:đến|tới)\s*$", re.I)
YEAR_ONWARDS = re.compile(
    r"(?P<expr>(?:trong\s+)?năm\s+(?P<y>\d{4})\s+và\s+(?:các|những)\s+năm\s+tiếp\s+theo)", re.I
)
FIELD_YEAR = re.compile(r"^\s*(?:trong\s+|hoàn\s+thành\s+(?:trong\s+)?)?(?:năm\s+)?(?P<y>\d{4})\b", re.I)
WORKDAYS = re.compile(
    r"(?P<expr>(?:trong\s+(?:thời\s+hạn|vòng)\s+|trong\s+|sau\s+)?(?P<n>\d{1,3})\s+ngày(?P<wd>\s+làm\s+việc)?"
    r"\s*,?\s*(?:kể\s+)?từ\s+(?:ngày\s+|khi\s+)?(?P<anchor>[^.;]{0,80}))",
    re.I,
)
_HAS_DIGIT = re.compile(r"\d")
_DATE_LIKE = re.compile(r"\d{1,2}\s*[/.\-]\s*\d{1,2}|ngày\s+\d{1,2}\s+tháng")
_N_DAYS = re.compile(r"\d\s+ngày")
_YEAR4 = re.compile(r"\d{4}")
_HAS_QUARTER = re.compile(r"qu[ýíyì]\s*(?:IV|III|II|I|[1-4])\b", re.I)
START_ONLY = re.compile(r"^\s*(?:từ|bắt\s+đầu\s+từ|kể\s+từ)\s+", re.I)
_DAY_BEFORE = re.compile(r"\d\s+$")
_UNTIL = re.compile(r"\s(?:đến|tới)\s|\d\s*-\s*(?:tháng\s+|qu[ýíy]\s+|năm\s+)?\d", re.I)


def _start_only(text: str) -> bool:
    """ "Từ 01/7/2025" names a start and no end; "Từ tháng 10 đến tháng 12/2025" is a range."""
    return bool(START_ONLY.match(text)) and not _UNTIL.search(text)


def _default_calendar():
    """The working-day calendar when the caller passes none: official holidays and weekends,
    without the office's own overrides (those live in the database, which the parser never
    reads; the intake passes ``deadlines.workdays.get_calendar()``)."""
    from deadlines.workdays import WorkCalendar

    return WorkCalendar()


# A phrase that announces a deadline; when none of the expressions above starts near it,
# the clause has a time the parser could not read ("trước ngày 31/02/2025", "chậm nhất ngày …")
_CUE = re.compile(
    r"(?:trước|chậm\s+nhất(?:\s+(?:là|vào))?|hạn\s+chót(?:\s+là)?|hạn\s+cuối(?:\s+là)?|không\s+quá"
    r"|hoàn\s+thành\s+(?:trước|trong|vào))\s+(?:ngày|tháng|qu[ýíy]|năm)\b",
    re.I,
)
_CONDITION_ONLY = re.compile(r"^\D*$")


def _unparsed_phrase(text: str, found: list[TimeExpr], *, offset: int, field_value: bool) -> str | None:
    near = bytearray(len(text) + 3)  # positions inside, just before or just after a found expression
    for e in found:
        a, b = max(0, e.pos - offset - 2), min(len(near), e.pos - offset + len(e.text) + 1)
        near[a:b] = b"\x01" * (b - a)
    for m in _CUE.finditer(text):
        if not near[m.start()]:
            return text[m.start() : m.start() + 60].split(";")[0].strip(" ,.")
    if field_value and not found and not _start_only(text) and not _CONDITION_ONLY.match(text):
        if find_recurrence(text, field_value=True)[0] is None:
            return text.strip()[:80]
    return None


def _quarters(qs: str) -> list[int]:
    return [ROMAN_Q[t.upper()] for t in re.findall(r"IV|III|II|I|[1-4]", qs, re.I)]


def find_time_exprs(
    text: str,
    *,
    doc_date: dt.date | None,
    doc_year: int | None,
    plan_like: bool = False,
    field_value: bool = False,
    calendar=None,
) -> tuple[list[TimeExpr], list[TimeExpr], list[TimeExpr]]:
    """(explicit days, relative periods, calendar periods) found in ``text``."""
    days: list[TimeExpr] = []
    relative: list[TimeExpr] = []
    periods: list[TimeExpr] = []
    covered = bytearray(len(text))  # characters already read as a time expression

    def take(span: tuple[int, int]) -> None:
        covered[span[0] : span[1]] = b"\x01" * (span[1] - span[0])

    if not _HAS_DIGIT.search(text) and not _HAS_QUARTER.search(text):
        return days, relative, periods

    def free(a: int, b: int) -> bool:
        return covered.find(1, a, b) < 0

    has_date = bool(_DATE_LIKE.search(text))
    lower = text.lower()
    for m in MONTHLY_DAY.finditer(text) if "tháng" in lower else ():
        take(m.span())
        days.append(TimeExpr(None, m.group(0), "monthly-day", m.start(), "day of every month", "hằng tháng"))
    for m in DAY_DEADLINE.finditer(text) if has_date else ():
        if not free(*m.span()):
            continue
        g = m.groups()
        d, mo, y = (g[0], g[1], g[2]) if g[0] else (g[3], g[4], g[5])
        trig = text[m.start() : m.end()].lower()
        if trig.lstrip().startswith(("trong", "đến", "vào")) and not re.match(
            r"\s*(?:trong|đến(?:\s+hết)?|vào)\s+ngày", trig
        ):
            continue  # "trong 05/..." is not a deadline phrase; "trong ngày 05/3" is
        if (
            re.match(r"\s*hết\s+ngày", trig) is None
            and trig.lstrip().startswith("hết")
            and "ngày" not in trig
        ):
            continue
        if not y and "/" not in m.group(0) and "tháng" not in m.group(0) and "." in m.group(0):
            continue  # "trước 1.2" is more likely a clause number than a date
        value = _resolve_day(d, mo, y, doc_date, doc_year)
        if value is None:
            continue
        rec = None
        if m.group("tail"):
            rec = "hằng năm" if "năm" in m.group("tail") else "hằng tháng"
        take(m.span())
        days.append(
            TimeExpr(value, m.group(0).strip(), "day", m.start(), "" if y else "year from document date", rec)
        )

    for m in WORKDAYS.finditer(text) if _N_DAYS.search(text) else ():
        if not free(*m.span()):
            continue
        n = int(m.group("n"))
        anchor_text = m.group("anchor") or ""
        anchor: dt.date | None = None
        note = ""
        dm = re.search(SHORT_DATE, anchor_text) or re.search(LONG_DATE, anchor_text)
        if dm and dm.group(3):
            anchor = safe_date(int(dm.group(3)), int(dm.group(2)), int(dm.group(1)))
        elif re.search(r"ban\s+hành|ký", anchor_text, re.I):
            anchor = doc_date
            note = "from the document date"
        else:
            note = "from receipt or another event: needs the anchor date"
        value = None
        rule = {
            "count": n,
            "unit": "working_day" if m.group("wd") else "day",
            "anchor": anchor_text.strip()[:60],
        }
        if anchor is not None:
            if m.group("wd"):
                if calendar is None:
                    calendar = _default_calendar()
                    note = f"{note}; official holidays only (no calendar passed in)".lstrip("; ")
                value = calendar.add_working_days(anchor, n)
            else:
                value = anchor + dt.timedelta(days=n)
                if calendar is not None and not calendar.is_working_day(value):
                    value = calendar.next_working_day(value)
        take(m.span())
        relative.append(
            TimeExpr(
                value,
                m.group("expr").strip(" ,"),
                "workdays" if m.group("wd") else "days",
                m.start(),
                note,
                rule=rule,
            )
        )

    year_default = doc_date.year if doc_date else doc_year

    for m in QUARTER.finditer(text) if _HAS_QUARTER.search(text) else ():
        if not free(*m.span()) or not (field_value or m.group("pre")):
            continue
        qs = _quarters(m.group("qs"))
        y = int(m.group("y")) if m.group("y") else year_default
        if not qs or y is None:
            continue
        value = quarter_end(y, max(qs))
        if value:
            take(m.span())
            periods.append(
                TimeExpr(
                    value,
                    m.group("expr").strip() if field_value else m.group(0).strip(),
                    "quarter",
                    m.start(),
                    "quarter-only",
                )
            )
    for m in HALF.finditer(text) if " tháng đầu năm" in lower or " tháng cuối năm" in lower else ():
        if not free(*m.span()) or not (field_value or m.group("pre")):
            continue
        y = int(m.group("y")) if m.group("y") else year_default
        if y is None:
            continue
        months = 9 if m.group("n").lower() in ("9", "09", "chín") else 6
        value = month_end(y, months if m.group("which").lower() == "đầu" else 12)
        if value:
            take(m.span())
            periods.append(TimeExpr(value, m.group(0).strip(), "half", m.start(), "period end"))
    for m in MONTH_RANGE.finditer(text) if "tháng" in lower else ():
        if not free(*m.span()):
            continue
        pre = (m.group("pre") or "").strip().lower()
        if not (field_value or pre):
            continue
        y = int(m.group("y")) if m.group("y") else year_default
        m1, m2 = int(m.group("m1")), int(m.group("m2"))
        if y is None or not (1 <= m1 <= 12 and 1 <= m2 <= 12) or m2 < m1:
            continue
        value = month_end(y, m2)
        if value:
            take(m.span())
            periods.append(
                TimeExpr(value, m.group(0).strip(), "month", m.start(), "month-only, end of range")
            )
    for m in MONTH.finditer(text) if "tháng" in lower else ():
        if not free(*m.span()) or _DAY_BEFORE.search(text, max(0, m.start() - 6), m.start()):
            continue  # "ngày 20 tháng 12 năm 2025" names a day, read below
        pre = (m.group("pre") or "").strip().lower()
        if not (field_value or pre):
            continue
        if (
            not m.group("y")
            and not field_value
            and not pre.startswith(("trong", "hết", "đến", "cuối", "hoàn", "xong", "chậm"))
        ):
            continue
        y = int(m.group("y")) if m.group("y") else year_default
        mo = int(m.group("m"))
        if y is None or not 1 <= mo <= 12:
            continue
        if pre.startswith("trước"):
            mo, y = (mo - 1, y) if mo > 1 else (12, y - 1)
            value = month_end(y, mo)
        elif pre.startswith("giữa"):
            value = safe_date(y, mo, 15)
        elif pre.startswith("đầu"):
            value = safe_date(y, mo, 1)
        else:
            value = month_end(y, mo)
        if value:
            take(m.span())
            periods.append(TimeExpr(value, m.group(0).strip(), "month", m.start(), "month-only"))
    for m in YEAR_DONE.finditer(text) if _YEAR4.search(text) else ():
        if not free(*m.span()):
            continue
        before = text[max(0, m.start() - 30) : m.start()]
        if _PLANNED_BEFORE.search(before) or (not field_value and _SPAN_BEFORE.search(before)):
            continue
        y = int(m.group("y") or m.group("y2") or m.group("y3"))
        if year_default is not None and y < year_default:
            continue  # "bị trừ điểm trong năm 2023" in a 2024 text: a past year, not a deadline
        value = safe_date(y, 12, 31)
        if value and "trước" in m.group(0).lower():
            value = safe_date(y - 1, 12, 31)
        if value:
            take(m.span())
            periods.append(TimeExpr(value, m.group("expr").strip(), "year", m.start(), "year-only"))
    if plan_like or field_value:
        for m in YEAR_ONWARDS.finditer(text) if "tiếp theo" in lower else ():
            if not free(*m.span()):
                continue
            value = safe_date(int(m.group("y")), 12, 31)
            if value:
                take(m.span())
                periods.append(
                    TimeExpr(
                        value,
                        m.group("expr").strip(),
                        "year",
                        m.start(),
                        "year and following years",
                        "hằng năm",
                    )
                )
    if field_value and not days and not relative and not periods and not _start_only(text):
        # a time field holding a bare date ("20/12/2025", "Ngày 20 tháng 12 năm 2025"); a range
        # ("01/12 - 20/12/2025", "từ … đến …") ends with its last date
        found = [m for m in FIELD_DAY.finditer(text) if free(*m.span())]
        if found:
            m = found[-1] if len(found) > 1 and _UNTIL.search(text) else found[0]
            g = m.groups()
            d, mo, y = (g[0], g[1], g[2]) if g[0] else (g[3], g[4], g[5])
            if not y and len(found) > 1:
                y = next((x.group(3) or x.group(6) for x in found if x.group(3) or x.group(6)), None)
            value = _resolve_day(d, mo, y, doc_date, doc_year)
            if value is not None:
                take(m.span())
                days.append(
                    TimeExpr(
                        value,
                        text.strip().rstrip("."),
                        "day",
                        m.start(),
                        "" if y else "year from document date",
                    )
                )
                return days, relative, periods
    if field_value and not days and not relative and not periods and not _start_only(text):
        m = FIELD_MONTH_YEAR.search(text)
        if m:
            value = month_end(int(m.group(2)), int(m.group(1)))
            if value:
                periods.append(TimeExpr(value, text.strip().rstrip("."), "month", m.start(), "month-only"))
                return days, relative, periods
        m = FIELD_YEAR_RANGE.match(text)
        if m and int(m.group("y2")) >= int(m.group("y1")):
            value = safe_date(int(m.group("y2")), 12, 31)
            if value:
                periods.append(TimeExpr(value, text.strip().rstrip("."), "year", 0, "year range: its end"))
                return days, relative, periods
        m = FIELD_YEAR.match(text)
        if m:
            value = safe_date(int(m.group("y")), 12, 31)
            if value:
                periods.append(TimeExpr(value, text.strip().rstrip("."), "year", 0, "year-only"))
    return days, relative, periods


def extract_deadline(
    texts: list[tuple[str, bool]],
    *,
    doc_date: dt.date | None,
    doc_year: int | None,
    plan_like: bool = False,
    calendar=None,
) -> DeadlineResult:
    """The deadline of a clause from its texts, each ``(text, is_field_value)``; field values
    (``Thời gian thực hiện: …``, a table's time column) come first and win."""
    days: list[TimeExpr] = []
    relative: list[TimeExpr] = []
    periods: list[TimeExpr] = []
    unparsed: str | None = None
    offset = 0
    for text, is_field in texts:
        if (
            is_field
            and START_ONLY.match(text)
            and not DAY_DEADLINE.search(text[5:])
            and not _UNTIL.search(text)
        ):
            offset += len(text) + 1
            continue
        d, r, p = find_time_exprs(
            text,
            doc_date=doc_date,
            doc_year=doc_year,
            plan_like=plan_like,
            field_value=is_field,
            calendar=calendar,
        )
        for e in (*d, *r, *p):
            e.pos += offset
        if unparsed is None:
            unparsed = _unparsed_phrase(text, [*d, *r, *p], offset=offset, field_value=is_field)
        days += d
        relative += r
        periods += p
        offset += len(text) + 1
    result = _choose(days, relative, periods)
    result.unparsed = unparsed
    if unparsed is not None:
        result.flags.append("deadline_unparsed")
    if result.date is not None and result.note == "year from document date":
        result.flags.append("deadline_no_year")
    if result.date is not None and doc_date is not None and result.date < doc_date:
        result.flags.append("deadline_before_doc")
    return result


def _range_end(first: TimeExpr, dated: list[TimeExpr]) -> TimeExpr:
    """ "Quý IV/2025 - Quý II/2026": a period joined to the next ones by a dash or "đến" is a
    range, and the range ends with its last period."""
    out = first
    for e in dated[dated.index(first) + 1 :]:
        if e.kind == "day" or e.pos - (out.pos + len(out.text)) > 6:
            break
        out = e if e.date and out.date and e.date > out.date else out
    return out


def _choose(days: list[TimeExpr], relative: list[TimeExpr], periods: list[TimeExpr]) -> DeadlineResult:
    """A named day first (the first in text order; the other days are extras), then a
    period counted from an event, then the latest calendar period."""
    result = DeadlineResult()
    rec_hint = next((e.recurrence for e in sorted(days + periods, key=lambda e: e.pos) if e.recurrence), None)
    result.recurrence_hint = rec_hint
    dated_days = [e for e in days if e.date is not None]
    if dated_days:
        dated = sorted([*dated_days, *periods], key=lambda e: e.pos)
        first = dated[0]
        if first.kind != "day":
            first = _range_end(first, dated)
        result.date, result.text, result.note = first.date, first.text, first.note
        result.extra = [e for e in dated if e.kind == "day" and e is not first]
        return result
    if days:  # "trước ngày 20 hằng tháng": no single date
        result.text, result.note = days[0].text, days[0].note
        return result
    if relative:
        first = sorted(relative, key=lambda e: e.pos)[0]
        result.date, result.text, result.note = first.date, first.text, first.note
        result.rule = first.rule
        return result
    if periods:
        last = max(periods, key=lambda e: (e.date, -e.pos))
        result.date, result.text, result.note = last.date, last.text, last.note
        return result
    return result


# ---------------------------------------------------------------------------- recurrence

_RECURRENCE = [
    (
        re.compile(
            r"0?6\s*tháng\s*/\s*(?:01|1)?\s*lần|định\s+kỳ\s+0?6\s+tháng|0?6\s+tháng\s+(?:một|01|1)\s+lần|nửa\s+năm\s+một\s+lần",
        ),
        "6 tháng",
    ),
    (re.compile(r"(?:hằng|hàng)\s+ngày|\d+\s*lần\s*/\s*ngày|định\s+kỳ\s+ngày"), "hằng ngày"),
    (
        re.compile(r"(?:hằng|hàng)\s+tuần|\d+\s*lần\s*/\s*tuần|định\s+kỳ\s+(?:hằng\s+|hàng\s+)?tuần"),
        "hằng tuần",
    ),
    (re.compile(r"(?:hằng|hàng)\s+tháng|định\s+kỳ\s+(?:hằng\s+|hàng\s+)?tháng(?!\s*\d)"), "hằng tháng"),
    (re.compile(r"(?:hằng|hàng)\s+quý|định\s+kỳ\s+(?:hằng\s+|hàng\s+)?quý(?!\s+[IV1-4])"), "hằng quý"),
    (re.compile(r"(?:hằng|hàng)\s+năm|định\s+kỳ\s+(?:hằng\s+|hàng\s+)?năm(?!\s*\d)"), "hằng năm"),
    (re.compile(r"định\s+kỳ"), "định kỳ"),
    (re.compile(r"(?<!chi\s)(?<!chi phí\s)thường\s+xuyên"), "thường xuyên"),
]
_RECURRENCE_HINT = re.compile(
    r"hằng\s|hàng\s+(?:ngày|tuần|tháng|quý|năm)|định\s+kỳ|thường\s+xuyên|lần|giai\s+đoạn"
)
_GIAI_DOAN = re.compile(r"giai\s+đoạn\s+\d{4}\s*-\s*\d{4}")
_FOLLOWING_YEARS = re.compile(r"(?:và|,)\s+(?:các|những)\s+năm\s+tiếp\s+theo")
# a time cell holding only a span of years ("2025 - 2035") names a multi-year period
_BARE_YEAR_RANGE = re.compile(
    r"^\s*(?:năm\s+)?(?:19|20)\d{2}\s*(?:-|đến)\s*(?:năm\s+)?(?:19|20)\d{2}\s*\.?\s*$"
)


def find_recurrence(text: str, *, field_value: bool = False) -> tuple[str | None, str | None]:
    """(recurrence, phrase) for the first recurrence word in ``text``; a specific period
    ("định kỳ 6 tháng") wins over the bare word that starts it."""
    hits: list[tuple[int, int, str, str]] = []
    text = text.lower()
    if field_value and _BARE_YEAR_RANGE.match(text):
        return "giai đoạn", text.strip(" .")
    if field_value and (m := _FOLLOWING_YEARS.search(text)):
        return "hằng năm", m.group(0)
    if not _RECURRENCE_HINT.search(text):
        return None, None
    for rank, (rx, value) in enumerate(_RECURRENCE):
        for m in rx.finditer(text):
            hits.append((m.start(), rank, value, m.group(0).strip()))
    if field_value:
        for m in _GIAI_DOAN.finditer(text):
            hits.append((m.start(), 99, "giai đoạn", m.group(0)))
    if not hits:
        return None, None
    hits.sort()
    start, _rank, value, phrase = hits[0]
    # a specific period starting inside the bare "định kỳ" match wins
    for s, _r, v, p in hits[1:]:
        if s - start <= 3 and v != "định kỳ" and value == "định kỳ":
            return v, p
    return value, phrase
