"""Which parts of a directive concern us (domain.md §9, issue 14 item 2).

A directive is either our own People's Committee's (``own``: every assigned clause is one of
our tasks, today's behaviour) or a higher level's (``higher``: a province's Kế hoạch read by a
commune). For a higher level's directive only the clauses addressed to us are our tasks —
"UBND các xã, phường, đặc khu", "Chủ tịch UBND cấp xã", "các địa phương", or our own name —
and the lead is left empty: the clerk hands each clause to one of our own units.

    mark(draft.data, current_org())   # sets meta.origin, each row's "relevant" and "include"

Pure: no database, no settings; the organisation (``units.org.Org``) is passed in. Rules are
about the language of administrative documents only, never about a particular document.
"""

from __future__ import annotations

import re
from typing import Any, Protocol

from django.utils.translation import gettext, gettext_lazy

from units.text import fold

OWN, HIGHER = "own", "higher"

# Row flags this module adds, as the review screen reads them.
FLAG_LABELS = {
    "coop_concerns_us": gettext_lazy("Cơ quan mình chỉ được đề nghị phối hợp ở nội dung này"),
}


class OrgLike(Protocol):
    name: str
    level: str
    header_name: str
    place: str
    aliases: tuple[str, ...]
    groups: tuple[str, ...]


# --- normalising phrases ----------------------------------------------------------------------

_SYNONYMS = [
    (re.compile(r"\buy ban nhan dan\b"), "ubnd"),
    (re.compile(r"\bhoi dong nhan dan\b"), "hdnd"),
    (re.compile(r"\s*&\s*"), " va "),
    (re.compile(r"\s*[–-]\s*"), " "),
]
# "Chủ tịch UBND các xã" addresses the head of the body; the body is what we match
_PERSON = re.compile(
    r"^(?:(?:pho )?chu tich|thu truong|nguoi dung dau|lanh dao|(?:pho )?giam doc|(?:pho )?truong)\s+"
)
_LEAD_IN = re.compile(r"^(?:giao(?: cho)?|de nghi|yeu cau|dong chi|doi voi|chi dao|cac dong chi)\s+")
_LABEL = re.compile(r"^(?:[ivxlc]+|\d+(?:\.\d+)*|[a-zđ])[.)]\s*")


def _fold(text: str) -> str:
    """Accent- and case-insensitive, synonyms unified, punctuation kept (lists need commas)."""
    key = fold(text or "")
    for rx, repl in _SYNONYMS:
        key = rx.sub(repl, key)
    return re.sub(r"\s+", " ", key).strip(" .;:")


def _bare(text: str) -> str:
    """Folded without punctuation: "ubnd cac xa phuong dac khu"."""
    return re.sub(r"\s+", " ", re.sub(r"[,;:()]", " ", _fold(text))).strip()


# --- who we are, in the words of documents ------------------------------------------------------

# the word a level's bodies are called by, as in "các xã", and the "cấp …" that includes them
_LEVEL_WORDS = {
    "commune": ("xa", "xa"),
    "ward": ("phuong", "xa"),
    "province": ("tinh", "tinh"),
    "district": ("huyen", "huyen"),
}
_HEADER_WORDS = ("thanh pho", "thi xa", "thi tran", "dac khu", "tinh", "huyen", "quan", "xa", "phuong")
_PLURAL = re.compile(
    r"\bcac\s+((?:(?:xa|phuong|dac khu|thi tran|tinh|thanh pho|huyen|thi xa|quan)\b(?:\s*(?:,|;|va|/)\s*)?)+)"
)
_LOCALITIES = re.compile(r"\bdia phuong\b")
# "Ủy ban nhân dân xã, phường" with no name after it: every commune and ward, like "các xã, phường"
_GENERIC = re.compile(
    r"(?:^|\b(?:ubnd|hdnd)\s+)((?:xa|phuong|dac khu|thi tran|tinh|huyen)"
    r"(?:\s*(?:,|;|va|/)\s*(?:xa|phuong|dac khu|thi tran|tinh|thanh pho|huyen|thi xa|quan))*)\s*$"
)
_RANKS = {"central": 0, "province": 1, "district": 2, "commune": 3, "ward": 3}


def _our_word(org: OrgLike) -> str:
    header = _bare(org.header_name)
    for word in _HEADER_WORDS:
        if header.startswith(word + " "):
            return word
    return _LEVEL_WORDS.get(org.level, ("", ""))[0]


def _our_names(org: OrgLike) -> list[str]:
    names = [org.name, *org.aliases]
    word = _our_word(org)
    if org.place and word:
        names.append(f"{word} {org.place}")
    if org.header_name:
        names.append(org.header_name)
    keys = {_bare(n) for n in names if n and n.strip()}
    return sorted((k for k in keys if len(k) >= 4), key=len, reverse=True)


def _contains(haystack: str, key: str) -> bool:
    return re.search(rf"(?<![\w]){re.escape(key)}(?![\w])", haystack) is not None


def _enumerates(folded: str, plural: re.Match) -> bool:
    """After "các xã", a colon or a short comma-separated list of names."""
    rest = folded[plural.end() :]
    if folded[plural.end() - 1 : plural.end() + 2].strip().startswith(":") or rest.lstrip().startswith(":"):
        return True
    items = [i.strip() for i in re.split(r"[,;]|\bva\b", rest) if i.strip()]
    return len(items) >= 2 and all(len(i.split()) <= 4 for i in items)


def concerns_us(phrase: str, org: OrgLike) -> bool:
    """Does an addressee phrase ("UBND các xã, phường", "Chủ tịch UBND cấp xã") include us?"""
    folded = _fold(phrase)
    folded = _PERSON.sub("", _LEAD_IN.sub("", folded))
    bare = _bare(folded)
    if not bare:
        return False
    word = _our_word(org)
    level = _LEVEL_WORDS.get(org.level, ("", ""))[1]
    # our own name, or our place in a list ("UBND các xã: Sơn Tây, Sơn Tây Thượng")
    if any(_contains(bare, key) for key in _our_names(org)):
        return True
    place = _bare(org.place)
    plural = _PLURAL.search(folded)
    if plural and _enumerates(folded, plural):
        # "UBND các xã: Sơn Tây, Sơn Tây Hạ" names its communes: only our place counts
        items = [_bare(part) for part in re.split(r"[,;:]|\bva\b", folded[plural.end() :])]
        return bool(place) and any(item == place or item.endswith(" " + place) for item in items)
    # the groups configured for us ("UBND các xã, phường, đặc khu")
    if any(_bare(g) and _bare(g) == bare for g in org.groups):
        return True
    # "các xã, phường, đặc khu" naming our kind of body; "cấp xã"; "các địa phương"
    for match in _PLURAL.finditer(folded):
        words = {w.strip() for w in re.split(r"\s*(?:,|;|\bva\b|/)\s*", match.group(1)) if w.strip()}
        if word in words:
            return True
    generic = _GENERIC.search(folded)
    if generic and word in {w.strip() for w in re.split(r"\s*(?:,|;|\bva\b|/)\s*", generic.group(1))}:
        return True
    if level and _contains(bare, f"cap {level}"):
        return True
    return _LOCALITIES.search(bare) is not None


# --- whose directive is it ------------------------------------------------------------------

_ORGAN = (
    r"(?:ubnd|hdnd|van phong ubnd|chu tich ubnd|ban chi dao|ban chi huy|dang uy|tinh uy|thanh uy|huyen uy)"
)
_ORGAN_LEVEL = re.compile(rf"\b{_ORGAN}\s+(tinh|thanh pho|huyen|thi xa|quan|xa|phuong|dac khu|thi tran)\b")
_CENTRAL = re.compile(
    r"^(?:chinh phu|thu tuong|van phong chinh phu|quoc hoi|uy ban thuong vu quoc hoi|bo(?! chi huy)\s+\w+)\b"
)
_PROVINCIAL_BODY = re.compile(r"^(?:so|ban quan ly|thanh tra tinh|cong an tinh|bo chi huy quan su tinh)\b")
_WORD_LEVEL = {
    "tinh": "province",
    "thanh pho": "province",  # after 2025 a "thành phố" is a centrally-run city
    "huyen": "district",
    "thi xa": "district",
    "quan": "district",
    "xa": "commune",
    "phuong": "ward",
    "dac khu": "commune",
    "thi tran": "commune",
}


def _header_lines(excerpt: str) -> str:
    """The issuing body's header lines (left column, before "Số:"), joined."""
    parts: list[str] = []
    for raw in (excerpt or "").splitlines()[:8]:
        line = _fold(raw)
        line = re.split(r"\b(?:cong hoa xa hoi|doc lap)\b", line)[0].strip(" -_")
        if re.match(r"^so\s*[:.]", line) or re.match(
            r"^(?:ke hoach|cong van|quyet dinh|chi thi|thong bao)\b", line
        ):
            break
        if line:
            parts.append(line)
    return " ".join(parts)


def issuer_level(issuer: str, header: str = "") -> str | None:
    """ "central" | "province" | "district" | "commune" | "ward" | None, read from the issuer's name."""
    for text in (_bare(issuer), _bare(header)):
        if not text:
            continue
        if _CENTRAL.search(text):
            return "central"
        match = _ORGAN_LEVEL.search(text)
        if match:
            return _WORD_LEVEL[match.group(1)]
        if _PROVINCIAL_BODY.search(text):
            return "province"
        # a header split over two lines: "ỦY BAN NHÂN DÂN" / "TỈNH QUẢNG NGÃI"
        for word, level in _WORD_LEVEL.items():
            if re.match(rf"^(?:ubnd\s+)?{word}\s+\w", text) and word != "quan":
                return level
    return None


def decide_origin(data: dict, org: OrgLike) -> str:
    meta = data.get("meta") or {}
    issuer = meta.get("issuer") or ""
    header = _header_lines(data.get("text_excerpt") or "")
    for text in (_bare(issuer), _bare(header)):
        if text and any(_contains(text, key) for key in _our_names(org)):
            return OWN
    level = issuer_level(issuer, header)
    ours = _RANKS.get(org.level)
    if level is not None and ours is not None:
        return HIGHER if _RANKS[level] < ours else OWN
    # issuer unread: a document addressed to a group we belong to is not our own
    addressed = [*(meta.get("recipients") or []), *(meta.get("distribution") or [])]
    if any(concerns_us(name, org) and not _names_us(name, org) for name in addressed):
        return HIGHER
    return OWN


def _names_us(phrase: str, org: OrgLike) -> bool:
    bare = _bare(phrase)
    return any(_contains(bare, key) for key in _our_names(org))


# --- the rows ---------------------------------------------------------------------------------


def _leads_with_us(text: str, org: OrgLike) -> bool:
    """A clause or heading that opens with an addressee that includes us: "5. UBND cấp xã: …"."""
    folded = _LABEL.sub("", _fold(text))
    folded = _PERSON.sub("", _LEAD_IN.sub("", folded))
    head = re.split(
        r"[:.]|\s(?:chu tri|phoi hop|thuc hien|xay dung|trien khai|to chuc|co trach nhiem)\b", folded
    )[0]
    opens = re.match(r"^(?:ubnd|cac|cap|dia phuong|xa|phuong|dac khu)\b", head) or any(
        head.startswith(key) for key in _our_names(org)
    )
    return bool(opens) and len(head) <= 120 and concerns_us(head, org)


def _row_relevance(
    row: dict, clauses: dict[Any, dict], org: OrgLike, addressed_only_us: bool
) -> tuple[bool, bool]:
    """(relevant, only as a cooperating party)."""
    lead_names = [n for n in row.get("lead_names") or [] if n]
    coop_names = [n for n in row.get("coop_names") or [] if n]
    if lead_names:
        if any(concerns_us(n, org) for n in lead_names):
            return True, False
        return False, any(concerns_us(n, org) for n in coop_names)
    if _leads_with_us(row.get("text") or "", org):
        return True, False
    clause = clauses.get(row.get("clause_id"))
    seen = 0
    while clause is not None and seen < 10:
        parent = clauses.get(clause.get("parent"))
        if parent is not None and _leads_with_us(parent.get("text") or "", org):
            return True, False
        clause, seen = parent, seen + 1
    if coop_names:
        return False, any(concerns_us(n, org) for n in coop_names)
    return addressed_only_us, False


def mark(data: dict, org: OrgLike) -> dict:
    """Set ``meta.origin`` and, for a higher level's directive, each row's ``relevant`` and
    ``include`` (= relevant), with the lead left for the clerk to choose among our units;
    the addressee as written stays in ``lead_names``. Returns ``data`` (changed in place)."""
    meta = data.setdefault("meta", {})
    rows = data.get("rows") or []
    origin = decide_origin(data, org)
    meta["origin"] = origin
    if origin == OWN:
        for row in rows:
            row["relevant"] = None
        return data
    clauses = {c.get("id"): c for c in data.get("clauses") or []}
    recipients = [r for r in meta.get("recipients") or [] if r.strip()]
    addressed_only_us = bool(recipients) and all(concerns_us(r, org) for r in recipients)
    for row in rows:
        relevant, as_coop = _row_relevance(row, clauses, org, addressed_only_us)
        row["relevant"] = relevant
        row["include"] = relevant
        row["lead_unit_ids"] = []
        row["coop_unit_ids"] = []
        row["unresolved"] = []
        flags = [f for f in row.get("flags") or [] if f not in ("unit_unresolved_phrase", "coop_concerns_us")]
        if as_coop:
            flags.append("coop_concerns_us")
        if relevant and "lead_missing" not in flags:
            flags.append("lead_missing")
        row["flags"] = flags
    count = sum(1 for row in rows if row["relevant"])
    issuer = meta.get("issuer") or gettext("cấp trên")
    warning = gettext(
        "Văn bản của cấp trên (%(issuer)s): %(count)d/%(total)d nội dung giao cho %(us)s được đề xuất; "
        "hãy giao từng nội dung cho một đơn vị của mình."
    ) % {"issuer": issuer, "count": count, "total": len(rows), "us": org.name}
    warnings = [w for w in data.get("warnings") or [] if not w.startswith(warning.split("(")[0])]
    data["warnings"] = [warning, *warnings]
    return data
