"""Xin gia hạn: the lead unit asks for a later deadline; leadership decides, and may
approve a date other than the one asked (shorter or longer) when it says why."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tasks import lifecycle
from tasks.history_text import stored
from tasks.models import ExtensionRequest, Task, TaskEvent
from tasks.services.history import (
    actor_or_none,
    check_not_before_directive,
    task_event_record,
    versioned_write,
)


def close_pending_extension(task: Task, actor: Any, why: str) -> None:
    """The task ended (done, cancelled) before leadership decided: the request is closed."""
    ExtensionRequest.objects.filter(task=task, status=ExtensionRequest.Status.PENDING).update(
        status=ExtensionRequest.Status.WITHDRAWN,
        decided_by=actor_or_none(actor),
        decided_at=timezone.now(),
        decision_note=why,
    )


@transaction.atomic
def extension_request_create(
    *, task: Task, actor: Any, requested_deadline: dt.date, reason: str, today: dt.date | None = None
) -> ExtensionRequest:
    """The lead unit asks for a later deadline (xin gia hạn)."""
    lifecycle.check(task, "extension_request")
    today = today or timezone.localdate()
    reason = (reason or "").strip()
    errors: dict[str, list[str]] = {}
    if not reason:
        errors.setdefault("reason", []).append(_("Vui lòng nêu lý do xin gia hạn."))
    if requested_deadline is None:
        errors.setdefault("requested_deadline", []).append(_("Vui lòng nhập thời hạn đề nghị."))
    elif requested_deadline <= task.deadline:
        errors.setdefault("requested_deadline", []).append(
            _("Thời hạn đề nghị phải sau thời hạn hiện tại (%(date)s).")
            % {"date": task.deadline.strftime("%d/%m/%Y")}
        )
    elif requested_deadline <= today:
        errors.setdefault("requested_deadline", []).append(_("Thời hạn đề nghị phải sau ngày hôm nay."))
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            request = ExtensionRequest.objects.create(
                task=task,
                requested_by=actor_or_none(actor),
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
    *,
    request: ExtensionRequest,
    actor: Any,
    approve: bool,
    note: str = "",
    deadline: dt.date | None = None,
    today: dt.date | None = None,
) -> ExtensionRequest:
    """Leadership approves or rejects. Approved, the task's deadline becomes ``deadline`` when
    given (a date other than the one asked, with a note saying why), else the requested date."""
    note = (note or "").strip()
    today = today or timezone.localdate()
    task = Task.objects.select_for_update(of=("self",)).select_related("directive").get(pk=request.task_id)
    lifecycle.check(task, "decide_extension")
    if not approve and not note:
        raise ValidationError({"note": _("Vui lòng ghi ý kiến khi không đồng ý gia hạn.")})
    granted = None
    if approve:
        granted = deadline or request.requested_deadline
        if granted != request.requested_deadline:
            if not note:
                raise ValidationError(
                    {"note": _("Vui lòng ghi lý do khi gia hạn đến ngày khác ngày đề nghị.")}
                )
            if granted <= today:
                raise ValidationError({"deadline": _("Thời hạn gia hạn phải sau ngày hôm nay.")})
        check_not_before_directive(task, granted, "deadline", _("Thời hạn"))
    status = ExtensionRequest.Status.APPROVED if approve else ExtensionRequest.Status.REJECTED
    claimed = ExtensionRequest.objects.filter(pk=request.pk, status=ExtensionRequest.Status.PENDING).update(
        status=status,
        decided_by=actor_or_none(actor),
        decided_at=timezone.now(),
        decision_note=note,
        approved_deadline=granted,
    )
    if claimed != 1:
        raise ValidationError(_("Đề nghị này đã được xử lý."))
    request.refresh_from_db()
    # stored in Vietnamese like every history value; the page translates the verdict when shown
    verdict = f"{status.label}: {request.requested_deadline:%d/%m/%Y}"
    if granted is not None and granted != request.requested_deadline:
        verdict = f"{status.label}: {granted:%d/%m/%Y} ({request.requested_deadline:%d/%m/%Y})"
    task_event_record(
        task=task,
        actor=actor,
        kind=TaskEvent.Kind.EXTENSION_DECIDED,
        field="deadline",
        old=request.current_deadline,
        new=verdict,
        note=note,
    )
    if granted is not None and task.deadline != granted:
        old = task.deadline
        versioned_write(task, expected_version=task.version, deadline=granted)
        asked = request.created_at.astimezone(timezone.get_current_timezone()).date()
        if granted == request.requested_deadline:
            auto_note = stored(gettext_noop("Gia hạn theo đề nghị ngày %(date)s."), date=f"{asked:%d/%m/%Y}")
        else:
            auto_note = stored(
                gettext_noop(
                    "Gia hạn theo đề nghị ngày %(date)s, đến ngày khác ngày đề nghị (%(asked)s): %(why)s"
                ),
                date=f"{asked:%d/%m/%Y}",
                asked=f"{request.requested_deadline:%d/%m/%Y}",
                why=note,
            )
        task_event_record(
            task=task,
            actor=actor,
            kind=TaskEvent.Kind.DEADLINE,
            field="deadline",
            old=old,
            new=granted,
            note=auto_note,
        )
    return request
