"""What every write shares: the versioned UPDATE of the task row and the TaskEvent it records.

Changes to the task row are conditional updates (``UPDATE … WHERE version = n``): a
caller passes the version its form was built from (``expected_version``), or the
in-memory ``task.version`` is used. When someone else saved in between, nothing is
written and :class:`TaskConflictError` is raised.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tasks.models import Task, TaskEvent
from units.models import Unit
from units.text import fold

logger = logging.getLogger("dondoc.tasks")

CONFLICT_MESSAGE = gettext_noop("Nhiệm vụ vừa được người khác cập nhật, vui lòng tải lại trang")


class TaskConflictError(ValidationError):
    """The task changed since the form was loaded; nothing was written."""

    def __init__(self) -> None:
        super().__init__(_(CONFLICT_MESSAGE), code="conflict")


def task_search_text(task: Task) -> str:
    """The folded text that accent-insensitive search matches against."""
    parts = [task.title, task.description, task.deadline_text]
    return fold(" ".join(p for p in parts if p))


def task_event_record(
    *, task: Task, actor: Any, kind: str, field: str = "", old: object = "", new: object = "", note: str = ""
) -> TaskEvent:
    return TaskEvent.objects.create(
        task=task,
        actor=actor_or_none(actor),
        kind=kind,
        field=field,
        old_value=display(old),
        new_value=display(new),
        note=note,
    )


def display(value: object) -> str:
    """How a value is written into the history: dates as dd/mm/yyyy."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def actor_or_none(actor: Any):
    return actor if getattr(actor, "pk", None) else None


def person(user: Any) -> str:
    return (user.get_full_name() or user.username) if user else ""


def unit_names(units: Iterable[Unit]) -> str:
    return ", ".join(sorted(u.short_name for u in units))


def check_not_before_directive(task: Task, day: dt.date | None, field_name: str, what: str) -> None:
    issued = task.directive.issued_on if task.directive_id and task.directive else None
    if day is not None and issued is not None and day < issued:
        raise ValidationError(
            {
                field_name: _("%(what)s không thể trước ngày ban hành văn bản (%(date)s).")
                % {"what": what, "date": issued.strftime("%d/%m/%Y")}
            }
        )


def require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Vui lòng nêu lý do.")})
    return reason


def versioned_write(task: Task, *, expected_version: int | None, **changes: Any) -> None:
    """``UPDATE tasks_task SET …, version = version + 1 WHERE id = … AND version = n``.

    Raises TaskConflictError (and writes nothing) when the row is no longer at version n.
    """
    expected = task.version if expected_version is None else int(expected_version)
    for name, value in changes.items():
        setattr(task, name, value)
    if {"title", "description", "deadline_text"} & changes.keys():
        changes["search_text"] = task.search_text = task_search_text(task)
    now = timezone.now()
    updated = Task.objects.filter(pk=task.pk, version=expected).update(
        version=F("version") + 1, updated_at=now, **changes
    )
    if updated != 1:
        logger.info("version conflict on task %s (expected version %s)", task.pk, expected)
        raise TaskConflictError()
    task.version = expected + 1
    task.updated_at = now


def check_version(task: Task, expected_version: int | None) -> None:
    """For writes that append but do not change the task row: still refuse a stale form."""
    if expected_version is None:
        return
    if not Task.objects.filter(pk=task.pk, version=int(expected_version)).exists():
        raise TaskConflictError()
