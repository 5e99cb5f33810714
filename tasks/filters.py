"""The task list filters. The parameter names are a contract: the chairman's dashboard
and the unit pages link to the list with them (see tasks/urls.py)."""

from __future__ import annotations

import copy
from functools import lru_cache

import django_filters
from django import forms
from django.db.models import Q
from django.http import QueryDict
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from directives.models import Directive
from tasks.models import Task
from tasks.selectors import cooperating_exists
from tasks.status import COUNTED_TASKS_Q, OPEN_CATEGORIES, StatusCategory, StatusContext, category_q
from tasks.widgets import FastSelect
from units.models import Unit
from units.text import fold

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"]


def _date_filter(field_name: str, lookup: str, label) -> django_filters.DateFilter:
    return django_filters.DateFilter(
        field_name=field_name,
        lookup_expr=lookup,
        label=label,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "class": "form-control form-control-sm"}),
        error_messages={"invalid": _("Ngày không hợp lệ (nhập dạng dd/mm/yyyy).")},
    )


def _select(**attrs) -> FastSelect:
    return FastSelect(attrs={"class": "form-select form-select-sm", **attrs})


def unit_choices() -> list[tuple[int, str]]:
    return list(Unit.objects.order_by("ordering", "name").values_list("id", "name"))


def directive_choices() -> tuple[tuple[int, str], ...]:
    rows = Directive.objects.order_by("-issued_on", "-pk").values_list(
        "id", "kind", "number", "symbol", "issued_on"
    )
    return _directive_labels(tuple(rows), get_language())


@lru_cache(maxsize=8)
def _directive_labels(rows: tuple, language: str | None) -> tuple[tuple[int, str], ...]:
    """ "Kế hoạch 132/KH-UBND (05/03/2026)" for each directive; the same rows in the same
    language give the same labels, so the last few lists are kept (writing 250 labels cost
    more than reading the rows)."""
    kinds = {value: str(label) for value, label in Directive.Kind.choices}
    choices = []
    for pk, kind, number, symbol, issued_on in rows:
        code = f"{number or '…'}/{symbol}" if symbol else number
        date = f" ({issued_on.day:02d}/{issued_on.month:02d}/{issued_on.year})" if issued_on else ""
        choices.append((pk, f"{kinds.get(kind, kind)} {code}{date}".strip()))
    return tuple(choices)


class PlainChoiceFilter(django_filters.Filter):
    """A choice filter whose choices are set per form instance (see TaskFilterSet.form)."""

    field_class = forms.ChoiceField


def _set_choices(field: forms.ChoiceField, choices: list) -> None:
    # What the ChoiceField.choices setter stores, without normalising a list that is
    # already a flat list of (value, label) pairs.
    field._choices = field.widget._choices = choices


class TaskFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Tìm kiếm"),
        method="filter_q",
        widget=forms.TextInput(
            attrs={
                "placeholder": _("Tên, nội dung nhiệm vụ…"),
                "class": "form-control form-control-sm",
                "type": "search",
            }
        ),
    )
    category = django_filters.MultipleChoiceFilter(
        label=_("Tình trạng"),
        choices=StatusCategory.choices,
        method="filter_category",
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    unit = PlainChoiceFilter(label=_("Đơn vị chủ trì"), field_name="lead_unit_id", widget=_select())
    coop_unit = PlainChoiceFilter(label=_("Đơn vị phối hợp"), method="filter_coop_unit", widget=_select())
    unit_kind = django_filters.ChoiceFilter(
        label=_("Loại đơn vị"),
        field_name="lead_unit__kind",
        choices=Unit.Kind.choices,
        empty_label=_("Tất cả"),
        widget=_select(),
    )
    directive = PlainChoiceFilter(label=_("Văn bản"), field_name="directive_id", widget=_select())
    kind = django_filters.ChoiceFilter(
        label=_("Loại nhiệm vụ"), choices=Task.Kind.choices, empty_label=_("Tất cả"), widget=_select()
    )
    deadline_after = _date_filter("deadline", "gte", _("Hạn từ ngày"))
    deadline_before = _date_filter("deadline", "lte", _("Hạn đến ngày"))
    completed_after = _date_filter("completed_on", "gte", _("Hoàn thành từ ngày"))
    completed_before = _date_filter("completed_on", "lte", _("Hoàn thành đến ngày"))

    class Meta:
        model = Task
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, ctx=None):
        # django_filters.FilterSet.__init__, but with each filter copied shallowly: its deep
        # copy of every filter with its widget, choices and lazy labels, on every request, cost
        # more than filtering. A filter keeps no state of its own but its parent and model.
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = {}
        for name, base in self.base_filters.items():
            filter_ = copy.copy(base)
            filter_.model = queryset.model
            filter_.parent = self
            if filter_.method is not None:
                filter_.method = filter_.method  # a FilterMethod bound to this copy, not the base
            self.filters[name] = filter_
        self.ctx = ctx or StatusContext.for_today()
        self.unit_choices = unit_choices()

    @classmethod
    def _form_class(cls):
        """The form class, built once per filter set class (django-filter builds a new class
        and new fields for every request); each form still gets its own copy of the fields."""
        if "_cached_form_class" not in cls.__dict__:
            fields = {name: filter_.field for name, filter_ in cls.base_filters.items()}
            cls._cached_form_class = type(f"{cls.__name__}Form", (cls._meta.form,), fields)
        return cls._cached_form_class

    def get_form_class(self):
        return self._form_class()

    @property
    def form(self):
        form = super().form
        if not getattr(form, "_choices_loaded", False):
            # Plain (id, label) lists, read once per request and set on this form's own fields:
            # model instances for hundreds of units and directives, or deep copies of the lists
            # for every form, would cost more than the list query itself.
            everything = ("", _("Tất cả"))
            _set_choices(form.fields["unit"], [everything, *self.unit_choices])
            _set_choices(form.fields["coop_unit"], [everything, *self.unit_choices])
            _set_choices(form.fields["directive"], [everything, *directive_choices()])
            form._choices_loaded = True
        return form

    def filter_q(self, queryset, name, value):
        for word in fold(value).split():
            queryset = queryset.filter(search_text__contains=word)
        return queryset

    def filter_category(self, queryset, name, value):
        if not value:
            return queryset
        chosen = set(value)
        condition = Q()
        if chosen.issuperset(OPEN_CATEGORIES):
            # overdue, due soon and in time together are every open task: one indexed
            # condition instead of three date ranges rechecked on each of ~50,000 entries
            chosen -= set(OPEN_CATEGORIES)
            condition = Q(status=Task.Status.OPEN)
        for category in StatusCategory:  # in a fixed order: the same SQL for the same filter
            if category in chosen:
                condition |= category_q(category, self.ctx)
        return queryset.filter(condition)

    def filter_coop_unit(self, queryset, name, value):
        return queryset.filter(cooperating_exists([int(value)])) if value else queryset

    @property
    def qs(self):
        if not hasattr(self, "_counted_qs"):
            queryset = super().qs
            if not self.is_bound:  # an unbound form does not run filter_queryset()
                queryset = queryset.filter(COUNTED_TASKS_Q)
            self._counted_qs = queryset
        return self._counted_qs

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.form.cleaned_data.get("kind") != Task.Kind.RECURRING:
            # Series templates are not tasks of their own; list them only when asked for.
            queryset = queryset.filter(COUNTED_TASKS_Q)
        return queryset

    MORE = (
        "unit_kind",
        "coop_unit",
        "kind",
        "deadline_after",
        "deadline_before",
        "completed_after",
        "completed_before",
    )

    def category_options(self) -> list[tuple[str, object, str, bool]]:
        """The status filter's checkboxes as (value, label, id, checked), in order: what
        Django's CheckboxSelectMultiple gives each option, without building a widget per box."""
        bound = self.form["category"]
        chosen = {str(v) for v in bound.value() or ()}
        return [
            (str(value), label, f"{bound.auto_id}_{index}", str(value) in chosen)
            for index, (value, label) in enumerate(bound.field.choices)
        ]

    def more_fields(self) -> list:
        """The form's fields under "Thêm bộ lọc", in the form's order."""
        form = self.form
        return [form[name] for name in form.fields if name in self.MORE]

    @property
    def more_is_used(self) -> bool:
        return any(self.form.data.get(name) for name in self.MORE)
