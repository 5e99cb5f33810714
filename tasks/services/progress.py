"""Progress reports, contributions of cooperating units, evidence files and completion."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tasks import lifecycle
from tasks.evidence import evidence_validate, evidence_validate_many, storage_name
from tasks.history_text import stored
from tasks.models import Evidence, ProgressUpdate, Task, TaskEvent
from tasks.services.extensions import close_pending_extension
from tasks.services.history import actor_or_none, check_version, task_event_record, versioned_write
from units.models import Unit


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


def _with_files(note: str, n: int) -> str:
    return stored(gettext_noop("%(note)s (kèm %(n)d tệp)"), note=note, n=n) if n else note


@transaction.atomic
def task_progress_record(
    *,
    task: Task,
    actor: Any,
    unit: Unit | None = None,
    note: str,
    percent: int | None = None,
    is_contribution: bool = False,
    files: Iterable[Any] = (),
    expected_version: int | None = None,
) -> ProgressUpdate:
    """A progress report (lead unit) or contribution (cooperating unit); returns the ProgressUpdate.

    A report that changes the percentage updates the task (versioned) and records a
    PROGRESS event; evidence files are attached to the update. On a completed task a
    report only adds results and evidence (the percentage stays 100). ``unit`` defaults
    to the lead unit.
    """
    lifecycle.check(task, "contribute" if is_contribution else "progress")
    unit = unit or task.lead_unit
    files = list(files)
    note = (note or "").strip()
    if task.status == Task.Status.DONE and not is_contribution and percent == 100:
        percent = None
    errors: dict[str, list[str]] = {}
    if not note:
        errors.setdefault("note", []).append(_("Vui lòng nhập nội dung báo cáo."))
    if percent is not None and not 0 <= int(percent) <= 100:
        errors.setdefault("percent", []).append(_("Tiến độ phải từ 0 đến 100%."))
    if not is_contribution and task.status == Task.Status.DONE and percent is not None:
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
        and task.status == Task.Status.OPEN
    )
    old_percent = task.progress
    if changes_percent:
        versioned_write(task, expected_version=expected_version, progress=int(percent))
    elif not is_contribution:
        check_version(task, expected_version)

    update = ProgressUpdate(
        task=task,
        author=actor_or_none(actor),
        unit=unit,
        note=note,
        percent=None if is_contribution or percent is None else int(percent),
        is_contribution=is_contribution,
    )
    # the note and percentage are checked above; the task and unit rows exist (the database
    # checks the keys and the 0-100 constraint too): no query to validate them again
    update.clean_fields(exclude=["task", "author", "unit"])
    update.save()
    saved = _save_evidence(update, files)
    if is_contribution:
        task_event_record(
            task=task,
            actor=actor,
            kind=TaskEvent.Kind.CONTRIBUTION,
            new=unit.short_name,
            note=_with_files(note, len(saved)),
        )
    elif changes_percent:
        task_event_record(
            task=task,
            actor=actor,
            kind=TaskEvent.Kind.PROGRESS,
            field="progress",
            old=f"{old_percent}%",
            new=f"{task.progress}%",
            note=_with_files(note, len(saved)),
        )
    return update


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
    lifecycle.check(task, "complete")
    files = list(files)
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
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
    versioned_write(
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
            author=actor_or_none(actor),
            unit=task.lead_unit,
            percent=100,
            note=note or stored(gettext_noop("Báo cáo hoàn thành.")),
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
    close_pending_extension(task, actor, stored(gettext_noop("Nhiệm vụ đã hoàn thành.")))
    return task
