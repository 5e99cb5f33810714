"""Reads for the task pages; the permission gate for a single task lives here."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.db.models.expressions import RawSQL
from django.shortcuts import get_object_or_404

from tasks.models import Evidence, ExtensionRequest, ProgressUpdate, Task, TaskEvent
from units.models import Unit
from units.permissions import can_view_task, roles_for, task_visibility_q

LIST_RELATED = ("lead_unit", "directive", "assignee")


def _list_base() -> QuerySet[Task]:
    return Task.objects.select_related(*LIST_RELATED)


def cooperating_exists(unit_ids) -> Exists:
    """Tasks on which one of ``unit_ids`` cooperates (an EXISTS, so no duplicate rows)."""
    through = Task.cooperating_units.through
    return Exists(through.objects.filter(task_id=OuterRef("pk"), unit_id__in=list(unit_ids)))


def task_list_visible_to(*, user: Any) -> QuerySet[Task]:
    """Every task ``user`` may see: all of them for Văn phòng, leadership and administrators."""
    return _list_base().filter(task_visibility_q(user))


def task_list_for_units(*, unit_ids, role: str = "") -> QuerySet[Task]:
    """Tasks the units lead (``role="lead"``), cooperate on (``"coop"``) or either (default).

    "Either" is the union of two id lists, each read from its own index (the tasks' lead
    unit, the cooperation table's unit): ``lead OR EXISTS(cooperates)`` cannot use an index
    and scanned every task for the count and again for the page."""
    unit_ids = [int(pk) for pk in unit_ids]
    if not unit_ids:
        return _list_base().none()
    if role == "lead":
        return _list_base().filter(lead_unit_id__in=unit_ids)
    if role == "coop":
        cooperating = Task.cooperating_units.through.objects.filter(unit_id__in=unit_ids)
        return _list_base().filter(pk__in=cooperating.values("task_id"))
    return _list_base().filter(pk__in=_led_or_cooperating_ids(unit_ids))


def _led_or_cooperating_ids(unit_ids: list[int]) -> RawSQL:
    """``SELECT id … WHERE lead_unit_id IN (…) UNION SELECT task_id … WHERE unit_id IN (…)``.

    The same as ``led.values("pk").union(cooperating.values("task_id"))``, written out: the
    list compiles it twice a page (count and rows), and the ORM's union of two querysets
    cost 0.5 ms of CPU more a page than this text."""
    qn = connection.ops.quote_name
    task, through = Task._meta, Task.cooperating_units.through._meta
    marks = ", ".join(["%s"] * len(unit_ids))
    sql = (
        f"SELECT {qn(task.pk.column)} FROM {qn(task.db_table)}"
        f" WHERE {qn(task.get_field('lead_unit').column)} IN ({marks})"
        f" UNION SELECT {qn(through.get_field('task').column)} FROM {qn(through.db_table)}"
        f" WHERE {qn(through.get_field('unit').column)} IN ({marks})"
    )
    return RawSQL(sql, [*unit_ids, *unit_ids])


def task_list_assigned_to(*, user: Any) -> QuerySet[Task]:
    return _list_base().filter(assignee_id=user.pk)


def user_units(*, user: Any) -> list[Unit]:
    """The active units the user belongs to, the ones they manage first."""
    roles = roles_for(user)
    units = list(Unit.objects.filter(pk__in=roles.member_unit_ids).order_by("ordering", "name"))
    return sorted(units, key=lambda u: u.pk not in roles.managed_unit_ids)


TASK_PAGE_DEFERRED = (
    "search_text",
    "directive__full_text",
    "directive__recipients",
    "directive__distribution",
    "directive__instruction",
    "directive__subject_folded",
)


def task_get_for_user(*, user: Any, pk: int) -> Task:
    """The task, or 404 when it does not exist, or 403 when ``user`` may not see it."""
    task = get_object_or_404(
        # what the task page shows: not created_by; a series is rare (read when there is one);
        # not the directive's whole text and lists nor the derived search columns (tens of KB
        # for a real directive, read and decoded for every page view)
        Task.objects.select_related("lead_unit", "directive", "clause", "assignee")
        .defer(*TASK_PAGE_DEFERRED)
        .prefetch_related("cooperating_units"),
        pk=pk,
    )
    if not can_view_task(user, task):
        raise PermissionDenied
    return task


def task_detail_data(*, task: Task) -> dict[str, Any]:
    """What the task page shows besides the task: reports with files, history, extensions."""
    updates = list(
        ProgressUpdate.objects.filter(task=task)
        .select_related("author", "unit")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("pk")))
        .order_by("-created_at", "-pk")
    )
    events = list(TaskEvent.objects.filter(task=task).select_related("actor").order_by("-at", "-pk"))
    extensions = list(
        ExtensionRequest.objects.filter(task=task)
        .select_related("requested_by", "decided_by")
        .order_by("-created_at", "-pk")
    )
    occurrences = []
    if task.kind == Task.Kind.RECURRING:
        occurrences = list(task.occurrences.select_related("lead_unit").order_by("deadline", "pk"))
    return {
        "updates": updates,
        "events": events,
        "extensions": extensions,
        "pending_extension": next(
            (e for e in extensions if e.status == ExtensionRequest.Status.PENDING), None
        ),
        "occurrences": occurrences,
    }


def lead_unit_members(*, task: Task) -> QuerySet:
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(memberships__unit_id=task.lead_unit_id, is_active=True)
        .order_by("last_name", "first_name", "username")
        .distinct()
    )


def evidence_get_for_user(*, user: Any, pk: int) -> Evidence:
    evidence = get_object_or_404(Evidence.objects.select_related("update__task"), pk=pk)
    task = evidence.update.task
    if not can_view_task(user, task):
        raise PermissionDenied
    return evidence


def extension_requests_for(*, user: Any, status: str = ExtensionRequest.Status.PENDING) -> QuerySet:
    qs = ExtensionRequest.objects.select_related(
        "task", "task__lead_unit", "task__directive", "requested_by", "decided_by"
    )
    if status:
        qs = qs.filter(status=status)
    roles = roles_for(user)
    if not roles.sees_everything:
        qs = qs.filter(task_visibility_q(user, prefix="task__"))
    order = ("created_at", "pk") if status == ExtensionRequest.Status.PENDING else ("-created_at", "-pk")
    return qs.order_by(*order)


def contribution_units(*, user: Any, task: Task) -> list[Unit]:
    """The user's units that cooperate on ``task`` (they contribute in that unit's name)."""
    roles = roles_for(user)
    return [u for u in task.cooperating_units.all() if u.pk in roles.member_unit_ids]
