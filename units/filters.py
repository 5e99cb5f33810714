import django_filters
from django.utils.translation import gettext_lazy as _

from units.models import Unit
from units.text import fold


class UnitFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tìm theo tên"), method="filter_q")
    kind = django_filters.ChoiceFilter(label=_("Loại"), choices=Unit.Kind.choices, empty_label=_("Tất cả"))
    is_active = django_filters.ChoiceFilter(
        label=_("Tình trạng"),
        choices=[("1", _("Đang hoạt động")), ("0", _("Ngừng hoạt động"))],
        empty_label=_("Tất cả"),
        method="filter_active",
    )

    class Meta:
        model = Unit
        fields = ["q", "kind", "is_active"]

    def filter_active(self, queryset, name, value):
        return queryset.filter(is_active=value == "1")

    def filter_q(self, queryset, name, value):
        return queryset.filter(name_key__contains=fold(value)) if value else queryset
