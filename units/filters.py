import django_filters
from django.utils.translation import gettext_lazy as _

from units.models import Unit
from units.text import fold


class UnitFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tìm theo tên"), method="filter_q")
    kind = django_filters.ChoiceFilter(label=_("Loại"), choices=Unit.Kind.choices, empty_label=_("Tất cả"))
    is_active = django_filters.BooleanFilter(label=_("Đang hoạt động"))

    class Meta:
        model = Unit
        fields = ["q", "kind", "is_active"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(name_key__contains=fold(value)) if value else queryset
