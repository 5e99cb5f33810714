from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from tasks import exports, forms, selectors, services
from tasks.evidence import file_type
from tasks.filters import TaskFilterSet, unit_choices
from tasks.models import ExtensionRequest, Task
from tasks.status import StatusContext, category_of
from tasks.tables import DeferredJoinData, TaskTable
from units.permissions import Action, can, require, roles_for

logger = logging.getLogger("dondoc.tasks")

BULK_LIMIT = 500


# --- lists -----------------------------------------------------------------------------


class TaskListView(LoginRequiredMixin, SingleTableMixin, FilterView):
    """All tasks (Văn phòng, leadership, admin); others see what task_visibility_q allows."""

    table_class = TaskTable
    filterset_class = TaskFilterSet
    template_name = "tasks/task_list.html"
    scope = "all"

    def dispatch(self, request, *args, **kwargs):
        self.ctx = StatusContext.for_today()
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.task_list_visible_to(user=self.request.user)

    def get_table_data(self):
        return DeferredJoinData(self.object_list)

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["ctx"] = self.ctx
        return kwargs

    def get_table_kwargs(self):
        selectable = self.scope == "all" and can(self.request.user, Action.TASK_BULK_EDIT)
        return {"ctx": self.ctx, "selectable": selectable}

    def get_heading(self) -> str:
        if roles_for(self.request.user).sees_everything:
            return _("Tất cả nhiệm vụ")
        return _("Nhiệm vụ")

    def export_query(self) -> str:
        params = self.request.GET.copy()
        params.pop("page", None)
        return params.urlencode()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            heading=self.get_heading(),
            scope=self.scope,
            export_query=self.export_query(),
            filter_query=query.urlencode(),
            bulk_form=forms.BulkForm(unit_choices=self.filterset.unit_choices)
            if self._selectable()
            else None,
            bulk_limit=BULK_LIMIT,
        )
        return context

    def _selectable(self) -> bool:
        return self.scope == "all" and can(self.request.user, Action.TASK_BULK_EDIT)


class UnitTaskListView(TaskListView):
    """My unit's tasks: those we lead and those we cooperate on (``role=lead|coop``)."""

    scope = "unit"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.units = selectors.user_units(user=request.user)
            wanted = request.GET.get("u", "")
            self.unit = next(
                (u for u in self.units if str(u.pk) == wanted), self.units[0] if self.units else None
            )
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        if self.unit is None:
            return Task.objects.none()
        return selectors.task_list_for_units(unit_ids=[self.unit.pk], role=self.request.GET.get("role", ""))

    def get_heading(self) -> str:
        if self.unit is None:
            return _("Nhiệm vụ của đơn vị")
        return _("Nhiệm vụ của %(unit)s") % {"unit": self.unit.name}

    def export_query(self) -> str:
        params = self.request.GET.copy()
        params.pop("page", None)
        params["scope"] = "unit"
        return params.urlencode()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(my_units=self.units, my_unit=self.unit, role=self.request.GET.get("role", ""))
        return context


class MyTaskListView(TaskListView):
    scope = "mine"

    def get_queryset(self):
        return selectors.task_list_assigned_to(user=self.request.user)

    def get_heading(self) -> str:
        return _("Việc của tôi")

    def export_query(self) -> str:
        params = self.request.GET.copy()
        params.pop("page", None)
        params["scope"] = "mine"
        return params.urlencode()


def _export_queryset(request):
    scope = request.GET.get("scope", "")
    if scope == "mine":
        base = selectors.task_list_assigned_to(user=request.user)
    elif scope == "unit":
        units = selectors.user_units(user=request.user)
        wanted = request.GET.get("u", "")
        unit = next((u for u in units if str(u.pk) == wanted), units[0] if units else None)
        base = (
            selectors.task_list_for_units(unit_ids=[unit.pk], role=request.GET.get("role", ""))
            if unit
            else Task.objects.none()
        )
    else:
        base = selectors.task_list_visible_to(user=request.user)
    return base


@login_required
def task_export(request):
    """The filtered list as CSV (UTF-8 with BOM) or XLSX, with the same parameters as the list."""
    ctx = StatusContext.for_today()
    filterset = TaskFilterSet(request.GET, queryset=_export_queryset(request), request=request, ctx=ctx)
    if not filterset.is_valid():
        messages.error(
            request, _("Bộ lọc không hợp lệ: %(errors)s") % {"errors": filterset.form.errors.as_text()}
        )
        return redirect(reverse("tasks:list") + "?" + request.GET.urlencode())
    table = TaskTable(filterset.qs, ctx=ctx)
    if request.GET.get("sort"):
        table.order_by = request.GET["sort"]
    queryset = table.data.data.prefetch_related("cooperating_units")
    fmt = request.GET.get("format", "xlsx")
    logger.info("export %s by user %s", fmt, request.user.pk)
    if fmt == "csv":
        return exports.csv_response(queryset, ctx)
    if fmt == "xlsx":
        return exports.xlsx_response(queryset, ctx)
    raise Http404("unknown format")


@login_required
@require_POST
def task_bulk(request):
    """Văn phòng: reassign or shift the deadline of the selected tasks (or all that match the filter)."""
    require(request.user, Action.TASK_BULK_EDIT)
    form = forms.BulkForm(request.POST, unit_choices=unit_choices())
    filter_query = request.POST.get("filters", "")
    back = reverse("tasks:list") + (f"?{filter_query}" if filter_query else "")
    if not form.is_valid():
        for error in form.errors.values():
            messages.error(request, " ".join(error))
        return redirect(back)
    ctx = StatusContext.for_today()
    filterset = TaskFilterSet(
        QueryDict(filter_query), queryset=selectors.task_list_visible_to(user=request.user), ctx=ctx
    )
    if not filterset.is_valid():
        messages.error(request, _("Bộ lọc không hợp lệ."))
        return redirect(back)
    matching = filterset.qs.order_by()
    if form.cleaned_data["scope"] == "all":
        ids = list(matching.values_list("pk", flat=True)[: BULK_LIMIT + 1])
        if len(ids) > BULK_LIMIT:
            messages.error(
                request,
                _("Bộ lọc có hơn %(n)d nhiệm vụ; hãy lọc hẹp hơn trước khi thao tác hàng loạt.")
                % {"n": BULK_LIMIT},
            )
            return redirect(back)
    else:
        ids = list(
            matching.filter(pk__in=form.cleaned_data["tasks"][:BULK_LIMIT]).values_list("pk", flat=True)
        )
    data = form.cleaned_data
    try:
        if data["action"] == "reassign":
            result = services.task_bulk_reassign(
                task_ids=ids, actor=request.user, lead_unit=data["lead_unit"], reason=data["reason"]
            )
            done = ngettext(
                "Đã giao lại %(n)d nhiệm vụ cho %(unit)s.",
                "Đã giao lại %(n)d nhiệm vụ cho %(unit)s.",
                len(result.changed),
            ) % {"n": len(result.changed), "unit": data["lead_unit"].short_name}
        else:
            result = services.task_bulk_shift_deadline(
                task_ids=ids, actor=request.user, days=data["days"], reason=data["reason"]
            )
            done = _("Đã dời thời hạn %(n)d nhiệm vụ %(days)+d ngày.") % {
                "n": len(result.changed),
                "days": data["days"],
            }
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(back)
    messages.success(request, done)
    if result.skipped:
        reasons = sorted(set(result.skipped.values()))
        messages.warning(
            request,
            _("Bỏ qua %(n)d nhiệm vụ: %(why)s") % {"n": len(result.skipped), "why": "; ".join(reasons[:5])},
        )
    return redirect(back)


# --- the task page -------------------------------------------------------------------------


def _permissions(user, task: Task, detail: dict) -> dict:
    roles = roles_for(user)
    status = task.status
    is_series = task.kind == Task.Kind.RECURRING
    contribution_units = (
        selectors.contribution_units(user=user, task=task) if can(user, Action.TASK_CONTRIBUTE, task) else []
    )
    return {
        "progress": not is_series and status == "open" and can(user, Action.TASK_UPDATE_PROGRESS, task),
        "add_evidence": not is_series and status == "done" and can(user, Action.TASK_UPDATE_PROGRESS, task),
        "complete": not is_series and status == "open" and can(user, Action.TASK_COMPLETE, task),
        "request_extension": not is_series
        and status == "open"
        and task.deadline is not None
        and detail["pending_extension"] is None
        and can(user, Action.TASK_REQUEST_EXTENSION, task),
        "decide_extension": detail["pending_extension"] is not None and can(user, Action.EXTENSION_DECIDE),
        "contribute": bool(contribution_units) and status in ("open", "done"),
        "contribution_units": contribution_units,
        "assign": status in ("open", "paused") and can(user, Action.TASK_ASSIGN_SPECIALIST, task),
        "pause": status == "open" and not is_series and can(user, Action.TASK_PAUSE),
        "cancel": status in ("open", "paused") and can(user, Action.TASK_CANCEL),
        "reopen": status in ("done", "cancelled", "paused") and can(user, Action.TASK_REOPEN),
        "deadline": status in ("open", "paused") and not is_series and can(user, Action.TASK_CHANGE_DEADLINE),
        "reassign": status in ("open", "paused") and can(user, Action.TASK_REASSIGN),
        "edit": can(user, Action.TASK_EDIT),
        "is_office": roles.is_office or roles.is_admin,
    }


def _initial_forms(task: Task, perms: dict) -> dict:
    version = {"version": task.version}
    return {
        "progress_form": forms.ProgressForm(initial={**version, "percent": task.progress}, prefix="p"),
        "complete_form": forms.CompleteForm(initial=version, prefix="c", task=task),
        "contribution_form": forms.ContributionForm(units=perms["contribution_units"], prefix="k"),
        # no prefix: this form posts to task_action("extension_request"), which binds it unprefixed
        "extension_form": forms.ExtensionRequestForm(),
    }


def _task_page_context(request, task: Task, bound: dict | None = None, flash: str = "") -> dict:
    detail = selectors.task_detail_data(task=task)
    perms = _permissions(request.user, task, detail)
    ctx = StatusContext.for_today()
    context = {
        "task": task,
        "category": category_of(task, ctx),
        "days_overdue": task.days_overdue(ctx.today),
        "perms": perms,
        "flash": flash,
        "decision_form": forms.ExtensionDecisionForm(prefix="d"),
        **detail,
        **_initial_forms(task, perms),
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
    if conflict:
        task.refresh_from_db()
    status = 409 if conflict else 400
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


def _load_for_write(request, pk: int, action: Action) -> Task:
    task = get_object_or_404(
        Task.objects.select_related(
            "lead_unit", "directive", "clause", "assignee", "series"
        ).prefetch_related("cooperating_units"),
        pk=pk,
    )
    require(request.user, action, task)
    return task


@login_required
@require_POST
def task_progress(request, pk: int):
    task = _load_for_write(request, pk, Action.TASK_UPDATE_PROGRESS)
    form = forms.ProgressForm(request.POST, request.FILES, prefix="p")
    if not form.is_valid():
        return _failed(request, task, form, key="progress_form")
    data = form.cleaned_data
    try:
        services.task_progress_record(
            task=task,
            actor=request.user,
            unit=task.lead_unit,
            note=data["note"],
            percent=data["percent"] if task.status == Task.Status.OPEN else None,
            files=data["files"],
            expected_version=data["version"],
        )
    except ValidationError as exc:
        return _failed(request, task, form, exc, key="progress_form")
    return _succeeded(request, task, _("Đã ghi nhận báo cáo tiến độ."))


@login_required
@require_POST
def task_complete(request, pk: int):
    task = _load_for_write(request, pk, Action.TASK_COMPLETE)
    form = forms.CompleteForm(request.POST, request.FILES, prefix="c", task=task)
    if not form.is_valid():
        return _failed(request, task, form, key="complete_form")
    data = form.cleaned_data
    try:
        services.task_complete(
            task=task,
            actor=request.user,
            completed_on=data["completed_on"],
            note=data["note"],
            files=data["files"],
            expected_version=data["version"],
        )
    except ValidationError as exc:
        return _failed(request, task, form, exc, key="complete_form")
    category = category_of(task, StatusContext.for_today())
    return _succeeded(
        request, task, _("Đã báo cáo hoàn thành: %(category)s.") % {"category": category.label.lower()}
    )


@login_required
@require_POST
def task_contribute(request, pk: int):
    task = _load_for_write(request, pk, Action.TASK_CONTRIBUTE)
    units = selectors.contribution_units(user=request.user, task=task)
    if not units:  # a contribution is made in the name of one's cooperating unit
        raise PermissionDenied
    form = forms.ContributionForm(request.POST, request.FILES, prefix="k", units=units)
    if not form.is_valid():
        return _failed(request, task, form, key="contribution_form")
    data = form.cleaned_data
    try:
        services.task_progress_record(
            task=task,
            actor=request.user,
            unit=data["unit"],
            note=data["note"],
            files=data["files"],
            is_contribution=True,
        )
    except ValidationError as exc:
        return _failed(request, task, form, exc, key="contribution_form")
    return _succeeded(request, task, _("Đã gửi ý kiến phối hợp."))


# --- actions with a page of their own (and an inline form on the task page) -----------------


class ActionSpec:
    def __init__(
        self, *, action, form_class, title, button, service, success, danger=False, form_kwargs=None
    ):
        self.action = action
        self.form_class = form_class
        self.title = title
        self.button = button
        self.service = service
        self.success = success
        self.danger = danger
        self.form_kwargs = form_kwargs or (lambda task: {})


def _reason_call(fn):
    def call(task, user, data):
        return fn(task=task, actor=user, reason=data["reason"], expected_version=data["version"])

    return call


ACTIONS: dict[str, ActionSpec] = {
    "pause": ActionSpec(
        action=Action.TASK_PAUSE,
        form_class=forms.ReasonForm,
        title=_("Tạm dừng nhiệm vụ"),
        button=_("Tạm dừng"),
        service=_reason_call(services.task_pause),
        success=_("Đã tạm dừng nhiệm vụ."),
    ),
    "cancel": ActionSpec(
        action=Action.TASK_CANCEL,
        form_class=forms.ReasonForm,
        title=_("Hủy nhiệm vụ"),
        button=_("Hủy nhiệm vụ"),
        service=_reason_call(services.task_cancel),
        success=_("Đã hủy nhiệm vụ."),
        danger=True,
    ),
    "reopen": ActionSpec(
        action=Action.TASK_REOPEN,
        form_class=forms.ReasonForm,
        title=_("Mở lại / tiếp tục thực hiện"),
        button=_("Mở lại"),
        service=_reason_call(services.task_reopen),
        success=_("Nhiệm vụ đã được mở lại."),
    ),
    "deadline": ActionSpec(
        action=Action.TASK_CHANGE_DEADLINE,
        form_class=forms.DeadlineForm,
        title=_("Đổi thời hạn"),
        button=_("Đổi thời hạn"),
        service=lambda task, user, d: services.task_change_deadline(
            task=task, actor=user, deadline=d["deadline"], reason=d["reason"], expected_version=d["version"]
        ),
        success=_("Đã đổi thời hạn."),
    ),
    "reassign": ActionSpec(
        action=Action.TASK_REASSIGN,
        form_class=forms.ReassignForm,
        title=_("Giao lại đơn vị chủ trì"),
        button=_("Giao lại"),
        service=lambda task, user, d: services.task_reassign(
            task=task,
            actor=user,
            lead_unit=d["lead_unit"],
            cooperating_units=d["cooperating_units"],
            reason=d["reason"],
            expected_version=d["version"],
        ),
        success=_("Đã giao lại đơn vị chủ trì."),
    ),
    "assign": ActionSpec(
        action=Action.TASK_ASSIGN_SPECIALIST,
        form_class=forms.AssignForm,
        title=_("Phân công chuyên viên"),
        button=_("Phân công"),
        service=lambda task, user, d: services.task_assign(
            task=task, actor=user, assignee=d["assignee"], note=d["note"], expected_version=d["version"]
        ),
        success=_("Đã phân công chuyên viên."),
        form_kwargs=lambda task: {"members": selectors.lead_unit_members(task=task)},
    ),
    "edit": ActionSpec(
        action=Action.TASK_EDIT,
        form_class=forms.EditForm,
        title=_("Sửa thông tin nhiệm vụ"),
        button=_("Lưu"),
        service=lambda task, user, d: services.task_update_info(
            task=task,
            actor=user,
            title=d["title"],
            description=d["description"],
            cooperating_units=d["cooperating_units"],
            reason=d["reason"],
            expected_version=d["version"],
        ),
        success=_("Đã lưu thông tin nhiệm vụ."),
    ),
    "extension_request": ActionSpec(
        action=Action.TASK_REQUEST_EXTENSION,
        form_class=forms.ExtensionRequestForm,
        title=_("Xin gia hạn"),
        button=_("Gửi đề nghị gia hạn"),
        service=lambda task, user, d: services.extension_request_create(
            task=task, actor=user, requested_deadline=d["requested_deadline"], reason=d["reason"]
        ),
        success=_("Đã gửi đề nghị gia hạn; chờ lãnh đạo quyết định."),
    ),
}


def _action_initial(name: str, task: Task) -> dict:
    initial: dict = {"version": task.version}
    if name == "deadline":
        initial["deadline"] = task.deadline
    elif name == "reassign":
        initial["lead_unit"] = task.lead_unit_id
        initial["cooperating_units"] = [u.pk for u in task.cooperating_units.all()]
    elif name == "assign":
        initial["assignee"] = task.assignee_id
    elif name == "edit":
        initial.update(
            title=task.title,
            description=task.description,
            cooperating_units=[u.pk for u in task.cooperating_units.all()],
        )
    return initial


@login_required
def task_action(request, pk: int, name: str):
    spec = ACTIONS.get(name)
    if spec is None:
        raise Http404
    task = _load_for_write(request, pk, spec.action)
    kwargs = spec.form_kwargs(task)
    if request.method == "POST":
        form = spec.form_class(request.POST, **kwargs)
        if form.is_valid():
            try:
                spec.service(task, request.user, form.cleaned_data)
            except ValidationError as exc:
                form.add_service_error(exc)
                if isinstance(exc, services.TaskConflictError):
                    task.refresh_from_db()
            else:
                messages.success(request, spec.success)
                return redirect(task.get_absolute_url())
        status = 409 if any(e.code == "conflict" for e in form.non_field_errors().as_data()) else 400
    else:
        form = spec.form_class(initial=_action_initial(name, task), **kwargs)
        status = 200
    return render(
        request,
        "tasks/task_action.html",
        {"task": task, "form": form, "spec": spec, "name": name},
        status=status,
    )


@login_required
def task_create(request):
    """Văn phòng assigns a task by hand (``?directive=ID`` preselects the directive)."""
    require(request.user, Action.TASK_CREATE)
    if request.method == "POST":
        form = forms.TaskCreateForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                task = services.task_create(
                    actor=request.user,
                    title=data["title"],
                    description=data["description"],
                    directive=data["directive"],
                    lead_unit=data["lead_unit"],
                    cooperating_units=data["cooperating_units"],
                    kind=data["kind"],
                    deadline=data["deadline"],
                    deadline_text=_("Thường xuyên") if data["kind"] == Task.Kind.CONTINUOUS else "",
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                logger.info("task created by hand: task=%s user=%s", task.pk, request.user.pk)
                messages.success(request, _("Đã giao nhiệm vụ cho %(unit)s.") % {"unit": task.lead_unit.name})
                return redirect(task.get_absolute_url())
        status = 400
    else:
        form = forms.TaskCreateForm(initial={"directive": request.GET.get("directive") or None})
        status = 200
    return render(request, "tasks/task_create.html", {"form": form}, status=status)


# --- extensions ---------------------------------------------------------------------------------


@login_required
def extension_list(request):
    """Extension requests: pending ones for leadership to decide, and the decided history."""
    status = request.GET.get("status", ExtensionRequest.Status.PENDING)
    if status not in ExtensionRequest.Status.values and status != "all":
        status = ExtensionRequest.Status.PENDING
    requests = selectors.extension_requests_for(user=request.user, status="" if status == "all" else status)
    page = Paginator(requests, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "tasks/extension_list.html",
        {
            "page_obj": page,
            "status": status,
            "statuses": [*ExtensionRequest.Status.choices, ("all", _("Tất cả"))],
            "can_decide": can(request.user, Action.EXTENSION_DECIDE),
            "decision_form": forms.ExtensionDecisionForm(prefix="d"),
        },
    )


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


@login_required
def extension_decide(request, pk: int):
    require(request.user, Action.EXTENSION_DECIDE)
    ext = get_object_or_404(
        ExtensionRequest.objects.select_related("task", "task__lead_unit", "task__directive", "requested_by"),
        pk=pk,
    )
    if request.method == "POST":
        form = forms.ExtensionDecisionForm(request.POST, prefix="d")
        if form.is_valid():
            approve = form.cleaned_data["decision"] == "approve"
            try:
                services.extension_request_decide(
                    request=ext, actor=request.user, approve=approve, note=form.cleaned_data["note"]
                )
            except ValidationError as exc:
                form.add_service_error(exc)
            else:
                messages.success(
                    request,
                    _("Đã đồng ý gia hạn đến %(date)s.")
                    % {"date": ext.requested_deadline.strftime("%d/%m/%Y")}
                    if approve
                    else _("Đã không đồng ý gia hạn."),
                )
                return redirect(_safe_next(request, reverse("tasks:extensions")))
        status = 400
    else:
        form = forms.ExtensionDecisionForm(prefix="d")
        status = 200
    return render(
        request,
        "tasks/extension_decide.html",
        {"ext": ext, "task": ext.task, "form": form, "next": _safe_next(request, "")},
        status=status,
    )


# --- evidence ---------------------------------------------------------------------------------------


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
