from __future__ import annotations

import django_tables2 as tables
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from tasks.models import Task
from tasks.status import BADGE_CLASSES, StatusContext, category_of


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
    title = tables.Column(verbose_name=_("Nhiệm vụ"), order_by=("title", "pk"))
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
        row_attrs = {"data-task": lambda record: record.pk}

    def __init__(self, *args, ctx: StatusContext | None = None, selectable: bool = False, **kwargs):
        if not selectable:
            kwargs["exclude"] = (*kwargs.get("exclude", ()), "select")
        super().__init__(*args, **kwargs)
        self.ctx = ctx or StatusContext.for_today()

    # Deadlines sort with the undated (continuous) tasks last on every database, and on
    # the id as a tie-breaker so that pages never overlap.
    def order_deadline(self, queryset, is_descending):
        if is_descending:
            return queryset.order_by(F("deadline").desc(nulls_last=True), "-pk"), True
        return queryset.order_by(F("deadline").asc(nulls_last=True), "pk"), True

    def render_title(self, record):
        return format_html(
            '<a href="{}" class="fw-semibold">{}</a>', reverse("tasks:detail", args=[record.pk]), record.title
        )

    def render_directive(self, value):
        return format_html('<span class="text-nowrap">{}</span>', value.reference_code or str(value))

    def render_lead_unit(self, value):
        return value.short_name

    def render_assignee(self, value):
        return value.get_full_name() or value.username

    def render_deadline(self, record):
        if record.deadline is None:
            return record.deadline_text or _("Không thời hạn")
        if record.deadline_extended and record.original_deadline:
            return format_html(
                '{}<br><small class="text-body-secondary">{} {}</small>',
                record.deadline.strftime("%d/%m/%Y"),
                _("ban đầu"),
                record.original_deadline.strftime("%d/%m/%Y"),
            )
        return record.deadline.strftime("%d/%m/%Y")

    def render_category(self, record):
        category = category_of(record, self.ctx)
        return render_to_string(
            "partials/_status_badge.html",
            {"label": category.label, "css": BADGE_CLASSES[category], "value": category.value},
        )

    def render_progress(self, value):
        return f"{value}%"
