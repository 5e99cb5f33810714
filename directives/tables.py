from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from directives.models import Directive


class DirectiveTable(tables.Table):
    code = tables.Column(
        verbose_name=_("Số, ký hiệu"), accessor="symbol", order_by=("symbol", "number", "pk")
    )
    kind = tables.Column(verbose_name=_("Loại"), order_by=("kind", "pk"))
    issued_on = tables.DateColumn(
        verbose_name=_("Ngày ban hành"),
        format="d/m/Y",
        attrs={"td": {"class": "text-nowrap"}},
        order_by=("issued_on", "pk"),
    )
    issuer = tables.Column(verbose_name=_("Cơ quan ban hành"), order_by=("issuer", "pk"))
    subject = tables.Column(verbose_name=_("Trích yếu"), orderable=False)
    task_count = tables.Column(
        verbose_name=_("Nhiệm vụ"), attrs={"td": {"class": "text-end"}}, order_by=("task_count", "pk")
    )

    class Meta:
        model = Directive
        fields = ["code", "kind", "issued_on", "issuer", "subject", "task_count"]
        attrs = {"class": "table table-sm table-hover align-middle"}
        order_by_field = "sort"
        per_page = 25

    def render_code(self, record: Directive):
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), record.reference_code or "…")

    def render_subject(self, record: Directive):
        # sentence case, without a leading "Về việc"; the document's own words on the directive page
        value = record.subject_display
        return value if len(value) <= 160 else f"{value[:157]}…"

    def render_task_count(self, record: Directive, value: int):
        if not value:
            return "0"
        return format_html('<a href="/nhiem-vu/?directive={}">{}</a>', record.pk, value)
