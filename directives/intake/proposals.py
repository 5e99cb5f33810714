"""From a parse to task drafts (used by the import_directive command): unit names resolved to Unit records, the
unresolved ones kept and flagged for the reviewer."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from deadlines.workdays import WorkCalendar, get_calendar
from directives.parsing import ParsedDirective
from directives.parsing.tasks import TaskCandidate
from directives.resolve import Resolution, UnitResolver
from directives.services import TaskDraft


@dataclass
class Candidate:
    task: TaskCandidate
    lead: list[Resolution] = field(default_factory=list)
    cooperating: list[Resolution] = field(default_factory=list)
    calendar: WorkCalendar | None = None

    @property
    def lead_units(self):
        return _units(self.lead)

    @property
    def cooperating_units(self):
        return _units(self.cooperating)

    @property
    def unresolved(self) -> list[str]:
        return [r.name for r in [*self.lead, *self.cooperating] if not r.resolved]

    def draft(self) -> TaskDraft:
        t = self.task
        return TaskDraft(
            title=t.title if len(t.text) <= len(t.title) else short_title(t.text),
            lead_units=self.lead_units,
            clause_label=t.clause,
            description=t.text,
            cooperating_units=self.cooperating_units,
            # the office's rule for a deadline on a day off (settings DEADLINE_ON_DAY_OFF);
            # deadline_text keeps the document's own words for the reviewer
            deadline=(self.calendar or get_calendar()).apply_day_off_policy(t.deadline)
            if t.deadline
            else None,
            deadline_text=t.deadline_text or "",
            recurrence=t.recurrence or "",
            is_request=t.is_request,
        )


def _units(resolutions: list[Resolution]):
    seen: dict[int, object] = {}
    for r in resolutions:
        for u in r.units:
            seen.setdefault(u.pk, u)
    return list(seen.values())


def short_title(text: str, limit: int = 200) -> str:
    """A title a person would write: the clause's first sentence (up to ``limit`` characters,
    cut at a word), rather than the parser's first-words key or the whole clause."""
    text = " ".join(text.split())
    match = re.search(r"[.;:](?:\s|$)", text)
    if match and match.start() >= 20:
        text = text[: match.start()]
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return f"{cut}…"


def candidates(parsed: ParsedDirective, resolver: UnitResolver | None = None) -> list[Candidate]:
    resolver = resolver or UnitResolver()
    calendar = get_calendar()
    return [
        Candidate(
            task=t,
            lead=resolver.resolve_many(t.lead_units),
            cooperating=resolver.resolve_many(t.cooperating_units),
            calendar=calendar,
        )
        for t in parsed.tasks
    ]
