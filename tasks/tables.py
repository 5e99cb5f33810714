from __future__ import annotations

import django_tables2 as tables
from django.db.models import F
from django.utils.translation import gettext_lazy as _
from django_tables2.data import TableQuerysetData

from tasks.models import Task
from tasks.status import StatusContext


class DeferredJoinData(TableQuerysetData):
    """A page as two queries: the ids of the page, read from the index alone, then only those
    rows with their joined units, directives and people. Page 200 of a long list no longer
    joins the 4,975 rows before it."""

    def __getitem__(self, key):
        if not isinstance(key, slice):
            return super().__getitem__(key)
        ids = list(self.data.values_list("pk", flat=True)[key])
        # Fetch by primary key alone (the list's filters would tempt the planner into a range scan).
        fresh = self.data.model._default_manager.filter(pk__in=ids)
        fresh.query.select_related = self.data.query.select_related
        fresh = fresh.prefetch_related(*self.data._prefetch_related_lookups)
        rows = {task.pk: task for task in fresh}
        return [rows[pk] for pk in ids if pk in rows]


class TaskTable(tables.Table):
    select = tables.CheckBoxColumn(
        accessor="pk",
        attrs={
            "th__input": {
                "class": "form-check-input js-select-all",
                "aria-label": _("Chọn tất cả trên trang"),
            },
            "td__input": {"class": "form-check-input js-select-row", "form": "bulk-form", "name": "tasks"},
        },
    )
    title = tables.Column(
        verbose_name=_("Nhiệm vụ"), order_by=("title", "pk"), attrs={"th": {"class": "task-title"}}
    )
    directive = tables.Column(verbose_name=_("Văn bản"), order_by=("directive__issued_on", "pk"))
    lead_unit = tables.Column(
        verbose_name=_("Chủ trì"), order_by=("lead_unit__ordering", "lead_unit__name", "pk")
    )
    assignee = tables.Column(
        verbose_name=_("Chuyên viên"), order_by=("assignee__last_name", "assignee__first_name", "pk")
    )
    deadline = tables.Column(verbose_name=_("Thời hạn"), attrs={"td": {"class": "text-nowrap"}})
    category = tables.Column(verbose_name=_("Tình trạng"), accessor="pk", orderable=False, empty_values=())
    progress = tables.Column(
        verbose_name=_("Tiến độ"), attrs={"td": {"class": "text-end"}}, order_by=("progress", "pk")
    )
    completed_on = tables.DateColumn(
        verbose_name=_("Hoàn thành"),
        format="d/m/Y",
        attrs={"td": {"class": "text-nowrap"}},
        order_by=("completed_on", "pk"),
    )

    class Meta:
        model = Task
        fields = [
            "select",
            "title",
            "directive",
            "lead_unit",
            "assignee",
            "deadline",
            "category",
            "progress",
            "completed_on",
        ]
        attrs = {"class": "table table-sm table-hover align-middle task-table"}
        order_by_field = "sort"
        per_page = 25
        empty_text = _("Không có nhiệm vụ nào phù hợp.")
        template_name = "tasks/partials/_task_table.html"  # writes the rows itself

    def __init__(self, *args, ctx: StatusContext | None = None, selectable: bool = False, **kwargs):
        if not selectable:
            kwargs["exclude"] = (*kwargs.get("exclude", ()), "select")
        super().__init__(*args, **kwargs)
        self.ctx = ctx or StatusContext.for_today()
        self.selectable = selectable

    # Deadlines sort with the undated (continuous) tasks last on every database, and on
    # the id as a tie-breaker so that pages never overlap.
    def order_deadline(self, queryset, is_descending):
        if is_descending:
            return queryset.order_by(F("deadline").desc(nulls_last=True), "-pk"), True
        return queryset.order_by(F("deadline").asc(nulls_last=True), "pk"), True
