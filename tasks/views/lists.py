"""The three task lists — all tasks, my unit's, mine — share one base view; each also
exports what it shows with ``?format=csv|xlsx`` (same filters, same order)."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from tasks import exports, forms, selectors, services
from tasks.filters import TaskFilterSet, unit_choices
from tasks.models import Task
from tasks.status import StatusContext
from tasks.tables import DeferredJoinData, TaskTable
from units.permissions import Action, can, require, roles_for

logger = logging.getLogger("dondoc.tasks")

BULK_LIMIT = 500
EXPORTERS = {"csv": exports.csv_response, "xlsx": exports.xlsx_response}


class TaskListView(LoginRequiredMixin, SingleTableMixin, FilterView):
    """All tasks (Văn phòng, leadership, admin); others see what task_visibility_q allows."""

    table_class = TaskTable
    filterset_class = TaskFilterSet
    template_name = "tasks/task_list.html"
    scope = "all"
    url_name = "tasks:list"

    def dispatch(self, request, *args, **kwargs):
        self.ctx = StatusContext.for_today()
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("format")
        if fmt:
            return self.export(fmt)
        return super().get(request, *args, **kwargs)

    def export(self, fmt: str):
        """The filtered list as CSV (UTF-8 with BOM) or XLSX, in the list's order."""
        exporter = EXPORTERS.get(fmt)
        if exporter is None:
            raise Http404("unknown format")
        filterset = self.get_filterset(self.get_filterset_class())
        if not filterset.is_valid():
            messages.error(
                self.request,
                _("Bộ lọc không hợp lệ: %(errors)s") % {"errors": filterset.form.errors.as_text()},
            )
            params = self.request.GET.copy()
            params.pop("format", None)
            return redirect(reverse(self.url_name) + "?" + params.urlencode())
        table = TaskTable(filterset.qs, ctx=self.ctx)
        if self.request.GET.get("sort"):
            table.order_by = self.request.GET["sort"]
        logger.info("export %s (%s) by user %s", fmt, self.scope, self.request.user.pk)
        return exporter(table.data.data.prefetch_related("cooperating_units"), self.ctx)

    def get_queryset(self):
        return selectors.task_list_visible_to(user=self.request.user)

    def get_table_data(self):
        return DeferredJoinData(self.object_list)

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["ctx"] = self.ctx
        return kwargs

    def get_table_kwargs(self):
        return {"ctx": self.ctx, "selectable": self._selectable()}

    def get_heading(self) -> str:
        if roles_for(self.request.user).sees_everything:
            return _("Tất cả nhiệm vụ")
        return _("Nhiệm vụ")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop("format", None)
        context.update(
            heading=self.get_heading(),
            scope=self.scope,
            export_query=query.urlencode(),
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
    url_name = "tasks:unit"

    def dispatch(self, request, *args, **kwargs):
        self.unit = None
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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(my_units=self.units, my_unit=self.unit, role=self.request.GET.get("role", ""))
        return context


class MyTaskListView(TaskListView):
    scope = "mine"
    url_name = "tasks:mine"

    def get_queryset(self):
        return selectors.task_list_assigned_to(user=self.request.user)

    def get_heading(self) -> str:
        return _("Việc của tôi")


LIST_VIEWS = {"all": TaskListView, "unit": UnitTaskListView, "mine": MyTaskListView}


@login_required
def task_export(request):
    """The older export address (``?scope=mine|unit&format=…``): the same export as the list's."""
    view = LIST_VIEWS.get(request.GET.get("scope", ""), TaskListView)
    if not request.GET.get("format"):
        params = request.GET.copy()
        params["format"] = "xlsx"
        request.GET = params
    return view.as_view()(request)


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
    filterset = TaskFilterSet(
        QueryDict(filter_query),
        queryset=selectors.task_list_visible_to(user=request.user),
        ctx=StatusContext.for_today(),
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
