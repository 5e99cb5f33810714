"""The clause tree: I./II. parts, Điều articles, 1./2.1./2.2 items, a)/b) points, -/+/• bullets.

Labels join the document's own numbering with "." (Roman parts stay Roman, trailing dots
dropped); a bullet appends "-n" (its position among sibling bullets), a second-level bullet
"+m". Field lines ("Thời gian thực hiện: …", "Cơ quan chủ trì: …") are attributes of their
clause, not clauses of their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lines import Line
from .textutil import fold

ROMAN = re.compile(r"^(?P<l>[IVXLC]{1,6})\s*[.)]\s+(?P<t>\S.*)$")
CHAPTER = re.compile(r"^(?:Chương|CHƯƠNG)\s+(?P<l>[IVXLC]{1,6}|\d{1,2})\s*[.:]?\s*(?P<t>.*)$")
ARTICLE = re.compile(r"^Điều\s+(?P<l>\d{1,3})\s*[.:]?\s*(?P<t>.*)$")
NUMERIC = re.compile(r"^(?P<l>\d{1,3}(?:\.\d{1,2}){0,4})(?P<end>[.)])?\s+(?P<t>\S.*)$")
LETTER = re.compile(r"^(?P<l>[a-zđ])\s*[).]\s+(?P<t>\S.*)$")
BULLET = re.compile(r"^(?P<l>[-+•*▪➢❖✓·o])\s+(?P<t>\S.*)$")

FIELD = re.compile(
    r"^(?P<key>(?:co quan|don vi|co quan, don vi|bo phan)\s*(?:/\s*(?:co quan|don vi)\s*)?(?:chu tri|thuc hien|phoi hop|chiu trach nhiem|tham muu)[^:]{0,40}"
    r"|chu tri(?: thuc hien)?|phoi hop(?: thuc hien)?|thoi gian[^:]{0,30}|thoi han[^:]{0,25}|tien do[^:]{0,25}"
    r"|noi dung[^:]{0,20}|nhiem vu[^:]{0,15}|san pham[^:]{0,25}|ket qua dau ra|kinh phi[^:]{0,25}|nguon kinh phi"
    r"|trach nhiem thuc hien|don vi chu tri[^:]{0,30})\s*:\s*(?P<val>.*)$"
)
CLOSING = re.compile(
    r"^(?:Yêu\s+cầu|Đề\s+nghị|Trên\s+đây|Trên\s+cơ\s+sở|Trong\s+quá\s+trình|Quá\s+trình|Nhận\s+được|Căn\s+cứ\s+(?:nội\s+dung\s+)?(?:Kế\s+hoạch|Công\s+văn|văn\s+bản)\s+này"
    r"|(?:Ủy\s+ban\s+nhân\s+dân|Uỷ\s+ban\s+nhân\s+dân|UBND|Chủ\s+tịch)[^.;:]{0,60}?(?:yêu\s+cầu|đề\s+nghị|giao))"
    r"|.*\./\.\s*$"
)


# a recurring report set after the last numbered item ("Định kỳ trước ngày 01/6 và 15/11 hằng
# năm, các sở báo cáo …") opens the closing section; the task extractor makes it a task
CLOSING_REPORT = re.compile(
    r"^(?=.{0,200}(?<![\wà-ỹđ])(?:[Đđ]ịnh\s+kỳ|[hH][ằà]ng\s+(?:năm|quý|tháng))(?![\wà-ỹđ]))(?=.{0,300}\bbáo\s+cáo\b)"
)


def field_kind(key_folded: str) -> str:
    if "phoi hop" in key_folded:
        return "coop"
    if key_folded.startswith(("thoi gian", "thoi han", "tien do")):
        return "time"
    if key_folded.startswith(("noi dung", "nhiem vu")):
        return "content"
    if "kinh phi" in key_folded:
        return "funding"
    if key_folded.startswith(("san pham", "ket qua")):
        return "product"
    return "lead"


@dataclass(eq=False)
class Clause:
    kind: str  # root | annex | chapter | part | article | num | letter | bullet | field
    raw: str = ""
    label: str = ""
    heading: str = ""
    paras: list[str] = field(default_factory=list)
    children: list[Clause] = field(default_factory=list)
    parent: Clause | None = None
    rank: float = -1
    line: int = 0
    field_key: str = ""
    field_value: str = ""
    footnotes: list[str] = field(default_factory=list)
    bullet_counts: dict[str, int] = field(default_factory=dict, repr=False)

    @property
    def is_field(self) -> bool:
        return self.kind == "field"

    @property
    def own_text(self) -> str:
        return " ".join([self.heading, *self.paras]).strip()

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def walk(self):
        for child in self.children:
            yield child
            yield from child.walk()


@dataclass
class ClauseTree:
    root: Clause
    closing: list[str]
    has_numbering: bool


def _roman_prefix(node: Clause | None) -> str:
    while node is not None:
        if node.kind in ("part", "article", "chapter"):
            return node.label
        node = node.parent
    return ""


def build(lines: list[Line], start: int, excluded: set[int], doc_breaks: set[int]) -> ClauseTree:
    root = Clause(kind="root", rank=-1)
    stack: list[Clause] = [root]
    bullet_ranks: dict[str, int] = {}
    closing: list[str] = []
    has_numbering = False

    body = [(i, lines[i]) for i in range(start, len(lines)) if i not in excluded]
    # per segment (documents separated by breaks), the last labelled line: unlabelled
    # paragraphs after it that read like a closing formula are not part of any clause
    last_label: dict[int, int] = {}
    segment = 0
    seg_of: dict[int, int] = {}
    classified: dict[int, tuple[str, str, str]] = {}  # each line classified once
    for i, ln in body:
        if i in doc_breaks:
            segment += 1
        seg_of[i] = segment
        classified[i] = _classify(ln.text)
        if classified[i][0] not in ("text", "field"):
            last_label[segment] = i
    in_closing: set[int] = set()

    for i, ln in body:
        text = ln.text
        seg = seg_of[i]
        if i in doc_breaks:
            annex = Clause(kind="annex", rank=-0.5, parent=root, line=i, label="")
            root.children.append(annex)
            stack = [root, annex]
            bullet_ranks = {}
        kind, raw, rest = classified[i]
        if kind == "text" and stack[-1].kind == "chapter" and not stack[-1].heading and text.isupper():
            stack[-1].heading = text  # "Chương II" / "QUY TRÌNH LẤY Ý KIẾN": the title line
            continue
        if kind == "text":
            if seg in in_closing or (
                i > last_label.get(seg, -1)
                and ln.new_para
                and (CLOSING.match(text) or CLOSING_REPORT.match(text))
            ):
                in_closing.add(seg)
                if ln.new_para or not closing:
                    closing.append(text)
                else:
                    closing[-1] = f"{closing[-1]} {text}"
                continue
            node = stack[-1]
            if not ln.new_para and (node.paras or node.heading):
                if node.paras:
                    node.paras[-1] = f"{node.paras[-1]} {text}"
                else:
                    node.heading = f"{node.heading} {text}"
            else:
                node.paras.append(text)
            node.footnotes.extend(ln.footnotes)
            continue
        if kind == "field":
            key, _, value = text.partition(":")
            key = re.sub(r"^(?:[-+•]|[a-zđ]\s*[).])\s*", "", key).strip()
            bulleted = bool(BULLET.match(text))
            if not bulleted:
                while len(stack) > 1 and stack[-1].kind in ("bullet", "field"):
                    stack.pop()
            parent = stack[-1]
            if bulleted:
                # field bullets count among sibling bullets and sit at bullet level
                sym = text[0]
                rank = 20 + bullet_ranks.setdefault(sym, len(bullet_ranks))
                while len(stack) > 1 and stack[-1].rank >= rank:
                    stack.pop()
                parent = stack[-1]
            node = Clause(
                kind="field",
                raw=text[:1] if bulleted else "",
                parent=parent,
                line=i,
                field_key=field_kind(fold(key)),
                field_value=value.strip(),
                heading=text,
                rank=99,
            )
            parent.children.append(node)
            if bulleted:
                node.label = _bullet_label(parent, sym, bullet_ranks)
            continue
        if kind in ("part", "article", "num", "letter", "chapter"):
            has_numbering = True
        if kind == "chapter":
            rank = -0.25
        elif kind == "part":
            rank = 0.0
        elif kind == "article":
            rank = 0.0
        elif kind == "num":
            rank = 1 + raw.rstrip(".)").count(".") + 1
        elif kind == "letter":
            rank = 10.0
        else:
            rank = 20 + bullet_ranks.setdefault(raw, len(bullet_ranks))
        while len(stack) > 1 and stack[-1].rank >= rank:
            stack.pop()
        parent = stack[-1]
        node = Clause(
            kind=kind, raw=raw, heading=rest, parent=parent, rank=rank, line=i, footnotes=list(ln.footnotes)
        )
        node.label = _label(node, parent, bullet_ranks)
        parent.children.append(node)
        stack.append(node)
    return ClauseTree(root=root, closing=closing, has_numbering=has_numbering)


_ORDINALS = {
    "nhất": 1,
    "hai": 2,
    "ba": 3,
    "tư": 4,
    "năm": 5,
    "sáu": 6,
    "bảy": 7,
    "tám": 8,
    "chín": 9,
    "mười": 10,
}
# Thông báo kết luận number their conclusions in words: "Thứ nhất, …", "Thứ hai: …"
ORDINAL = re.compile(r"^Thứ\s+(?P<w>nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười)\s*[,:.]\s+(?P<t>\S.*)$")


def _is_field_line(text: str) -> bool:
    colon = text.find(":", 0, 90)
    return colon > 0 and len(text[:colon].split()) <= 9 and bool(FIELD.match(fold(text[: colon + 1])))


def _classify(text: str) -> tuple[str, str, str]:
    m = CHAPTER.match(text)
    if m:
        return "chapter", m.group("l"), m.group("t")
    m = ORDINAL.match(text)
    if m:
        return "num", f"{_ORDINALS[m.group('w')]}.", m.group("t")
    m = ROMAN.match(text)
    if m and not re.match(r"^[IVXLC]+\.\s*\d", text):
        return "part", m.group("l"), m.group("t")
    m = ARTICLE.match(text)
    if m:
        return "article", m.group("l"), m.group("t")
    m = NUMERIC.match(text)
    if m and (m.group("end") or "." in m.group("l")):
        return "num", m.group("l") + (m.group("end") or ""), m.group("t")
    m = LETTER.match(text)
    if m:
        if _is_field_line(m.group("t")):
            # "a) Nhiệm vụ: … b) Cơ quan thực hiện: … c) Thời gian: …": lettered field lines
            return "field", "", text
        return "letter", m.group("l"), m.group("t")
    colon = text.find(":", 0, 90)
    if (
        colon > 0
        and len(text[:colon].split()) <= 9
        and FIELD.match(fold(re.sub(r"^[-+•]\s*", "", text[: colon + 1])))
    ):
        return "field", "", text
    m = BULLET.match(text)
    if m:
        sym = m.group("l")
        return "bullet", "-" if sym in "*" else sym, m.group("t")
    return "text", "", text


def _next_bullet_index(parent: Clause, sym: str) -> int:
    """The 1-based position of a new bullet among its parent's bullets of the same symbol
    (a running count: scanning the siblings each time is quadratic on long lists)."""
    parent.bullet_counts[sym] = parent.bullet_counts.get(sym, 0) + 1
    return parent.bullet_counts[sym]


def _bullet_label(parent: Clause, sym: str, bullet_ranks: dict[str, int]) -> str:
    index = _next_bullet_index(parent, sym)
    marker = "-" if bullet_ranks.get(sym, 0) == 0 else "+"
    return f"{parent.label}{marker}{index}"


def _label(node: Clause, parent: Clause, bullet_ranks: dict[str, int]) -> str:
    if node.kind == "part":
        return node.raw
    if node.kind == "chapter":
        return node.raw
    if node.kind == "article":
        # a rules document (Quy chế) numbers Chương / Điều / khoản: "IV.12.1"
        return f"{parent.label}.{node.raw}" if parent.kind == "chapter" else f"Điều {node.raw}"
    if node.kind == "num":
        segs = node.raw.rstrip(".)").split(".")
        prefix = _roman_prefix(parent)
        if parent.kind == "num":
            psegs = parent.raw.rstrip(".)").split(".")
            if len(segs) > 1 and segs[: len(psegs)] == psegs:
                return ".".join(filter(None, [prefix, *segs]))
            return f"{parent.label}.{'.'.join(segs)}"
        if parent.kind in ("letter", "bullet"):
            return f"{parent.label}.{'.'.join(segs)}"
        return ".".join(filter(None, [prefix, *segs]))
    if node.kind == "letter":
        return f"{parent.label}.{node.raw}" if parent.label else node.raw
    # bullet
    marker = "-" if bullet_ranks.get(node.raw, 0) == 0 else "+"
    return f"{parent.label}{marker}{_next_bullet_index(parent, node.raw)}"
