from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from directives.models import Directive
from tasks.dashboard.selectors import UNIT_KIND_CHOICES, DashboardFilters, Period, directive_choices
from units.models import Unit

PRESETS = [
    ("", _("Toàn bộ")),
    ("year", _("Năm nay")),
    ("quarter", _("Quý này")),
    ("month", _("Tháng này")),
    ("custom", _("Tùy chọn (từ ngày – đến ngày)")),
]


def preset_period(preset: str, today: dt.date) -> Period:
    if preset == "year":
        return Period.year(today.year)
    if preset == "quarter":
        return Period.quarter(today.year, (today.month - 1) // 3 + 1)
    if preset == "month":
        return Period.month(today.year, today.month)
    return Period()


class DirectiveChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        subject = (obj.subject or "")[:70]
        return f"{obj.reference_code} – {subject}" if obj.reference_code else subject


class _PeriodMixin:
    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            raise forms.ValidationError(_("“Từ ngày” phải trước hoặc bằng “Đến ngày”."))
        return data


def _date_field(label):
    return forms.DateField(
        label=label,
        required=False,
        # dd/mm/yyyy text, not type="date" (which follows the computer's locale, often mm/dd/yyyy)
        widget=forms.DateInput(
            attrs={"class": "form-control", "placeholder": "dd/mm/yyyy", "inputmode": "numeric"},
            format="%d/%m/%Y",
        ),
    )


class DashboardFilterForm(_PeriodMixin, forms.Form):
    period = forms.ChoiceField(
        label=_("Kỳ"), choices=PRESETS, required=False, widget=forms.Select(attrs={"class": "form-select"})
    )
    start = _date_field(_("Từ ngày (thời hạn)"))
    end = _date_field(_("Đến ngày (thời hạn)"))
    directive = DirectiveChoiceField(
        label=_("Văn bản chỉ đạo"),
        queryset=None,
        required=False,
        empty_label=_("Tất cả văn bản"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    unit_kind = forms.ChoiceField(
        label=_("Loại đơn vị"),
        choices=[("", _("Tất cả đơn vị"))] + UNIT_KIND_CHOICES,
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["directive"].queryset = directive_choices()

    def directive_options(self) -> str:
        """The directive select's <option>s, built in one pass: Django's per-option widget
        templates (and per-option template lookups) cost more than the rest of the page."""
        field = self.fields["directive"]
        current = str(self["directive"].value() or "")
        kinds = {key: str(label) for key, label in Directive.Kind.choices}
        rows = [("", str(field.empty_label))]
        for pk, kind, number, symbol, subject in field.queryset.values_list(
            "pk", "kind", "number", "symbol", "subject"
        ):
            code = f"{number or '…'}/{symbol}" if symbol else number
            label = f"{kinds.get(kind, '')} {code} – {(subject or '')[:70]}" if code else (subject or "")[:70]
            rows.append((str(pk), label))
        # escape() on each label and an f-string: format_html per option cost ~5 µs x hundreds
        return mark_safe(  # noqa: S308 - values are ids, labels are escaped
            "".join(
                f'<option value="{value}"{" selected" if value == current else ""}>{escape(label)}</option>'
                for value, label in rows
            )
        )

    def filters(self, today: dt.date) -> DashboardFilters:
        """The filters to apply; invalid input falls back to no filter (the form shows the error)."""
        if not self.is_valid():
            return DashboardFilters()
        data = self.cleaned_data
        if data.get("start") or data.get("end"):
            period = Period(data.get("start"), data.get("end"))
        else:
            period = preset_period(data.get("period") or "", today)
        directive = data.get("directive")
        return DashboardFilters(
            period=period,
            directive_id=directive.pk if directive else None,
            unit_kind=data.get("unit_kind") or None,
        )


class ReportForm(_PeriodMixin, forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Đơn vị"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("Tổng hợp toàn bộ đơn vị"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    start = _date_field(_("Từ ngày"))
    end = _date_field(_("Đến ngày"))

    def __init__(self, *args, units=None, allow_summary: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        field.queryset = units if units is not None else Unit.objects.none()
        if not allow_summary:
            field.required = True
            field.empty_label = None

    def period(self, today: dt.date) -> Period:
        data = self.cleaned_data if self.is_valid() else {}
        start = data.get("start") or dt.date(today.year, 1, 1)
        end = data.get("end") or dt.date(today.year, 12, 31)
        return Period(start, end)
