import pytest
from django.db import IntegrityError, transaction

from tests.factories import MembershipFactory, UnitFactory, UserFactory
from units.models import Membership, Unit, UnitAlias, UnitGroup
from units.text import fold


def test_fold_removes_vietnamese_diacritics_and_d_stroke():
    assert fold("  Phòng Tài chính – Kế hoạch ") == "phong tai chinh - ke hoach"
    assert fold("ĐỨC CHÁNH") == fold("Đức Chánh") == "duc chanh"
    assert fold("Uỷ ban") == fold("Ủy ban")  # tone-mark placement


@pytest.mark.django_db
def test_unit_name_key_and_alias_key_are_folded():
    unit = UnitFactory(name="Phòng Nội vụ")
    alias = UnitAlias.objects.create(unit=unit, name="Cơ quan Tổ chức - Nội vụ")
    assert unit.name_key == "phong noi vu"
    assert alias.name_key == "co quan to chuc - noi vu"


@pytest.mark.django_db
def test_a_unit_has_at_most_one_head():
    unit = UnitFactory()
    MembershipFactory(unit=unit, role=Membership.Role.HEAD)
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(unit=unit, role=Membership.Role.HEAD)


@pytest.mark.django_db
def test_one_membership_per_user_and_unit():
    user, unit = UserFactory(), UnitFactory()
    MembershipFactory(user=user, unit=unit)
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(user=user, unit=unit, role=Membership.Role.DEPUTY)


@pytest.mark.django_db
def test_group_expands_by_kind_and_explicit_members():
    communes = [UnitFactory(kind=Unit.Kind.COMMUNE) for _ in range(3)]
    UnitFactory(kind=Unit.Kind.COMMUNE, is_active=False)
    police = UnitFactory(name="Công an huyện", kind=Unit.Kind.AGENCY)
    group = UnitGroup.objects.create(name="UBND các xã, thị trấn", kinds=[Unit.Kind.COMMUNE])
    assert set(group.expand()) == set(communes)
    group.units.add(police)
    assert set(group.expand()) == {*communes, police}
