"""Văn phòng's bulk actions: each task changes through the single-task service (its own
state check and TaskEvent); a task the change does not apply to is skipped with the reason."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tasks.history_text import stored
from tasks.models import Task
from tasks.services.history import require_reason
from tasks.services.lifecycle import task_change_deadline, task_reassign
from units.models import Unit

logger = logging.getLogger("dondoc.tasks")


@dataclass
class BulkResult:
    changed: list[int] = field(default_factory=list)
    skipped: dict[int, str] = field(default_factory=dict)


def _locked(ids: Iterable[int]):
    return (
        Task.objects.select_for_update(of=("self",))
        .select_related("directive", "lead_unit", "assignee")
        .filter(pk__in=list(ids))
        .order_by("pk")
    )


def _log(what: str, actor: Any, result: BulkResult) -> None:
    logger.info(
        "bulk %s by %s: %d changed, %d skipped",
        what,
        getattr(actor, "pk", None),
        len(result.changed),
        len(result.skipped),
    )


@transaction.atomic
def task_bulk_reassign(*, task_ids: Iterable[int], actor: Any, lead_unit: Unit, reason: str) -> BulkResult:
    """Give every listed task to ``lead_unit``; each change is its own TaskEvent."""
    reason = require_reason(reason)
    result = BulkResult()
    for task in _locked(task_ids):
        if task.lead_unit_id == lead_unit.pk:
            result.skipped[task.pk] = _("đã do đơn vị này chủ trì")
            continue
        try:
            with transaction.atomic():
                task_reassign(task=task, actor=actor, lead_unit=lead_unit, reason=reason)
        except ValidationError as exc:
            result.skipped[task.pk] = "; ".join(exc.messages)
        else:
            result.changed.append(task.pk)
    _log("reassign", actor, result)
    return result


@transaction.atomic
def task_bulk_shift_deadline(*, task_ids: Iterable[int], actor: Any, days: int, reason: str) -> BulkResult:
    """Move every listed task's current deadline by ``days`` calendar days (negative = earlier)."""
    reason = require_reason(reason)
    if not days:
        raise ValidationError({"days": _("Số ngày dời phải khác 0.")})
    result = BulkResult()
    for task in _locked(task_ids):
        if task.deadline is None:
            result.skipped[task.pk] = _("không có thời hạn")
            continue
        try:
            with transaction.atomic():
                task_change_deadline(
                    task=task,
                    actor=actor,
                    deadline=task.deadline + dt.timedelta(days=days),
                    reason=reason,
                    event_note=stored(
                        gettext_noop("%(reason)s (dời %(days)+d ngày, thao tác hàng loạt)"),
                        reason=reason,
                        days=days,
                    ),
                )
        except ValidationError as exc:
            result.skipped[task.pk] = "; ".join(exc.messages)
        else:
            result.changed.append(task.pk)
    _log("deadline shift", actor, result)
    return result
