"""The task page and the writes made from it in place (htmx swaps the page's part):
progress reports, completion, contributions; and evidence downloads."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tasks import forms, lifecycle, selectors, services
from tasks.evidence import file_type
from tasks.models import Task
from tasks.status import StatusContext, category_of
from units.permissions import require, roles_for


def page_permissions(user, task: Task, detail: dict) -> dict:
    """What the task page offers ``user``: the transitions lifecycle.allowed returns, shaped
    for the template (a report on a completed task only adds evidence)."""
    names = lifecycle.allowed(user, task, pending=detail["pending_extension"] is not None)
    perms: dict = {name: name in names for name in lifecycle.TRANSITIONS}
    roles = roles_for(user)
    perms.update(
        progress="progress" in names and task.status == Task.Status.OPEN,
        add_evidence="progress" in names and task.status == Task.Status.DONE,
        contribution_units=selectors.contribution_units(user=user, task=task)
        if "contribute" in names
        else [],
        is_office=roles.is_office or roles.is_admin,
    )
    perms["contribute"] = bool(perms["contribution_units"])
    return perms


def _initial_forms(task: Task, perms: dict, pending) -> dict:
    """The forms the page shows ``perms``' holder (the template's conditions), and no others."""
    version = {"version": task.version}
    shown: dict = {}
    if perms["progress"] or perms["add_evidence"]:
        shown["progress_form"] = forms.ProgressForm(initial={**version, "percent": task.progress}, prefix="p")
    if perms["complete"]:
        shown["complete_form"] = forms.CompleteForm(initial=version, prefix="c", task=task)
    if perms["contribute"]:
        shown["contribution_form"] = forms.ContributionForm(units=perms["contribution_units"], prefix="k")
    if pending is not None and perms["decide_extension"]:
        shown["decision_form"] = forms.ExtensionDecisionForm(prefix="d")
    elif pending is None and perms["extension_request"]:
        # no prefix: this form posts to task_action("extension_request"), which binds it unprefixed
        shown["extension_form"] = forms.ExtensionRequestForm()
    return shown


def _task_page_context(request, task: Task, bound: dict | None = None, flash: str = "") -> dict:
    detail = selectors.task_detail_data(task=task)
    perms = page_permissions(request.user, task, detail)
    ctx = StatusContext.for_today()
    calendar = ctx.working_calendar()
    calendar_days_overdue = task.days_overdue(ctx.today)
    context = {
        "task": task,
        "category": category_of(task, ctx),
        # days overdue are working days everywhere (as reports count them); calendar days in a tooltip
        "days_overdue": (
            calendar.working_days_between(task.deadline, ctx.today) if calendar_days_overdue else 0
        ),
        "calendar_days_overdue": calendar_days_overdue,
        # the deadline's day-off note ({% deadline_policy_note %}) uses the same calendar
        "work_calendar": calendar,
        "perms": perms,
        "flash": flash,
        **detail,
        **_initial_forms(task, perms, detail["pending_extension"]),
    }
    context.update(bound or {})
    return context


@login_required
def task_detail(request, pk: int):
    task = selectors.task_get_for_user(user=request.user, pk=pk)
    return render(request, "tasks/task_detail.html", _task_page_context(request, task))


def _render_page(request, task: Task, *, bound: dict | None = None, flash: str = "", status: int = 200):
    """The whole task page, or only its swappable part for htmx."""
    context = _task_page_context(request, task, bound=bound, flash=flash)
    if request.htmx:
        return render(request, "tasks/partials/_task_page.html", context)
    return render(request, "tasks/task_detail.html", context, status=status)


def _failed(request, task: Task, form, exc: ValidationError | None = None, key: str = "") -> HttpResponse:
    if exc is not None:
        form.add_service_error(exc)
    conflict = exc is not None and isinstance(exc, services.TaskConflictError)
    status = 409 if conflict else 400
    # the page again, from the database (the POST read only what its write needed; after a
    # conflict, the other person's change)
    task = selectors.task_get_for_user(user=request.user, pk=task.pk)
    return _render_page(
        request, task, bound={key: form, "open_form": key}, status=200 if request.htmx else status
    )


def _succeeded(request, task: Task, message: str) -> HttpResponse:
    if request.htmx:
        return _render_page(
            request, selectors.task_get_for_user(user=request.user, pk=task.pk), flash=message
        )
    messages.success(request, message)
    return redirect(task.get_absolute_url())


FULL_TASK = ("lead_unit", "directive", "clause", "assignee", "series")


def load_for_transition(
    request, pk: int, name: str, *, related: tuple[str, ...] = FULL_TASK, cooperating: bool = True
) -> Task:
    """The task, after the permission check (who) of transition ``name``: 404 / 403.

    ``related`` / ``cooperating``: what to read with it (a write from the task page reads
    only what its check, form and service use; the page shown after a failure reads the rest)."""
    tasks = Task.objects.select_related(*related)
    if cooperating:
        tasks = tasks.prefetch_related("cooperating_units")
    task = get_object_or_404(tasks, pk=pk)
    require(request.user, lifecycle.get(name).action, task)
    return task


@login_required
@require_POST
def task_progress(request, pk: int):
    task = load_for_transition(request, pk, "progress", related=("lead_unit",), cooperating=False)
    form = forms.ProgressForm(request.POST, request.FILES, prefix="p")
    if not form.is_valid():
        return _failed(request, task, form, key="progress_form")
    data = form.cleaned_data
    if task.status != Task.Status.OPEN:
        data["percent"] = None  # a completed task: results and evidence only
    try:
        lifecycle.get("progress").run(task=task, actor=request.user, data=data, unit=task.lead_unit)
    except ValidationError as exc:
        return _failed(request, task, form, exc, key="progress_form")
    return _succeeded(request, task, _("Đã ghi nhận báo cáo tiến độ."))


@login_required
@require_POST
def task_complete(request, pk: int):
    # the form checks the completion date against the directive's
    task = load_for_transition(request, pk, "complete", related=("lead_unit", "directive"), cooperating=False)
    form = forms.CompleteForm(request.POST, request.FILES, prefix="c", task=task)
    if not form.is_valid():
        return _failed(request, task, form, key="complete_form")
    try:
        lifecycle.get("complete").run(task=task, actor=request.user, data=form.cleaned_data)
    except ValidationError as exc:
        return _failed(request, task, form, exc, key="complete_form")
    category = category_of(task, StatusContext.for_today())
    return _succeeded(
        request, task, _("Đã báo cáo hoàn thành: %(category)s.") % {"category": category.label.lower()}
    )


@login_required
@require_POST
def task_contribute(request, pk: int):
    task = load_for_transition(request, pk, "contribute", related=("lead_unit",))
    units = selectors.contribution_units(user=request.user, task=task)
    if not units:  # a contribution is made in the name of one's cooperating unit
        raise PermissionDenied
    form = forms.ContributionForm(request.POST, request.FILES, prefix="k", units=units)
    if not form.is_valid():
        return _failed(request, task, form, key="contribution_form")
    try:
        lifecycle.get("contribute").run(task=task, actor=request.user, data=form.cleaned_data)
    except ValidationError as exc:
        return _failed(request, task, form, exc, key="contribution_form")
    return _succeeded(request, task, _("Đã gửi ý kiến phối hợp."))


@login_required
def evidence_download(request, pk: int):
    """Evidence is served only here, after the same visibility check as the task page."""
    evidence = selectors.evidence_get_for_user(user=request.user, pk=pk)
    try:
        handle = evidence.file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404(_("Không tìm thấy tệp.")) from exc
    kind = file_type(evidence.original_name)
    inline = bool(kind and kind.inline) and request.GET.get("download") != "1"
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=evidence.original_name,
        content_type=evidence.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
