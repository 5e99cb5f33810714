"""Where the parser is unsure, it says so: machine codes on a task candidate's ``flags``.

The intake's review screen shows each code with a Vietnamese label. Codes:

* ``unit_unsplit`` — a unit name that may still hold several units (a ";", a very long name,
  or proper names listed after a comma that the splitter kept together);
* ``unit_unresolved_phrase`` — a unit that does not read as a unit name (no head word such as
  "Sở", "UBND", "các cơ quan"; or a verb inside it);
* ``lead_from_heading`` / ``lead_from_lead_in`` / ``lead_from_doc_lead_in`` /
  ``lead_from_kinh_gui`` — the item names no actor; the lead was inherited (RULES §3 rules 3–4);
* ``lead_from_row_above`` — a table row whose lead cell is empty took the row above's (merged cell);
* ``lead_missing`` — a table row with no lead anywhere;
* ``closing_report`` — a recurring report set in the closing section, made a task of its own;
* the deadline codes come from :mod:`timeexpr` (``deadline_unparsed``, ``deadline_no_year``,
  ``deadline_before_doc``).
"""

from __future__ import annotations

import re

from .actors import HEAD, starts_with_head

MAX_PLAIN_UNIT_WORDS = 14
_LISTED_NAMES = re.compile(r",\s+(?:[A-ZĐ][\wà-ỹđ]*\s+){0,3}[A-ZĐ][\wà-ỹđ]*\s*(?:,|$)")
_VERB_INSIDE = re.compile(
    r"(?<![\wà-ỹđ])(?:chủ\s+trì|tham\s+mưu|triển\s+khai|tổ\s+chức\s+thực\s+hiện|có\s+trách\s+nhiệm|báo\s+cáo)(?![\wà-ỹđ])"
)

LEAD_SOURCE_FLAGS = {
    "heading": "lead_from_heading",
    "lead-in": "lead_from_lead_in",
    "doc-lead-in": "lead_from_doc_lead_in",
    "kính gửi": "lead_from_kinh_gui",
}


def unit_unsplit(unit: str) -> bool:
    """A name that may still be a list: ";" inside, too long, or "X, Name Name," pairs."""
    if ";" in unit:
        return True
    if len(unit.split()) > MAX_PLAIN_UNIT_WORDS:
        return True
    if "," in unit and _LISTED_NAMES.search(unit) and not HEAD.search(unit.split(",", 1)[1]):
        return True
    return False


def unit_unresolved(unit: str) -> bool:
    """A phrase that does not read as a unit name."""
    if not starts_with_head(unit) and not unit[:1].isupper():
        return True
    return bool(_VERB_INSIDE.search(unit))


def unit_flags(units: list[str]) -> list[str]:
    flags: list[str] = []
    if any(unit_unsplit(u) for u in units):
        flags.append("unit_unsplit")
    if any(unit_unresolved(u) for u in units):
        flags.append("unit_unresolved_phrase")
    return flags


def merge(*groups: list[str]) -> list[str]:
    out: list[str] = []
    for group in groups:
        for code in group:
            if code and code not in out:
                out.append(code)
    return out
