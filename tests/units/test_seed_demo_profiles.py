"""The organisation profiles of seed_demo: structure, identity, logins, every status, dates."""

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import F
from django.utils import timezone

from directives.models import Directive
from tasks.models import Task, TaskEvent
from tasks.status import StatusCategory, StatusContext, category_q
from units.demo import DEMO_PASSWORD
from units.models import Unit, UnitAlias, UnitGroup
from units.org import current_org

pytestmark = pytest.mark.django_db


def _assert_every_status_and_plausible_dates():
    ctx = StatusContext.for_today()
    for category in StatusCategory:
        assert Task.objects.filter(category_q(category, ctx)).exists(), category
    # nothing completed before its directive was issued, nor given before it arrived
    assert not Task.objects.filter(completed_on__lt=F("directive__issued_on")).exists()
    assert not Task.objects.filter(created_at__date__lt=F("directive__issued_on")).exists()
    # history is spread over time, not stamped "now"
    days = {at.date() for at in TaskEvent.objects.values_list("at", flat=True)}
    assert len(days) >= 8
    completed = TaskEvent.objects.filter(kind=TaskEvent.Kind.COMPLETED).select_related("task")
    assert completed.exists()
    for event in completed:
        assert timezone.localtime(event.at).date() >= event.task.directive.issued_on


@pytest.mark.parametrize("profile", ["commune", "ward", "province"])
def test_each_profile_seeds_idempotently_with_every_status(profile, capsys):
    call_command("seed_demo", profile=profile, size=2)
    counts = (
        Unit.objects.count(),
        Directive.objects.count(),
        Task.objects.count(),
        UnitAlias.objects.count(),
    )
    call_command("seed_demo", profile=profile, size=2)
    assert (
        Unit.objects.count(),
        Directive.objects.count(),
        Task.objects.count(),
        UnitAlias.objects.count(),
    ) == counts
    _assert_every_status_and_plausible_dates()
    assert not UnitAlias.objects.exclude(source=UnitAlias.Source.SEEDED).exists()
    out = capsys.readouterr().out
    assert DEMO_PASSWORD in out and "vanthu" in out
    logins = [line.split()[0] for line in out.split("Demo logins")[-1].splitlines() if line.startswith("  ")]
    assert len(logins) >= 8
    for username in logins:
        assert authenticate(username=username, password=DEMO_PASSWORD) is not None, username


def test_commune_profile_has_the_2025_structure_and_identity():
    call_command("seed_demo", profile="commune", size=0, quiet=True)
    names = set(Unit.objects.values_list("name", flat=True))
    assert {
        "Văn phòng HĐND và UBND xã",
        "Phòng Kinh tế",
        "Phòng Văn hóa - Xã hội",
        "Trung tâm Phục vụ hành chính công xã",
        "Công an xã",
        "Ban Chỉ huy quân sự xã",
    } <= names
    assert Unit.objects.filter(kind=Unit.Kind.VILLAGE).count() >= 3
    assert not Unit.objects.filter(name__icontains="huyện").exists()
    org = current_org()
    assert (org.name, org.level, org.profile) == ("UBND xã Sơn Tây Thượng", "commune", "commune")
    assert org.header_name == "XÃ SƠN TÂY THƯỢNG" and org.place == "Sơn Tây Thượng"
    assert UnitGroup.objects.filter(name="các phòng chuyên môn thuộc UBND xã").exists()
    # a directive received from the province is recorded as such, with who gave it
    higher = Directive.objects.get(issuer="UBND tỉnh Quảng Ngãi")
    if hasattr(higher, "origin"):
        assert higher.origin == "higher"
    assert higher.signer and higher.tasks.exists()
    assert not higher.tasks.exclude(lead_unit__level=Unit.Level.COMMUNE).exists()


def test_ward_profile_uses_the_ward_names():
    call_command("seed_demo", profile="ward", size=0, quiet=True)
    assert Unit.objects.filter(name="Phòng Kinh tế, Hạ tầng và Đô thị").exists()
    assert Unit.objects.filter(name__startswith="Tổ dân phố").count() >= 3
    assert current_org().level == "ward"


def test_province_profile_has_its_departments_and_communes():
    call_command("seed_demo", profile="province", size=0, quiet=True)
    names = set(Unit.objects.values_list("name", flat=True))
    assert {"Văn phòng UBND tỉnh", "Sở Tài chính", "Sở Nông nghiệp và Môi trường", "Thanh tra tỉnh"} <= names
    assert Unit.objects.filter(name__startswith="Ban Quản lý").exists()
    assert Unit.objects.filter(kind=Unit.Kind.COMMUNE).count() >= 8
    assert Unit.objects.filter(name__startswith="UBND phường").exists()
    assert current_org().level == "province"


def test_a_second_profile_in_the_same_database_is_refused():
    call_command("seed_demo", profile="commune", size=0, quiet=True)
    with pytest.raises(CommandError, match="commune"):
        call_command("seed_demo", profile="province", size=0, quiet=True)
