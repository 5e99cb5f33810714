"""Every write to a task goes through here, and every change is recorded as a TaskEvent.

Changes to the task row are conditional updates (``UPDATE … WHERE version = n``): a
caller passes the version its form was built from (``expected_version``), or the
in-memory ``task.version`` is used. When someone else saved in between, nothing is
written and :class:`TaskConflictError` is raised. Permission checks are the views'
job (units.permissions.require); the rules of the domain (what a state allows,
which dates make sense) live here and raise ``ValidationError`` in Vietnamese.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tasks.evidence import evidence_validate, evidence_validate_many, storage_name
from tasks.models import Evidence, ExtensionRequest, ProgressUpdate, Task, TaskEvent
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


def _actor(actor: Any):
    return actor if getattr(actor, "pk", None) else None


def _status_label(status: str) -> str:
    return str(Task.Status(status).label)


def _check_not_before_directive(task: Task, day: dt.date | None, field_name: str, what: str) -> None:
    issued = task.directive.issued_on if task.directive_id and task.directive else None
    if day is not None and issued is not None and day < issued:
        raise ValidationError(
            {
                field_name: _("%(what)s không thể trước ngày ban hành văn bản (%(date)s).")
                % {"what": what, "date": issued.strftime("%d/%m/%Y")}
            }
        )


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
        created_by=_actor(actor),
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


# --- the versioned write ------------------------------------------------------------


def _write(task: Task, *, expected_version: int | None, **changes: Any) -> None:
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


def _check_version(task: Task, expected_version: int | None) -> None:
    """For writes that append but do not change the task row: still refuse a stale form."""
    if expected_version is None:
        return
    if not Task.objects.filter(pk=task.pk, version=int(expected_version)).exists():
        raise TaskConflictError()


def _bump(task: Task) -> None:
    """Kept for callers of the foundation API: the next save is a new version."""
    task.version += 1
    task.search_text = task_search_text(task)


# --- progress, evidence, completion ------------------------------------------------


def _save_evidence(update: ProgressUpdate, files: Iterable[Any]) -> list[Evidence]:
    saved: list[Evidence] = []
    try:
        for upload in files:
            kind = evidence_validate(upload)
            evidence = Evidence(
                update=update,
                original_name=(upload.name or "tep")[:255],
                content_type=kind.content_type,
                size=upload.size,
            )
            evidence.file.save(storage_name(upload.name), upload, save=False)
            evidence.save()
            saved.append(evidence)
    except Exception:
        for evidence in saved:
            evidence.file.delete(save=False)
        raise
    return saved


@transaction.atomic
def task_progress_record(
    *,
    task: Task,
    actor: Any,
    unit: Unit,
    note: str,
    percent: int | None = None,
    is_contribution: bool = False,
    files: Iterable[Any] = (),
    expected_version: int | None = None,
) -> ProgressUpdate:
    """A progress report (lead unit) or contribution (cooperating unit); returns the ProgressUpdate.

    A report that changes the percentage updates the task (versioned) and records a
    PROGRESS event; evidence files are attached to the update.
    """
    files = list(files)
    note = (note or "").strip()
    errors: dict[str, list[str]] = {}
    if not note:
        errors.setdefault("note", []).append(_("Vui lòng nhập nội dung báo cáo."))
    if percent is not None and not 0 <= int(percent) <= 100:
        errors.setdefault("percent", []).append(_("Tiến độ phải từ 0 đến 100%."))
    if task.kind == Task.Kind.RECURRING:
        errors.setdefault("__all__", []).append(
            _("Đây là nhiệm vụ định kỳ (mẫu lặp lại): báo cáo theo từng kỳ của nhiệm vụ.")
        )
    elif task.status in (Task.Status.CANCELLED, Task.Status.PAUSED):
        errors.setdefault("__all__", []).append(
            _("Nhiệm vụ đang ở trạng thái “%(status)s”, không thể báo cáo tiến độ.")
            % {"status": _status_label(task.status)}
        )
    if not is_contribution and task.status == Task.Status.DONE and percent not in (None, 100):
        errors.setdefault("percent", []).append(
            _("Nhiệm vụ đã hoàn thành; chỉ có thể bổ sung nội dung và tài liệu kiểm chứng.")
        )
    try:
        evidence_validate_many(files)
    except ValidationError as exc:
        errors.setdefault("files", []).extend(exc.messages)
    if errors:
        raise ValidationError(errors)

    changes_percent = (
        not is_contribution
        and percent is not None
        and int(percent) != task.progress
        and task.status == "open"
    )
    old_percent = task.progress
    if changes_percent:
        _write(task, expected_version=expected_version, progress=int(percent))
    elif not is_contribution:
        _check_version(task, expected_version)

    update = ProgressUpdate(
        task=task,
        author=_actor(actor),
        unit=unit,
        note=note,
        percent=None if is_contribution or percent is None else int(percent),
        is_contribution=is_contribution,
    )
    update.full_clean(exclude=["author"])
    update.save()
    saved = _save_evidence(update, files)
    attached = _(" (kèm %(n)d tệp)") % {"n": len(saved)} if saved else ""
    if is_contribution:
        task_event_record(
            task=task,
            actor=actor,
            kind=TaskEvent.Kind.CONTRIBUTION,
            new=unit.short_name,
            note=note + attached,
        )
    elif changes_percent:
        task_event_record(
            task=task,
            actor=actor,
            kind=TaskEvent.Kind.PROGRESS,
            field="progress",
            old=f"{old_percent}%",
            new=f"{task.progress}%",
            note=note + attached,
        )
    return update


def _close_pending_extension(task: Task, actor: Any, why: str) -> None:
    ExtensionRequest.objects.filter(task=task, status=ExtensionRequest.Status.PENDING).update(
        status=ExtensionRequest.Status.WITHDRAWN,
        decided_by=_actor(actor),
        decided_at=timezone.now(),
        decision_note=why,
    )


@transaction.atomic
def task_complete(
    *,
    task: Task,
    actor: Any,
    completed_on: dt.date,
    note: str = "",
    files: Iterable[Any] = (),
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> Task:
    """Report completion; the on-time / late category follows from completed_on vs. the current deadline.

    A note or files become a final progress report (100 %) carrying the evidence.
    """
    files = list(files)
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if task.kind == Task.Kind.RECURRING:
        errors.setdefault("__all__", []).append(
            _("Nhiệm vụ định kỳ (mẫu lặp lại) không báo cáo hoàn thành; hãy báo cáo từng kỳ.")
        )
    elif task.status != Task.Status.OPEN:
        errors.setdefault("__all__", []).append(
            _("Chỉ báo cáo hoàn thành được nhiệm vụ đang thực hiện (hiện: “%(status)s”).")
            % {"status": _status_label(task.status)}
        )
    if completed_on is None:
        errors.setdefault("completed_on", []).append(_("Vui lòng nhập ngày hoàn thành."))
    elif completed_on > today:
        errors.setdefault("completed_on", []).append(_("Ngày hoàn thành không thể sau hôm nay."))
    try:
        evidence_validate_many(files)
    except ValidationError as exc:
        errors.setdefault("files", []).extend(exc.messages)
    if errors:
        raise ValidationError(errors)

    old_status = task.get_status_display()
    old_progress = task.progress
    _write(
        task,
        expected_version=expected_version,
        status=Task.Status.DONE,
        completed_on=completed_on,
        progress=100,
    )
    note = (note or "").strip()
    if note or files:
        update = ProgressUpdate.objects.create(
            task=task,
            author=_actor(actor),
            unit=task.lead_unit,
            percent=100,
            note=note or _("Báo cáo hoàn thành."),
        )
        _save_evidence(update, files)
    task_event_record(
        task=task,
        actor=actor,
        kind=TaskEvent.Kind.COMPLETED,
        field="status",
        old=f"{old_status} ({old_progress}%)",
        new=f"{task.get_status_display()} ({completed_on:%d/%m/%Y})",
        note=note,
    )
    _close_pending_extension(task, actor, _("Nhiệm vụ đã hoàn thành."))
    return task


# --- Văn phòng: reopen, pause, cancel, deadline, reassignment, editing ---------------


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Vui lòng nêu lý do.")})
    return reason


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
    _write(task, expected_version=expected_version, status=status, **fields)
    task_event_record(
        task=task, actor=actor, kind=kind, field="status", old=old, new=task.get_status_display(), note=reason
    )


@transaction.atomic
def task_reopen(*, task: Task, actor: Any, reason: str, expected_version: int | None = None) -> Task:
    """Done, paused or cancelled → open again (the completion date is cleared)."""
    reason = _require_reason(reason)
    if task.status == Task.Status.OPEN:
        raise ValidationError(_("Nhiệm vụ đang thực hiện, không cần mở lại."))
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
    reason = _require_reason(reason)
    if task.status != Task.Status.OPEN:
        raise ValidationError(_("Chỉ tạm dừng được nhiệm vụ đang thực hiện."))
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
    reason = _require_reason(reason)
    if task.status not in (Task.Status.OPEN, Task.Status.PAUSED):
        raise ValidationError(_("Chỉ hủy được nhiệm vụ đang thực hiện hoặc tạm dừng."))
    _status_change(
        task=task,
        actor=actor,
        kind=TaskEvent.Kind.CANCELLED,
        status=Task.Status.CANCELLED,
        reason=reason,
        expected_version=expected_version,
    )
    _close_pending_extension(task, actor, _("Nhiệm vụ đã bị hủy."))
    return task


def _validate_new_deadline(task: Task, deadline: dt.date | None) -> None:
    if deadline is None:
        raise ValidationError({"deadline": _("Vui lòng nhập thời hạn mới.")})
    if task.kind == Task.Kind.RECURRING:
        raise ValidationError(_("Nhiệm vụ định kỳ (mẫu lặp lại) không có thời hạn riêng."))
    if task.status in (Task.Status.DONE, Task.Status.CANCELLED):
        raise ValidationError(
            _("Nhiệm vụ đã “%(status)s”: mở lại trước khi đổi thời hạn.")
            % {"status": _status_label(task.status)}
        )
    if deadline == task.deadline:
        raise ValidationError({"deadline": _("Thời hạn mới trùng thời hạn hiện tại.")})
    _check_not_before_directive(task, deadline, "deadline", _("Thời hạn"))


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
    reason = _require_reason(reason)
    _validate_new_deadline(task, deadline)
    old = task.deadline
    _write(task, expected_version=expected_version, deadline=deadline)
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


def _unit_names(units: Iterable[Unit]) -> str:
    return ", ".join(sorted(u.short_name for u in units))


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
    reason = _require_reason(reason)
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
    if task.status in (Task.Status.DONE, Task.Status.CANCELLED):
        raise ValidationError(
            _("Nhiệm vụ đã “%(status)s”: mở lại trước khi giao lại.") % {"status": _status_label(task.status)}
        )

    old_lead = task.lead_unit
    changes: dict[str, Any] = {}
    old_assignee = task.assignee
    if lead_unit.pk != old_lead.pk:
        changes["lead_unit"] = lead_unit
        if old_assignee is not None and not old_assignee.memberships.filter(unit=lead_unit).exists():
            changes["assignee"] = None
    _write(task, expected_version=expected_version, **changes)
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
            old=old_assignee.get_full_name() or old_assignee.username,
            new="",
            note=_("Chuyên viên không thuộc đơn vị chủ trì mới."),
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
        old=_unit_names(old),
        new=_unit_names(new),
        note=reason,
    )


@transaction.atomic
def task_assign(
    *, task: Task, actor: Any, assignee: Any, note: str = "", expected_version: int | None = None
) -> Task:
    """The head or deputy of the lead unit assigns (or clears) the specialist in charge."""
    if assignee is not None and not assignee.memberships.filter(unit_id=task.lead_unit_id).exists():
        raise ValidationError({"assignee": _("Chuyên viên phải thuộc đơn vị chủ trì.")})
    if (assignee.pk if assignee else None) == task.assignee_id:
        raise ValidationError({"assignee": _("Nhiệm vụ đã được giao cho người này.")})
    old = task.assignee
    _write(task, expected_version=expected_version, assignee=assignee)
    task_event_record(
        task=task,
        actor=actor,
        kind=TaskEvent.Kind.ASSIGNEE,
        field="assignee",
        old=(old.get_full_name() or old.username) if old else "",
        new=(assignee.get_full_name() or assignee.username) if assignee else "",
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
    _write(task, expected_version=expected_version, **changes)
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


# --- extensions ----------------------------------------------------------------------


@transaction.atomic
def extension_request_create(
    *, task: Task, actor: Any, requested_deadline: dt.date, reason: str, today: dt.date | None = None
) -> ExtensionRequest:
    """The lead unit asks for a later deadline (xin gia hạn)."""
    today = today or timezone.localdate()
    reason = (reason or "").strip()
    errors: dict[str, list[str]] = {}
    if not reason:
        errors.setdefault("reason", []).append(_("Vui lòng nêu lý do xin gia hạn."))
    if task.status != Task.Status.OPEN or task.kind == Task.Kind.RECURRING:
        errors.setdefault("__all__", []).append(_("Chỉ xin gia hạn được nhiệm vụ đang thực hiện."))
    elif task.deadline is None:
        errors.setdefault("__all__", []).append(_("Nhiệm vụ không có thời hạn, không cần gia hạn."))
    if requested_deadline is None:
        errors.setdefault("requested_deadline", []).append(_("Vui lòng nhập thời hạn đề nghị."))
    elif task.deadline is not None and requested_deadline <= task.deadline:
        errors.setdefault("requested_deadline", []).append(
            _("Thời hạn đề nghị phải sau thời hạn hiện tại (%(date)s).")
            % {"date": task.deadline.strftime("%d/%m/%Y")}
        )
    elif requested_deadline <= today:
        errors.setdefault("requested_deadline", []).append(_("Thời hạn đề nghị phải sau ngày hôm nay."))
    if ExtensionRequest.objects.filter(task=task, status=ExtensionRequest.Status.PENDING).exists():
        errors.setdefault("__all__", []).append(_("Đã có một đề nghị gia hạn đang chờ quyết định."))
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            request = ExtensionRequest.objects.create(
                task=task,
                requested_by=_actor(actor),
                current_deadline=task.deadline,
                requested_deadline=requested_deadline,
                reason=reason,
            )
    except IntegrityError as exc:  # a concurrent request won the race
        raise ValidationError(_("Đã có một đề nghị gia hạn đang chờ quyết định.")) from exc
    task_event_record(
        task=task,
        actor=actor,
        kind=TaskEvent.Kind.EXTENSION_REQUESTED,
        field="deadline",
        old=task.deadline,
        new=requested_deadline,
        note=reason,
    )
    return request


@transaction.atomic
def extension_request_decide(
    *, request: ExtensionRequest, actor: Any, approve: bool, note: str = ""
) -> ExtensionRequest:
    """Leadership approves (the task's deadline becomes the requested date) or rejects."""
    note = (note or "").strip()
    if not approve and not note:
        raise ValidationError({"note": _("Vui lòng ghi ý kiến khi không đồng ý gia hạn.")})
    task = Task.objects.select_for_update(of=("self",)).select_related("directive").get(pk=request.task_id)
    if approve:
        if task.status in (Task.Status.DONE, Task.Status.CANCELLED):
            raise ValidationError(_("Nhiệm vụ đã kết thúc, không thể gia hạn."))
        _check_not_before_directive(task, request.requested_deadline, "requested_deadline", _("Thời hạn"))
    now = timezone.now()
    status = ExtensionRequest.Status.APPROVED if approve else ExtensionRequest.Status.REJECTED
    claimed = ExtensionRequest.objects.filter(pk=request.pk, status=ExtensionRequest.Status.PENDING).update(
        status=status, decided_by=_actor(actor), decided_at=now, decision_note=note
    )
    if claimed != 1:
        raise ValidationError(_("Đề nghị này đã được xử lý."))
    request.refresh_from_db()
    verdict = str(status.label)
    task_event_record(
        task=task,
        actor=actor,
        kind=TaskEvent.Kind.EXTENSION_DECIDED,
        field="deadline",
        old=request.current_deadline,
        new=f"{verdict}: {request.requested_deadline:%d/%m/%Y}",
        note=note,
    )
    if approve and task.deadline != request.requested_deadline:
        old = task.deadline
        _write(task, expected_version=task.version, deadline=request.requested_deadline)
        task_event_record(
            task=task,
            actor=actor,
            kind=TaskEvent.Kind.DEADLINE,
            field="deadline",
            old=old,
            new=request.requested_deadline,
            note=_("Gia hạn theo đề nghị ngày %(date)s.") % {"date": request.created_at.strftime("%d/%m/%Y")},
        )
    return request


# --- Văn phòng bulk actions ------------------------------------------------------------


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


@transaction.atomic
def task_bulk_reassign(*, task_ids: Iterable[int], actor: Any, lead_unit: Unit, reason: str) -> BulkResult:
    """Give every listed task to ``lead_unit``; each change is its own TaskEvent."""
    reason = _require_reason(reason)
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
    logger.info(
        "bulk reassign by %s: %d changed, %d skipped",
        getattr(actor, "pk", None),
        len(result.changed),
        len(result.skipped),
    )
    return result


@transaction.atomic
def task_bulk_shift_deadline(*, task_ids: Iterable[int], actor: Any, days: int, reason: str) -> BulkResult:
    """Move every listed task's current deadline by ``days`` calendar days (negative = earlier)."""
    reason = _require_reason(reason)
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
                    event_note=_("%(reason)s (dời %(days)+d ngày, thao tác hàng loạt)")
                    % {"reason": reason, "days": days},
                )
        except ValidationError as exc:
            result.skipped[task.pk] = "; ".join(exc.messages)
        else:
            result.changed.append(task.pk)
    logger.info(
        "bulk deadline shift by %s: %d changed, %d skipped",
        getattr(actor, "pk", None),
        len(result.changed),
        len(result.skipped),
    )
    return result
