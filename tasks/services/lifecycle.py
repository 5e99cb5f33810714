"""Creating a task and Văn phòng's changes to it: reopen, pause, cancel, deadline,
reassignment, the specialist in charge, editing. Each service starts with
``tasks.lifecycle.check`` (may the task's state do this?); who may do it is the
view's ``units.permissions.require``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tasks import lifecycle
from tasks.history_text import stored
from tasks.models import Task, TaskEvent
from tasks.services.extensions import close_pending_extension
from tasks.services.history import (
    actor_or_none,
    check_not_before_directive,
    person,
    require_reason,
    task_event_record,
    task_search_text,
    unit_names,
    versioned_write,
)
from units.models import Unit


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
        created_by=actor_or_none(actor),
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


# --- status changes: reopen, pause, cancel -------------------------------------------


def _status_change(
    *,
    task: Task,
    actor: Any,
    kind: str,
    status: str,
    reason: str,
    expected_version: int | None,
    old: str = "",
    **fields,
) -> None:
    """Write a Văn phòng status change (reopen, pause, cancel) and record it with its reason."""
    old = old or task.get_status_display()
    versioned_write(task, expected_version=expected_version, status=status, **fields)
    task_event_record(
        task=task, actor=actor, kind=kind, field="status", old=old, new=task.get_status_display(), note=reason
    )


@transaction.atomic
def task_reopen(*, task: Task, actor: Any, reason: str, expected_version: int | None = None) -> Task:
    """Done, paused or cancelled → open again (the completion date is cleared)."""
    lifecycle.check(task, "reopen")
    reason = require_reason(reason)
    old = task.get_status_display()
    if task.status == Task.Status.DONE:
        old = f"{old} ({task.completed_on:%d/%m/%Y})"
    _status_change(
        task=task,
        actor=actor,
        kind=TaskEvent.Kind.REOPENED,
        status=Task.Status.OPEN,
        reason=reason,
        expected_version=expected_version,
        old=old,
        completed_on=None,
    )
    return task


@transaction.atomic
def task_pause(*, task: Task, actor: Any, reason: str, expected_version: int | None = None) -> Task:
    lifecycle.check(task, "pause")
    reason = require_reason(reason)
    _status_change(
        task=task,
        actor=actor,
        kind=TaskEvent.Kind.PAUSED,
        status=Task.Status.PAUSED,
        reason=reason,
        expected_version=expected_version,
    )
    return task


@transaction.atomic
def task_cancel(*, task: Task, actor: Any, reason: str, expected_version: int | None = None) -> Task:
    lifecycle.check(task, "cancel")
    reason = require_reason(reason)
    _status_change(
        task=task,
        actor=actor,
        kind=TaskEvent.Kind.CANCELLED,
        status=Task.Status.CANCELLED,
        reason=reason,
        expected_version=expected_version,
    )
    close_pending_extension(task, actor, stored(gettext_noop("Nhiệm vụ đã bị hủy.")))
    return task


# --- deadline, lead unit, specialist, information -------------------------------------


@transaction.atomic
def task_change_deadline(
    *,
    task: Task,
    actor: Any,
    deadline: dt.date,
    reason: str,
    expected_version: int | None = None,
    event_note: str | None = None,
) -> Task:
    """Set the current deadline; ``original_deadline`` (the directive's) stays as it was."""
    lifecycle.check(task, "deadline")
    reason = require_reason(reason)
    if deadline is None:
        raise ValidationError({"deadline": _("Vui lòng nhập thời hạn mới.")})
    if deadline == task.deadline:
        raise ValidationError({"deadline": _("Thời hạn mới trùng thời hạn hiện tại.")})
    check_not_before_directive(task, deadline, "deadline", _("Thời hạn"))
    old = task.deadline
    versioned_write(task, expected_version=expected_version, deadline=deadline)
    task_event_record(
        task=task,
        actor=actor,
        kind=TaskEvent.Kind.DEADLINE,
        field="deadline",
        old=old or _("không thời hạn"),
        new=deadline,
        note=event_note if event_note is not None else reason,
    )
    return task


@transaction.atomic
def task_reassign(
    *,
    task: Task,
    actor: Any,
    lead_unit: Unit,
    reason: str,
    cooperating_units: Iterable[Unit] | None = None,
    expected_version: int | None = None,
) -> Task:
    """Give the task to another lead unit (and optionally new cooperating units).

    The assigned specialist is cleared when they are not a member of the new lead unit;
    the new lead unit is never also a cooperating unit.
    """
    lifecycle.check(task, "reassign")
    reason = require_reason(reason)
    if lead_unit is None:
        raise ValidationError({"lead_unit": _("Vui lòng chọn đơn vị chủ trì.")})
    if not lead_unit.is_active:
        raise ValidationError({"lead_unit": _("Đơn vị này đã ngừng hoạt động.")})
    old_coop = list(task.cooperating_units.all())
    new_coop = list(old_coop if cooperating_units is None else cooperating_units)
    new_coop = [u for u in new_coop if u.pk != lead_unit.pk]
    coop_changed = {u.pk for u in new_coop} != {u.pk for u in old_coop}
    if lead_unit.pk == task.lead_unit_id and not coop_changed:
        raise ValidationError({"lead_unit": _("Đơn vị chủ trì mới trùng đơn vị hiện tại.")})

    old_lead = task.lead_unit
    changes: dict[str, Any] = {}
    old_assignee = task.assignee
    if lead_unit.pk != old_lead.pk:
        changes["lead_unit"] = lead_unit
        if old_assignee is not None and not old_assignee.memberships.filter(unit=lead_unit).exists():
            changes["assignee"] = None
    versioned_write(task, expected_version=expected_version, **changes)
    if "lead_unit" in changes:
        task_event_record(
            task=task,
            actor=actor,
            kind=TaskEvent.Kind.LEAD_UNIT,
            field="lead_unit",
            old=old_lead.short_name,
            new=lead_unit.short_name,
            note=reason,
        )
    if "assignee" in changes:
        task_event_record(
            task=task,
            actor=actor,
            kind=TaskEvent.Kind.ASSIGNEE,
            field="assignee",
            old=person(old_assignee),
            new="",
            note=stored(gettext_noop("Chuyên viên không thuộc đơn vị chủ trì mới.")),
        )
    if coop_changed:
        _cooperating_units_replace(task=task, actor=actor, old=old_coop, new=new_coop, reason=reason)
    return task


def _cooperating_units_replace(
    *, task: Task, actor: Any, old: list[Unit], new: list[Unit], reason: str
) -> None:
    task.cooperating_units.set(new)
    task_event_record(
        task=task,
        actor=actor,
        kind=TaskEvent.Kind.COOPERATING,
        field="cooperating_units",
        old=unit_names(old),
        new=unit_names(new),
        note=reason,
    )


@transaction.atomic
def task_assign(
    *, task: Task, actor: Any, assignee: Any, note: str = "", expected_version: int | None = None
) -> Task:
    """The head or deputy of the lead unit assigns (or clears) the specialist in charge."""
    lifecycle.check(task, "assign")
    if assignee is not None and not assignee.memberships.filter(unit_id=task.lead_unit_id).exists():
        raise ValidationError({"assignee": _("Chuyên viên phải thuộc đơn vị chủ trì.")})
    if (assignee.pk if assignee else None) == task.assignee_id:
        raise ValidationError({"assignee": _("Nhiệm vụ đã được giao cho người này.")})
    old = task.assignee
    versioned_write(task, expected_version=expected_version, assignee=assignee)
    task_event_record(
        task=task,
        actor=actor,
        kind=TaskEvent.Kind.ASSIGNEE,
        field="assignee",
        old=person(old),
        new=person(assignee),
        note=(note or "").strip(),
    )
    return task


@transaction.atomic
def task_update_info(
    *,
    task: Task,
    actor: Any,
    title: str,
    description: str = "",
    cooperating_units: Iterable[Unit] | None = None,
    reason: str = "",
    expected_version: int | None = None,
) -> Task:
    """Văn phòng corrects the title, description or cooperating units."""
    lifecycle.check(task, "edit")
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Vui lòng nhập tên nhiệm vụ.")})
    description = (description or "").strip()
    changes: dict[str, Any] = {}
    if title != task.title:
        changes["title"] = title
    if description != task.description:
        changes["description"] = description
    old_coop = list(task.cooperating_units.all())
    new_coop = (
        old_coop if cooperating_units is None else [u for u in cooperating_units if u.pk != task.lead_unit_id]
    )
    coop_changed = {u.pk for u in new_coop} != {u.pk for u in old_coop}
    if not changes and not coop_changed:
        raise ValidationError(_("Không có thay đổi nào để lưu."))
    old_values = {name: getattr(task, name) for name in changes}
    versioned_write(task, expected_version=expected_version, **changes)
    for name in changes:
        task_event_record(
            task=task,
            actor=actor,
            kind=TaskEvent.Kind.UPDATED,
            field=name,
            old=old_values[name],
            new=changes[name],
            note=reason,
        )
    if coop_changed:
        _cooperating_units_replace(task=task, actor=actor, old=old_coop, new=new_coop, reason=reason)
    return task
