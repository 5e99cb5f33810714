"""Reads for directive pages."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.db.models.fields.json import KT

from directives.models import Clause, Directive, IntakeDraft, Reference
from tasks.models import Task
from units.permissions import task_visibility_q


def directive_list() -> QuerySet[Directive]:
    return Directive.objects.annotate(task_count=Count("tasks", distinct=True))


def directive_detail(*, pk: int, user: Any) -> Directive:
    """The directive with its clauses, references (and their targets) and the tasks the user may see."""
    visible_tasks = (
        Task.objects.filter(task_visibility_q(user)).select_related("lead_unit").order_by("pk").distinct()
    )
    return Directive.objects.prefetch_related(
        Prefetch(
            "clauses",
            queryset=Clause.objects.order_by("order").prefetch_related(
                Prefetch("tasks", queryset=visible_tasks)
            ),
        ),
        Prefetch("references", queryset=Reference.objects.select_related("target").order_by("pk")),
        Prefetch("cited_by", queryset=Reference.objects.select_related("directive").order_by("pk")),
        Prefetch("tasks", queryset=visible_tasks.filter(clause__isnull=True), to_attr="unplaced_tasks"),
        "attachments",
    ).get(pk=pk)


def draft_queue(*, user: Any) -> QuerySet[IntakeDraft]:
    """The office's intake queue: drafts not yet confirmed (in progress, ready, failed), newest
    first, whatever channel brought them (upload, paste, API, folder). The caller checks that
    the user may register directives; the queue is the office's, not one clerk's."""
    return (
        IntakeDraft.objects.exclude(status=IntakeDraft.Status.CONFIRMED)
        .select_related("created_by")
        .defer("data")  # up to megabytes each; the list needs three values of it
        .annotate(
            doc_subject=KT("data__meta__subject"),
            doc_number=KT("data__meta__number"),
            doc_symbol=KT("data__meta__symbol"),
        )
        .order_by("-created_at", "pk")
    )


def draft_get(*, pk: Any, user: Any) -> IntakeDraft:
    return IntakeDraft.objects.select_related("directive", "created_by").get(pk=pk)


def directive_duplicates_for_draft(draft: IntakeDraft) -> list[Directive]:
    import datetime as dt

    from directives.services import directive_duplicates

    meta = draft.meta
    issued = meta.get("issued_on")
    try:
        issued_on = dt.date.fromisoformat(issued) if issued else None
    except ValueError:
        issued_on = None
    found = list(
        directive_duplicates(
            number=meta.get("number"),
            symbol=meta.get("symbol") or "",
            issuer=meta.get("issuer") or "",
            issued_on=issued_on,
        )[:5]
    )
    if meta.get("package_id"):
        found += [d for d in Directive.objects.filter(package_id=meta["package_id"])[:5] if d not in found]
    return found
