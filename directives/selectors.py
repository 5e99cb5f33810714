"""Reads for directive pages."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, QuerySet

from directives.models import Clause, Directive, Reference
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
    ).get(pk=pk)
