"""Unit aliases in the admin: where each came from, filterable (the review screen learns some)."""

import pytest
from django.urls import reverse

from units.models import UnitAlias

pytestmark = pytest.mark.django_db


def test_aliases_are_listed_and_filtered_by_source(client, cast):
    UnitAlias.objects.create(
        unit=cast.unit_a, name="Phòng NV", source=UnitAlias.Source.LEARNED, created_by=cast.vice
    )
    UnitAlias.objects.create(
        unit=cast.unit_a, name="Cơ quan Tổ chức - Nội vụ", source=UnitAlias.Source.SEEDED
    )
    client.force_login(cast.admin)
    url = reverse("admin:units_unitalias_changelist")
    page = client.get(url, {"source__exact": "learned"}).content.decode()
    assert "Phòng NV" in page and "Cơ quan Tổ chức - Nội vụ" not in page
    assert "Học từ lần chọn đơn vị" in page  # the source column


def test_an_alias_added_in_the_admin_is_manual_and_records_who(client, cast):
    client.force_login(cast.admin)
    response = client.post(
        reverse("admin:units_unitalias_add"),
        {"unit": cast.unit_a.pk, "name": "P. Nội vụ", "source": "manual"},
    )
    assert response.status_code == 302
    alias = UnitAlias.objects.get(name="P. Nội vụ")
    assert (alias.source, alias.created_by) == (UnitAlias.Source.MANUAL, cast.admin)


def test_outsiders_cannot_open_the_alias_admin(client, cast):
    client.force_login(cast.nobody)
    assert client.get(reverse("admin:units_unitalias_changelist")).status_code == 302  # to the admin login
