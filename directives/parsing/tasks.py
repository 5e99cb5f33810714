"""Task candidates: the leaf clauses of the operative part that tell a unit to act."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from . import doubts
from .actors import (
    SENTENCE_BREAK,
    clause_actor,
    cooperating,
    field_units,
    further_actors,
    heading_units,
    lead_in_actor,
)
from .clauses import Clause, ClauseTree
from .metadata import Metadata
from .textutil import first_words, fold
from .timeexpr import DeadlineResult, extract_deadline, find_recurrence

# section topics that set no duty (RULES §2 "Not tasks"): purpose, targets, scope, criteria, …
_NON_OPERATIVE = re.compile(
    r"^(?:muc dich|yeu cau|muc tieu|chi tieu|can cu|su can thiet|quan diem|pham vi|doi tuong|tinh hinh|thuc trang"
    r"|danh gia|ket qua|kinh phi|nguon kinh phi|co so|boi canh|dac diem|nguyen tac|giai thich|dieu khoan"
    r"|nhu cau|tieu chi|tieu chuan|hinh thuc khen thuong|lo trinh|noi dung giam sat|thoi gian|thanh phan|phuong phap)"
)
_TOPIC_SEP = re.compile(r"\s*(?:,|;|\bva\b)\s*")


def _non_operative_heading(h: str) -> bool:
    """ "MỤC ĐÍCH, YÊU CẦU" sets no duty; "PHẠM VI, ĐỐI TƯỢNG, PHƯƠNG ÁN HỖ TRỢ" does (its
    last topic is operative): every listed topic must be a non-operative one."""
    if not _NON_OPERATIVE.match(h):
        return False
    parts = [x for x in _TOPIC_SEP.split(h) if x]
    return all(_NON_OPERATIVE.match(x) for x in parts) if len(parts) > 1 else True


_FUNDING = re.compile(r"^kinh phi|^nguon kinh phi")
_ARTICLE_FORMAL = re.compile(
    r"ban hành kèm theo|có hiệu lực|chịu trách nhiệm thi hành|thi hành (?:Quyết định|quyết định)|bãi bỏ|thay thế|Phê duyệt|phê duyệt",
)


@dataclass
class TaskCandidate:
    clause: str
    title: str
    text: str
    lead_units: list[str]
    cooperating_units: list[str]
    deadline: dt.date | None
    deadline_text: str | None
    recurrence: str | None
    extra_deadlines: list[dt.date] = field(default_factory=list)
    deadline_rule: dict | None = None
    is_request: bool = False
    lead_source: str = ""
    notes: list[str] = field(default_factory=list)
    line: int = 0
    # machine codes for the parser's doubts (see doubts.py); the review screen labels them
    flags: list[str] = field(default_factory=list)
    source: str = "body"  # "body" | "table"
    # the clause node the task came from (None for a table row); not part of the JSON
    node: Clause | None = field(default=None, repr=False, compare=False)

    def as_json(self) -> dict:
        data = {
            "clause": self.clause,
            "title": self.title,
            "text": self.text,
            "lead_units": self.lead_units,
            "cooperating_units": self.cooperating_units,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "deadline_text": self.deadline_text,
            "recurrence": self.recurrence,
        }
        if self.extra_deadlines:
            data["extra_deadlines"] = [d.isoformat() for d in self.extra_deadlines]
        if self.deadline_rule:
            data["deadline_rule"] = self.deadline_rule
        if self.is_request:
            data["is_request"] = True
        if self.notes:
            data["notes"] = "; ".join(self.notes)
        data["source"] = self.source
        if self.flags:
            data["flags"] = list(self.flags)
        return data


def deadline_of(
    meta: Metadata, field_texts: list[str], own: str, *, calendar=None
) -> tuple[DeadlineResult, str | None]:
    """The deadline (field values first, then the clause's own text) and the recurrence."""
    result = None
    if field_texts:
        result = extract_deadline(
            [(v, True) for v in field_texts],
            doc_date=meta.issued_date,
            doc_year=meta.year,
            plan_like=meta.plan_like,
            calendar=calendar,
        )
    if result is None or (result.date is None and result.text is None):
        own_result = extract_deadline(
            [(own, False)],
            doc_date=meta.issued_date,
            doc_year=meta.year,
            plan_like=meta.plan_like,
            calendar=calendar,
        )
        if result is not None and result.flags and own_result.date is None:
            own_result.flags = doubts.merge(own_result.flags, result.flags)
        result = own_result
    recurrence = None
    for v in field_texts:
        recurrence, _ = find_recurrence(v, field_value=True)
        if recurrence:
            break
    if not recurrence:
        recurrence, _ = find_recurrence(own)
    if not recurrence:
        recurrence = result.recurrence_hint
    if recurrence == "định kỳ":
        # "định kỳ" is the periodic value with no period stated (RULES §4); "Định kỳ … hằng
        # năm" states it
        for text in [*field_texts, own]:
            m = _STATED_PERIOD.search(text)
            if m:
                recurrence = _PERIOD_VALUE[fold(m.group(1))]
                break
    return result, recurrence


_STATED_PERIOD = re.compile(r"(?<![\wà-ỹđ])(?:[hH][ằà]ng\s+)(năm|quý|tháng)(?![\wà-ỹđ])")
_PERIOD_VALUE = {"nam": "hằng năm", "quy": "hằng quý", "thang": "hằng tháng"}


def _section_excluded(n: Clause, cache: dict[int, bool]) -> bool:
    key = id(n)
    if key not in cache:
        h = fold(n.heading[:120])
        cache[key] = (
            _non_operative_heading(h) and len(n.heading.split()) <= 12 and not clause_actor(n.heading)
        )
    return cache[key]


# chapters of a rules document (Quy chế) that hold rules, not assignments
_RULES_CHAPTER = re.compile(r"^(?:quy dinh chung|quy trinh|nguyen tac|giai thich|pham vi|trinh tu|thu tuc)")


def _non_operative(node: Clause, cache: dict[int, bool]) -> bool:
    for n in [node, *node.ancestors()]:
        if n.kind in ("root", "annex", "field"):
            continue
        if n.kind == "chapter":
            if _RULES_CHAPTER.match(fold(n.heading[:60])):
                return True
            continue
        if _section_excluded(n, cache):
            return True
        if n.kind == "article" and _ARTICLE_FORMAL.search(n.own_text) and n is node:
            return True
    return _FUNDING.match(fold(node.heading[:40])) is not None


_PERIODIC = re.compile(
    r"(?<![\wà-ỹđ])(?:định\s+kỳ|[hH][ằà]ng\s+(?:năm|quý|tháng)|6\s+tháng)(?![\wà-ỹđ])", re.I
)
_REPORT = re.compile(r"(?<![\wà-ỹđ])báo\s+cáo(?![\wà-ỹđ])", re.I)
_FEEDBACK = re.compile(r"khó\s+khăn|vướng\s+mắc|phát\s+sinh", re.I)


def _unit_description(node: Clause) -> bool:
    """ "2. Các Sở, ngành chủ trì, quản lý các dự án thuộc Chương trình" over bullets that name no
    actor: a heading with no full stop that opens with a unit group and goes on to describe
    it. The whole heading names the unit (RULES §3 rule 3, as written); doubts.py flags it."""
    h = node.heading.strip()
    return (
        not node.paras
        and not h.endswith((".", ":", ";"))
        and bool(re.match(r"^(?:Các|Những)\s", h))
        and bool(clause_actor(h))
        and len(h.split()) <= 30
        and any(c.kind == "bullet" for c in node.children)
    )


_COOP_IN_LEAD = re.compile(
    r"[;,.]?\s*(?:[Cc]ơ\s+quan\s+|[Đđ]ơn\s+vị\s+)?[Pp]hối\s+hợp(?:\s+thực\s+hiện)?\s*:\s*"
)


def _fields(node: Clause, children: list[Clause] | None = None) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for c in children if children is not None else node.children:
        if c.is_field and c.field_value:
            value = c.field_value
            if c.field_key == "lead":
                # "Cơ quan thực hiện: Công an tỉnh; phối hợp: UBND các xã" holds both roles
                m = _COOP_IN_LEAD.search(value)
                if m and m.start() > 0:
                    out.setdefault("coop", []).append(value[m.end() :])
                    value = value[: m.start()]
            out.setdefault(c.field_key, []).append(value)
    return out


def _following_group_fields(node: Clause) -> dict[str, list[str]]:
    """RULES §2 "bullet + fields": the field lines that follow a group of bullets apply to
    every bullet of the group. A bullet with no field lines of its own takes those of the
    first following sibling bullet that has some (written as its sub-bullets)."""
    parent = node.parent
    if parent is None or node.kind != "bullet":
        return {}
    siblings = parent.children
    for sib in siblings[siblings.index(node) + 1 :]:
        if sib.kind != "bullet":
            return {}
        fields = _fields(sib)
        if fields:
            return {k: v for k, v in fields.items() if k != "content"}
    return {}


def _unit_key(u: str) -> str:
    return fold(u)


class TaskExtractor:
    def __init__(self, meta: Metadata, tree: ClauseTree, *, calendar=None) -> None:
        self.meta = meta
        self.tree = tree
        self.calendar = calendar
        self._excluded_cache: dict[int, bool] = {}
        self._field_parents: dict[int, bool] = {}  # parent id -> has field children (linear scan once)
        self._heading_units: dict[int, list[str]] = {}
        self._lead_ins: dict[int, list[str]] = {}
        self._actors: dict[int, list[str]] = {}
        self.doc_lead_in = self._lead_in(tree.root)

    def heading_units_of(self, node: Clause) -> list[str]:
        key = id(node)
        if key not in self._heading_units:
            self._heading_units[key] = heading_units(node.heading)
        return self._heading_units[key]

    def _lead_in(self, node: Clause) -> list[str]:
        if id(node) not in self._lead_ins:
            found: list[str] = []
            for para in reversed(node.paras):
                found = lead_in_actor(para)
                if found:
                    break
            self._lead_ins[id(node)] = found
        return self._lead_ins[id(node)]

    def inherited(self, node: Clause) -> tuple[list[str], str]:
        for a in node.ancestors():
            if a.kind == "root":
                break
            if a.kind in ("annex",):
                units = self._lead_in(a)
                if units:
                    return units, "lead-in"
                continue
            units = self.heading_units_of(a)
            if units:
                return units, "heading"
            if a.heading.rstrip().endswith(":"):
                units = clause_actor(a.heading) or lead_in_actor(a.heading)
                if units:
                    return units, "heading"
            elif a.kind in ("num", "letter") and _unit_description(a):
                return [a.heading.strip()], "heading"
            elif a.kind in ("num", "letter", "bullet"):
                # a parent clause that is itself a directive to a unit ("1. Các cơ quan, đơn vị
                # căn cứ … xây dựng kế hoạch, trong đó …") lends its actor to its bullets
                units = self._actor_of(a)
                if units:
                    return units, "heading"
            units = self._lead_in(a)
            if units:
                return units, "lead-in"
        if self.doc_lead_in:
            return self.doc_lead_in, "doc-lead-in"
        if self.meta.recipients:
            return list(self.meta.recipients), "kính gửi"
        return [], ""

    def _actor_of(self, node: Clause) -> list[str]:
        key = id(node)
        if key not in self._actors:
            self._actors[key] = clause_actor(node.heading)
        return self._actors[key]

    def own_actor(self, node: Clause) -> list[str]:
        units = self.heading_units_of(node)
        if units:
            return units
        units = clause_actor(node.heading)
        if units:
            return units
        if node.paras:
            return clause_actor(node.paras[0])
        return []

    def make(
        self, node: Clause, fields: dict[str, list[str]], *, title_from: str | None = None
    ) -> TaskCandidate | None:
        own = node.own_text
        lead: list[str] = []
        primary: list[str] = []
        source = ""
        if fields.get("lead"):
            lead = [u for v in fields["lead"] for u in field_units(v)]
            source = "field"
        if not lead:
            lead = self.own_actor(node)
            source = "clause" if lead else ""
            primary = lead
            if lead and not node.children:
                lead = lead + further_actors(own, lead)
        if not lead:
            lead, source = self.inherited(node)
        if not lead:
            return None
        if fields.get("coop"):
            coop = [u for v in fields["coop"] for u in field_units(v)]
        else:
            # a unit that acts in a later sentence may still cooperate in the first one
            lead_keys = {_unit_key(u) for u in (primary or lead)}
            coop = [u for u in cooperating(own) if _unit_key(u) not in lead_keys]
        result, recurrence = deadline_of(self.meta, fields.get("time", []), own, calendar=self.calendar)
        heading = node.heading
        if title_from is not None:
            title = first_words(title_from)
        elif heading_units(heading) and node.paras:
            title = first_words(node.paras[0])
        else:
            title = first_words(re.sub(r"^Giao\s+[^:]{3,80}:\s*", "", heading) or own)
        notes = []
        if result.note:
            notes.append(result.note)
        if source:
            notes.append(f"lead from {source}")
        flags = doubts.merge(
            [doubts.LEAD_SOURCE_FLAGS.get(source, "")],
            doubts.unit_flags(lead),
            result.flags,
        )
        return TaskCandidate(
            clause=node.label,
            title=title,
            text=own,
            lead_units=lead,
            cooperating_units=coop,
            deadline=result.date,
            deadline_text=result.text,
            recurrence=recurrence,
            extra_deadlines=[e.date for e in result.extra if e.date],
            deadline_rule=result.rule,
            is_request=bool(re.match(r"^\s*Đề\s+nghị", own)),
            lead_source=source,
            notes=notes,
            line=node.line,
            flags=flags,
            source="body",
            node=node,
        )

    def run(self) -> list[TaskCandidate]:
        out: list[TaskCandidate] = []
        for node in self.tree.root.walk():
            if node.kind in ("root", "annex", "field"):
                continue
            if node.kind == "bullet" and self._preamble_bullet(node):
                continue
            if _non_operative(node, self._excluded_cache):
                continue
            children = [c for c in node.children if not c.is_field]
            fields = _fields(node)
            if fields and (not children or "content" in fields):
                task = self.make(node, fields)
                if task:
                    out.append(task)
                continue
            if fields and children:
                out.extend(self._bullets_with_fields(node))
                continue
            if self._covered_by_field_group(node):
                continue
            if not children:
                if node.kind in ("part", "chapter") and not self.own_actor(node):
                    continue
                task = self.make(node, _following_group_fields(node))
                if task:
                    out.append(task)
                continue
            if self._is_own_directive(node):
                task = self.make(node, {})
                if task:
                    out.append(task)
        out.extend(self._closing_reports())
        return out

    def _closing_reports(self) -> list[TaskCandidate]:
        """The closing formula is no task, but a recurring report set in it is ("Định kỳ trước
        ngày 01/6 và 15/11 hằng năm, các cơ quan báo cáo kết quả về Sở Nội vụ"): that sentence
        becomes a clause of its own (kind "closing", a child of the root) and a task."""
        out: list[TaskCandidate] = []
        if any(c.kind == "closing" for c in self.tree.root.children):
            return out  # already done (run() called twice)
        last_line = max((c.line for c in self.tree.root.walk()), default=0)
        for para in self.tree.closing:
            for sentence in SENTENCE_BREAK.split(para):
                if not (_PERIODIC.search(sentence) and _REPORT.search(sentence)) or _FEEDBACK.search(
                    sentence
                ):
                    continue
                text = sentence.strip().removesuffix("./.").strip()
                last_line += 1
                node = Clause(kind="closing", heading=text, parent=self.tree.root, line=last_line)
                self.tree.root.children.append(node)
                task = self.make(node, {})
                if task:
                    task.flags = doubts.merge(task.flags, ["closing_report"])
                    out.append(task)
        return out

    def _preamble_bullet(self, node: Clause) -> bool:
        top = node
        while top.parent is not None and top.parent.kind not in ("root", "annex"):
            top = top.parent
        return top.kind == "bullet" and self.tree.has_numbering

    def _covered_by_field_group(self, node: Clause) -> bool:
        parent = node.parent
        if parent is None or node.kind != "bullet":
            return False
        if id(parent) not in self._field_parents:
            self._field_parents[id(parent)] = any(c.is_field for c in parent.children)
        return self._field_parents[id(parent)]

    def _bullets_with_fields(self, node: Clause) -> list[TaskCandidate]:
        out: list[TaskCandidate] = []
        group: list[Clause] = []
        field_run: list[Clause] = []
        pending: list[tuple[Clause, list[Clause]]] = []

        def flush() -> None:
            fields = _fields(node, field_run)
            for b in group:
                pending.append((b, field_run[:]))
                task = self.make(b, fields)
                if task:
                    out.append(task)

        for c in node.children:
            if c.is_field:
                field_run.append(c)
                continue
            if field_run:
                flush()
                group, field_run = [], []
            group.append(c)
        flush()
        return out

    def _is_own_directive(self, node: Clause) -> bool:
        if node.kind in ("part", "article", "annex", "chapter"):
            return False
        if heading_units(node.heading):
            return False
        own = node.own_text
        if own.rstrip().endswith(":") or len(own.split()) < 15:
            return False
        if not node.paras and not own.rstrip().endswith((".", ";", "!")):
            # a heading without a full stop over bullets names who acts, it is no directive
            return False
        last = (node.paras[-1] if node.paras else node.heading).rstrip()
        if last.endswith(":"):
            return False
        return bool(clause_actor(node.heading) or (node.paras and clause_actor(node.paras[0])))
