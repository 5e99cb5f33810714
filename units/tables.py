import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from units.models import Unit


class UnitTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name=_("Đơn vị"))
    short_name = tables.Column(verbose_name=_("Viết tắt"))
    kind = tables.Column(verbose_name=_("Loại"))
    parent = tables.Column(verbose_name=_("Trực thuộc"), order_by=("parent__name",))
    open_count = tables.Column(verbose_name=_("Đang thực hiện"), attrs={"td": {"class": "text-end"}})
    overdue_count = tables.Column(verbose_name=_("Quá hạn"), attrs={"td": {"class": "text-end"}})

    class Meta:
        model = Unit
        fields = ["name", "short_name", "kind", "parent", "open_count", "overdue_count"]
        attrs = {"class": "table table-sm table-hover align-middle"}
        order_by = ("ordering", "name")
