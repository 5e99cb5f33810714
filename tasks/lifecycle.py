"""A task's life in one place: every transition it allows, declared once.

Each :class:`Transition` says

- which states it may start from (``states``),
- whether a recurring series (the RRULE template, not its occurrences) allows it,
- who may do it — an :class:`units.permissions.Action`; ``units.permissions`` answers only
  *who*, never *in which state*,
- the form it takes and the service (in :mod:`tasks.services`) it calls, whose keyword
  arguments are the form's fields (``version`` becomes ``expected_version``).

:func:`allowed` drives the buttons on the task page; :func:`check` is the first thing every
service does and raises a ``ValidationError`` (Vietnamese) that the views show as a message;
:func:`perform` runs a transition from a bound form's data. Views call
:func:`units.permissions.require` with ``transition.action`` before any of it (403).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from django import forms as django_forms
from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tasks import forms
from tasks.models import ExtensionRequest, Task
from units.permissions import Action, can

OPEN, PAUSED, DONE, CANCELLED = (
    Task.Status.OPEN.value,
    Task.Status.PAUSED.value,
    Task.Status.DONE.value,
    Task.Status.CANCELLED.value,
)


@dataclass(frozen=True)
class Transition:
    name: str
    action: Action
    states: frozenset[str]
    series: bool
    #: the service in tasks.services that carries it out (named, so services can import this module)
    service: str
    form: type[django_forms.Form] | None = None
    #: a verb phrase for refusals: "Không thể <label> …"
    label: str | Promise = ""
    #: the task must have a deadline (extension requests)
    needs_deadline: bool = False
    #: True: needs a pending extension request; False: needs none; None: does not matter
    pending: bool | None = None
    #: a page of its own at tasks:<name> (title, submit button, success message)
    title: str | Promise = ""
    button: str | Promise = ""
    success: str | Promise = ""
    danger: bool = False
    #: service arguments that do not come from the form
    fixed: Mapping[str, Any] = field(default_factory=dict)

    def run(self, *, task: Task, actor: Any, data: Mapping[str, Any], **extra: Any) -> Any:
        """Call the service with the form's cleaned data as keyword arguments."""
        kwargs = {**data, **self.fixed, **extra}
        if "version" in kwargs:
            kwargs["expected_version"] = kwargs.pop("version")
        service = getattr(import_module("tasks.services"), self.service)
        return service(task=task, actor=actor, **kwargs)


def _t(name: str, action: Action, states: set[str], *, series: bool, service: str, **kw: Any) -> Transition:
    return Transition(
        name=name, action=action, states=frozenset(states), series=series, service=service, **kw
    )


A = Action
TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        # the lead unit; "progress" on a completed task adds results and evidence only
        _t(
            "progress",
            A.TASK_UPDATE_PROGRESS,
            {OPEN, DONE},
            series=False,
            service="task_progress_record",
            form=forms.ProgressForm,
            label=gettext_lazy("báo cáo tiến độ"),
        ),
        _t(
            "complete",
            A.TASK_COMPLETE,
            {OPEN},
            series=False,
            service="task_complete",
            form=forms.CompleteForm,
            label=gettext_lazy("báo cáo hoàn thành"),
        ),
        _t(
            "extension_request",
            A.TASK_REQUEST_EXTENSION,
            {OPEN},
            series=False,
            service="extension_request_create",
            form=forms.ExtensionRequestForm,
            label=gettext_lazy("xin gia hạn"),
            needs_deadline=True,
            pending=False,
            title=gettext_lazy("Xin gia hạn"),
            button=gettext_lazy("Gửi đề nghị gia hạn"),
            success=gettext_lazy("Đã gửi đề nghị gia hạn; chờ lãnh đạo quyết định."),
        ),
        # cooperating units
        _t(
            "contribute",
            A.TASK_CONTRIBUTE,
            {OPEN, DONE},
            series=False,
            service="task_progress_record",
            form=forms.ContributionForm,
            label=gettext_lazy("gửi ý kiến phối hợp"),
            fixed={"is_contribution": True},
        ),
        # head or deputy of the lead unit
        _t(
            "assign",
            A.TASK_ASSIGN_SPECIALIST,
            {OPEN, PAUSED},
            series=True,
            service="task_assign",
            form=forms.AssignForm,
            label=gettext_lazy("phân công chuyên viên"),
            title=gettext_lazy("Phân công chuyên viên"),
            button=gettext_lazy("Phân công"),
            success=gettext_lazy("Đã phân công chuyên viên."),
        ),
        # leadership
        _t(
            "decide_extension",
            A.EXTENSION_DECIDE,
            {OPEN, PAUSED},
            series=False,
            service="extension_request_decide",
            form=forms.ExtensionDecisionForm,
            label=gettext_lazy("quyết định gia hạn"),
            pending=True,
        ),
        # Văn phòng
        _t(
            "deadline",
            A.TASK_CHANGE_DEADLINE,
            {OPEN, PAUSED},
            series=False,
            service="task_change_deadline",
            form=forms.DeadlineForm,
            label=gettext_lazy("đổi thời hạn"),
            title=gettext_lazy("Đổi thời hạn"),
            button=gettext_lazy("Đổi thời hạn"),
            success=gettext_lazy("Đã đổi thời hạn."),
        ),
        _t(
            "reassign",
            A.TASK_REASSIGN,
            {OPEN, PAUSED},
            series=True,
            service="task_reassign",
            form=forms.ReassignForm,
            label=gettext_lazy("giao lại đơn vị chủ trì"),
            title=gettext_lazy("Giao lại đơn vị chủ trì"),
            button=gettext_lazy("Giao lại"),
            success=gettext_lazy("Đã giao lại đơn vị chủ trì."),
        ),
        _t(
            "edit",
            A.TASK_EDIT,
            {OPEN, PAUSED, DONE, CANCELLED},
            series=True,
            service="task_update_info",
            form=forms.EditForm,
            label=gettext_lazy("sửa thông tin"),
            title=gettext_lazy("Sửa thông tin nhiệm vụ"),
            button=gettext_lazy("Lưu"),
            success=gettext_lazy("Đã lưu thông tin nhiệm vụ."),
        ),
        _t(
            "pause",
            A.TASK_PAUSE,
            {OPEN},
            series=False,
            service="task_pause",
            form=forms.ReasonForm,
            label=gettext_lazy("tạm dừng"),
            title=gettext_lazy("Tạm dừng nhiệm vụ"),
            button=gettext_lazy("Tạm dừng"),
            success=gettext_lazy("Đã tạm dừng nhiệm vụ."),
        ),
        _t(
            "reopen",
            A.TASK_REOPEN,
            {PAUSED, DONE, CANCELLED},
            series=True,
            service="task_reopen",
            form=forms.ReasonForm,
            label=gettext_lazy("mở lại"),
            title=gettext_lazy("Mở lại / tiếp tục thực hiện"),
            button=gettext_lazy("Mở lại"),
            success=gettext_lazy("Nhiệm vụ đã được mở lại."),
        ),
        _t(
            "cancel",
            A.TASK_CANCEL,
            {OPEN, PAUSED},
            series=True,
            service="task_cancel",
            form=forms.ReasonForm,
            label=gettext_lazy("hủy"),
            title=gettext_lazy("Hủy nhiệm vụ"),
            button=gettext_lazy("Hủy nhiệm vụ"),
            success=gettext_lazy("Đã hủy nhiệm vụ."),
            danger=True,
        ),
    ]
}

#: transitions with a page of their own (GET shows the form, POST performs it)
PAGE_TRANSITIONS = frozenset(name for name, t in TRANSITIONS.items() if t.title)


def get(name: str) -> Transition:
    return TRANSITIONS[name]


def _has_pending(task: Task) -> bool:
    return ExtensionRequest.objects.filter(task=task, status=ExtensionRequest.Status.PENDING).exists()


def refusal(task: Task, name: str, *, pending: bool | None = None) -> str | None:
    """Why ``task`` in its current state does not allow transition ``name`` (None: it does)."""
    t = TRANSITIONS[name]
    if task.kind == Task.Kind.RECURRING and not t.series:
        return _("Nhiệm vụ định kỳ (mẫu lặp lại) không thể %(what)s; hãy thực hiện trên từng kỳ.") % {
            "what": t.label
        }
    if task.status not in t.states:
        return _("Nhiệm vụ đang ở trạng thái “%(status)s”, không thể %(what)s.") % {
            "status": Task.Status(task.status).label,
            "what": t.label,
        }
    if t.needs_deadline and task.deadline is None:
        return _("Nhiệm vụ không có thời hạn, không cần gia hạn.")
    if t.pending is not None:
        has = _has_pending(task) if pending is None else pending
        if t.pending and not has:
            return _("Không có đề nghị gia hạn nào đang chờ quyết định.")
        if not t.pending and has:
            return _("Đã có một đề nghị gia hạn đang chờ quyết định.")
    return None


def check(task: Task, name: str, *, pending: bool | None = None) -> None:
    """Raise ValidationError unless ``task``'s state allows transition ``name``."""
    why = refusal(task, name, pending=pending)
    if why is not None:
        raise ValidationError(why, code="transition_not_allowed")


def allowed(user: Any, task: Task, *, pending: bool | None = None) -> frozenset[str]:
    """The transitions ``user`` may start on ``task`` now: who (units.permissions) and state (here).

    ``pending``: whether an extension request is waiting, when the caller already knows.
    """
    if pending is None and any(t.pending is not None for t in TRANSITIONS.values()):
        pending = _has_pending(task)
    return frozenset(
        name
        for name, t in TRANSITIONS.items()
        if refusal(task, name, pending=pending) is None and can(user, t.action, task)
    )


def may(user: Any, task: Task, name: str, *, pending: bool | None = None) -> bool:
    return refusal(task, name, pending=pending) is None and can(user, TRANSITIONS[name].action, task)


__all__ = [
    "PAGE_TRANSITIONS",
    "TRANSITIONS",
    "Transition",
    "allowed",
    "check",
    "get",
    "may",
    "refusal",
]
