from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from directives.models import Directive
from units.text import fold

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class DirectiveFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Tìm kiếm"),
        method="filter_q",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Số, ký hiệu, trích yếu…")}),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Loại văn bản"), choices=Directive.Kind.choices, empty_label=_("Tất cả")
    )
    issued_from = django_filters.DateFilter(
        label=_("Ban hành từ ngày"),
        field_name="issued_on",
        lookup_expr="gte",
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
    )
    issued_to = django_filters.DateFilter(
        label=_("đến ngày"),
        field_name="issued_on",
        lookup_expr="lte",
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
    )
    status = django_filters.ChoiceFilter(
        label=_("Trạng thái"), choices=Directive.Status.choices, empty_label=_("Tất cả")
    )

    class Meta:
        model = Directive
        fields = ["q", "kind", "issued_from", "issued_to", "status"]

    def filter_q(self, queryset, name, value):
        """Every word in the subject, accent- and case-insensitively ("ke hoach" finds "Kế hoạch"
        and "KẾ HOẠCH"), through the folded column (a trigram index backs it on PostgreSQL);
        or the symbol, the issuer, or the number ("132" or "132/KH-UBND")."""
        value = (value or "").strip()
        if not value:
            return queryset
        words = fold(value).split()
        in_subject = Q()
        for word in words:
            in_subject &= Q(subject_folded__contains=word)
        condition = in_subject | Q(symbol__icontains=value) | Q(issuer__icontains=value)
        if "/" in value:
            number, _sep, symbol = value.partition("/")
            condition |= Q(number=number.strip(), symbol__iexact=symbol.strip())
        else:
            condition |= Q(number=value)
        return queryset.filter(condition)
