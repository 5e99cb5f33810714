"""History of directives, units, memberships, aliases and groups (django-simple-history):
who changed what and when, recorded through the request (HistoryRequestMiddleware) and shown
on each object's "Lịch sử" page in the admin."""

import pytest
from django.urls import reverse

from tests.factories import DirectiveFactory
from units.models import Membership, Unit, UnitAlias, UnitGroup


@pytest.mark.django_db
def test_group_changes_in_the_admin_record_the_user_and_the_members(client, cast):
    client.force_login(cast.admin)
    add = reverse("admin:units_unitgroup_add")
    response = client.post(add, {"name": "Các phòng chuyên môn", "kinds": "[]", "units": [cast.unit_a.pk]})
    assert response.status_code == 302, response.content.decode()[:3000]
    group = UnitGroup.objects.get(name="Các phòng chuyên môn")
    change = reverse("admin:units_unitgroup_change", args=[group.pk])
    data = {"name": "Phòng chuyên môn huyện", "kinds": "[]", "units": [cast.unit_a.pk, cast.unit_b.pk]}
    assert client.post(change, data).status_code == 302

    records = list(group.history.order_by("history_id"))
    created, changed = records[0], records[-1]
    assert (created.history_type, created.history_user) == ("+", cast.admin)
    assert {r.history_user for r in records} == {cast.admin}
    assert changed.history_type == "~" and {r.history_type for r in records} == {"+", "~"}
    delta = changed.diff_against(created)
    assert {c.field for c in delta.changes} == {"name", "units"}

    page = client.get(reverse("admin:units_unitgroup_history", args=[group.pk])).content.decode()
    assert "Các phòng chuyên môn" in page and "Phòng chuyên môn huyện" in page
    assert cast.admin.username in page


@pytest.mark.django_db
def test_alias_deleted_in_the_admin_leaves_a_record(client, cast):
    alias = UnitAlias.objects.create(unit=cast.unit_a, name="Phòng NV")
    client.force_login(cast.admin)
    response = client.post(reverse("admin:units_unitalias_delete", args=[alias.pk]), {"post": "yes"})
    assert response.status_code == 302
    last = UnitAlias.history.filter(id=alias.pk).order_by("history_id").last()
    assert (last.history_type, last.history_user, last.name) == ("-", cast.admin, "Phòng NV")


@pytest.mark.django_db
def test_unit_membership_and_directive_changes_are_recorded(cast):
    unit = cast.unit_a
    unit.name = "Phòng Nội vụ huyện"
    unit.save()
    assert unit.history.count() == 2 and unit.history.first().name == "Phòng Nội vụ huyện"

    membership = Membership.objects.get(user=cast.specialist_a)
    membership.role = Membership.Role.DEPUTY
    membership.save()
    old, new = membership.history.order_by("history_id")
    assert (old.role, new.role) == ("specialist", "deputy")

    directive = DirectiveFactory(subject="Về cải cách hành chính", full_text="toàn văn rất dài " * 100)
    directive.subject = "Về cải cách thủ tục hành chính"
    directive.save()
    first, second = directive.history.order_by("history_id")
    assert [c.field for c in second.diff_against(first).changes] == ["subject"]
    assert not hasattr(second, "full_text")  # the full text is not copied into every version


@pytest.mark.django_db
def test_history_pages_are_for_administrators_only(client, cast):
    client.force_login(cast.office)
    response = client.get(reverse("admin:units_unit_history", args=[cast.unit_a.pk]))
    assert response.status_code in (302, 403)
    assert Unit.history.filter(id=cast.unit_a.pk).exists()


@pytest.mark.django_db
def test_unit_and_directive_pages_link_administrators_to_the_history(client, cast):
    directive = DirectiveFactory()
    unit_history = reverse("admin:units_unit_history", args=[cast.unit_a.pk])
    directive_history = reverse("admin:directives_directive_history", args=[directive.pk])
    client.force_login(cast.admin)
    assert unit_history in client.get(cast.unit_a.get_absolute_url()).content.decode()
    assert directive_history in client.get(directive.get_absolute_url()).content.decode()
    client.force_login(cast.office)
    assert unit_history not in client.get(cast.unit_a.get_absolute_url()).content.decode()
    assert directive_history not in client.get(directive.get_absolute_url()).content.decode()
