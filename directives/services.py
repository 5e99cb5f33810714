"""Writes for directives."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from deadlines.recurrence import parse_recurrence
from directives.models import Clause, Directive, DirectiveKind, Reference
from directives.parsing import ParsedDirective
from tasks.models import Task
from tasks.services import task_create
from units.models import Unit

logger = logging.getLogger("dondoc.directives")


@transaction.atomic
def directive_create(*, actor: Any, clauses: list[dict] | None = None, **fields: Any) -> Directive:
    """Create a directive and, optionally, its clauses: ``[{"label", "text", "parent_index", "is_heading"}]``
    where ``parent_index`` points at an earlier item of the same list."""
    directive = Directive(created_by=actor if getattr(actor, "pk", None) else None, **fields)
    directive.full_clean(exclude=["created_by"])
    directive.save()
    created: list[Clause] = []
    for order, item in enumerate(clauses or [], start=1):
        parent_index = item.get("parent_index")
        clause = Clause.objects.create(
            directive=directive,
            parent=created[parent_index] if parent_index is not None else None,
            label=item.get("label", ""),
            order=order,
            text=item["text"],
            is_heading=item.get("is_heading", False),
        )
        created.append(clause)
    directive._created_clauses = created
    return directive


# --- intake: a reviewed parse becomes a directive with its clauses, references and tasks ---


@dataclass
class TaskDraft:
    """One task candidate as the reviewer confirmed it."""

    title: str
    lead_units: list[Unit]
    clause_label: str = ""
    description: str = ""
    cooperating_units: list[Unit] = field(default_factory=list)
    deadline: dt.date | None = None
    deadline_text: str = ""
    recurrence: str = ""
    is_request: bool = False


def _clause_rows(parsed: ParsedDirective) -> list[dict]:
    """The parsed clause tree flattened in document order (parent before child), as the
    intake's drafts hold it (directives.intake.serialize), for directive_create."""
    from directives.intake.serialize import clause_rows

    return [
        {
            "label": c["label"],
            "text": c["text"],
            "parent_index": c["parent"] - 1 if c["parent"] else None,
            "is_heading": c["is_heading"],
        }
        for c in clause_rows(parsed)[0]
    ]


def directive_find_cited(*, number: str, symbol: str, date: dt.date | None, exclude_pk: int | None = None):
    """The directive in the system a citation points at: same number and symbol (and the same
    year when the citation is dated; numbers restart every year)."""
    if not number or not symbol:
        return None
    qs = Directive.objects.filter(number=number, symbol__iexact=symbol)
    if date is not None:
        qs = qs.filter(issued_on__year=date.year)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.order_by("-issued_on", "-pk").first()


def directive_duplicates(*, number: str | None, symbol: str, issuer: str, issued_on: dt.date | None):
    """Directives already registered with the same number, symbol, issuer and date."""
    if not number or not symbol:
        return Directive.objects.none()
    qs = Directive.objects.filter(number=number, symbol__iexact=symbol, issued_on=issued_on)
    if issuer:
        qs = qs.filter(issuer__iexact=issuer)
    return qs


def _task_kind(recurrence: str, deadline_text: str) -> tuple[str, str, str]:
    """(kind, RRULE, recurrence text) for a task from the parser's recurrence word."""
    if not recurrence:
        return Task.Kind.ONCE, "", ""
    parsed = parse_recurrence(f"{recurrence} {deadline_text or ''}")
    if parsed is None:
        return Task.Kind.ONCE, "", recurrence
    return parsed.kind, parsed.rule, recurrence


@transaction.atomic
def directive_import(
    *,
    actor: Any,
    parsed: ParsedDirective,
    fields: dict[str, Any] | None = None,
    tasks: list[TaskDraft],
    source_file: Any = None,
) -> Directive:
    """Create the directive, its clause tree, its references (linked to directives already in
    the system) and one task per lead unit of each confirmed draft, all or nothing."""
    meta = parsed.meta
    values: dict[str, Any] = {
        "kind": kind_from_type(meta.type),
        "number": meta.number or "",
        "symbol": meta.symbol,
        "issuer": meta.issuer,
        "place": meta.place,
        "issued_on": meta.issued_date,
        "subject": meta.subject,
        "recipients": meta.recipients,
        "distribution": meta.cc,
        "signer": meta.signer,
        "signer_title": meta.signer_title,
        "full_text": "\n".join(parsed.body_lines),
    }
    values.update(fields or {})
    directive = directive_create(actor=actor, clauses=_clause_rows(parsed), **values)
    if source_file is not None:
        directive.source_file.save(getattr(source_file, "name", "van-ban"), source_file, save=True)
    clauses_by_label = {c.label: c for c in directive._created_clauses if c.label}
    for ref in parsed.references:
        Reference.objects.create(
            directive=directive,
            kind=ref.type[:64],
            number=ref.number[:32],
            symbol=ref.symbol[:64],
            date=ref.date,
            issuer=ref.issuer[:255],
            raw=ref.raw,
            target=directive_find_cited(
                number=ref.number, symbol=ref.symbol, date=ref.date, exclude_pk=directive.pk
            ),
        )
    created: list[Task] = []
    for draft in tasks:
        if not draft.lead_units:
            raise ValidationError(
                _("Nhiệm vụ “%(title)s” chưa có đơn vị chủ trì.") % {"title": draft.title[:60]}
            )
        kind, rule, recurrence_text = _task_kind(draft.recurrence, draft.deadline_text)
        for unit in draft.lead_units:
            created.append(
                task_create(
                    actor=actor,
                    title=draft.title[:500],
                    lead_unit=unit,
                    directive=directive,
                    clause=clauses_by_label.get(draft.clause_label),
                    description=draft.description,
                    cooperating_units=[u for u in draft.cooperating_units if u.pk != unit.pk],
                    deadline=draft.deadline,
                    deadline_text=draft.deadline_text[:255],
                    kind=kind,
                    recurrence_rule=rule,
                    recurrence_text=recurrence_text[:128],
                    is_request=draft.is_request,
                )
            )
    directive._created_tasks = created
    logger.info(
        "directive %s imported with %d tasks by user %s",
        directive.pk,
        len(created),
        getattr(actor, "pk", None),
    )
    return directive


_KINDS = {
    "công văn": DirectiveKind.CONG_VAN,
    "kế hoạch": DirectiveKind.KE_HOACH,
    "quyết định": DirectiveKind.QUYET_DINH,
    "thông báo": DirectiveKind.THONG_BAO,
    "thông báo kết luận": DirectiveKind.THONG_BAO,
    "chỉ thị": DirectiveKind.CHI_THI,
}


def kind_from_type(type_word: str) -> str:
    return _KINDS.get((type_word or "").strip().lower(), DirectiveKind.OTHER)
