"""Every write to a task goes through here, and every change is recorded as a TaskEvent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction

from tasks.models import Task, TaskEvent
from units.models import Unit
from units.text import fold


def task_search_text(task: Task) -> str:
    """The folded text that accent-insensitive search matches against."""
    parts = [task.title, task.description, task.deadline_text]
    return fold(" ".join(p for p in parts if p))


def task_event_record(
    *, task: Task, actor: Any, kind: str, field: str = "", old: object = "", new: object = "", note: str = ""
) -> TaskEvent:
    return TaskEvent.objects.create(
        task=task,
        actor=actor if getattr(actor, "pk", None) else None,
        kind=kind,
        field=field,
        old_value=_display(old),
        new_value=_display(new),
        note=note,
    )


def _display(value: object) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


@transaction.atomic
def task_create(
    *,
    actor: Any,
    title: str,
    lead_unit: Unit,
    directive=None,
    clause=None,
    description: str = "",
    cooperating_units: Iterable[Unit] = (),
    assignee=None,
    deadline: dt.date | None = None,
    deadline_text: str = "",
    kind: str = Task.Kind.ONCE,
    recurrence_rule: str = "",
    recurrence_text: str = "",
    is_request: bool = False,
    series: Task | None = None,
) -> Task:
    task = Task(
        directive=directive,
        clause=clause,
        title=title.strip(),
        description=description,
        lead_unit=lead_unit,
        assignee=assignee,
        deadline=deadline,
        original_deadline=deadline,
        deadline_text=deadline_text,
        kind=kind,
        recurrence_rule=recurrence_rule,
        recurrence_text=recurrence_text,
        is_request=is_request,
        series=series,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    task.search_text = task_search_text(task)
    task.full_clean(exclude=["directive", "clause", "created_by", "assignee", "lead_unit"])
    task.save()
    units = list(cooperating_units)
    if units:
        task.cooperating_units.set([u for u in units if u.pk != lead_unit.pk])
    task_event_record(
        task=task,
        actor=actor,
        kind=TaskEvent.Kind.CREATED,
        field="lead_unit",
        new=lead_unit.short_name,
        note=deadline_text,
    )
    return task


def _bump(task: Task) -> None:
    task.version += 1
    task.search_text = task_search_text(task)


@transaction.atomic
def task_progress_record(
    *,
    task: Task,
    actor: Any,
    unit: Unit,
    note: str,
    percent: int | None = None,
    is_contribution: bool = False,
):
    """A progress report (lead unit) or contribution (cooperating unit); returns the ProgressUpdate."""
    from tasks.models import ProgressUpdate

    update = ProgressUpdate(
        task=task,
        author=actor,
        unit=unit,
        note=note.strip(),
        percent=percent,
        is_contribution=is_contribution,
    )
    update.full_clean(exclude=["author"])
    update.save()
    if is_contribution:
        task_event_record(
            task=task, actor=actor, kind=TaskEvent.Kind.CONTRIBUTION, new=unit.short_name, note=note
        )
    elif percent is not None and percent != task.progress:
        task_event_record(
            task=task,
            actor=actor,
            kind=TaskEvent.Kind.PROGRESS,
            field="progress",
            old=f"{task.progress}%",
            new=f"{percent}%",
            note=note,
        )
        task.progress = percent
        _bump(task)
        task.save(update_fields=["progress", "version", "search_text", "updated_at"])
    return update


@transaction.atomic
def task_complete(*, task: Task, actor: Any, completed_on: dt.date, note: str = "") -> Task:
    """Report completion; the on-time / late category follows from completed_on vs. the current deadline."""
    old_status = task.get_status_display()
    task.status = Task.Status.DONE
    task.completed_on = completed_on
    task.progress = 100
    _bump(task)
    task.full_clean(exclude=["directive", "clause", "created_by", "assignee", "lead_unit", "series"])
    task.save()
    task_event_record(
        task=task,
        actor=actor,
        kind=TaskEvent.Kind.COMPLETED,
        field="status",
        old=old_status,
        new=f"{task.get_status_display()} ({completed_on:%d/%m/%Y})",
        note=note,
    )
    return task
