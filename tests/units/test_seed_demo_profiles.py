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


PROVINCIAL_NAMES = [
    ("Sở Tài chính", ["Sở Tài chính"]),
    ("Sở NN&MT", ["Sở Nông nghiệp và Môi trường"]),
    ("Sở Nông nghiệp & Môi trường", ["Sở Nông nghiệp và Môi trường"]),
    ("Sở Văn hóa, Thể thao và Du lịch", ["Sở Văn hóa, Thể thao và Du lịch"]),
    ("Giám đốc Sở Nội vụ", ["Sở Nội vụ"]),
    ("Văn phòng Ủy ban nhân dân tỉnh", ["Văn phòng UBND tỉnh"]),
    ("Thanh tra tỉnh", ["Thanh tra tỉnh"]),
    (
        "Ban Quản lý KKT Dung Quất và các KCN Quảng Ngãi",
        ["Ban Quản lý Khu kinh tế Dung Quất và các Khu công nghiệp Quảng Ngãi"],
    ),
    ("UBND phường Cẩm Thành", ["UBND phường Cẩm Thành"]),
    ("đặc khu Lý Sơn", ["UBND đặc khu Lý Sơn"]),
]


PROVINCIAL_GROUPS = [
    ("UBND các xã, phường, đặc khu", {Unit.Kind.COMMUNE}),
    ("UBND các xã, phường", {Unit.Kind.COMMUNE}),
    ("Ủy ban nhân dân các xã, phường, đặc khu", {Unit.Kind.COMMUNE}),
    ("Chủ tịch UBND các xã, phường, đặc khu", {Unit.Kind.COMMUNE}),
    ("Chủ tịch UBND cấp xã", {Unit.Kind.COMMUNE}),
    ("các sở, ban, ngành", {Unit.Kind.DEPARTMENT, Unit.Kind.OFFICE, Unit.Kind.AGENCY}),
    ("Thủ trưởng các sở, ban, ngành", {Unit.Kind.DEPARTMENT, Unit.Kind.OFFICE, Unit.Kind.AGENCY}),
    ("Thủ trưởng các cơ quan chuyên môn", {Unit.Kind.DEPARTMENT, Unit.Kind.OFFICE}),
    ("Thủ trưởng các cơ quan chuyên môn thuộc UBND tỉnh", {Unit.Kind.DEPARTMENT, Unit.Kind.OFFICE}),
    (
        "các sở, ban, ngành, địa phương",
        {Unit.Kind.DEPARTMENT, Unit.Kind.OFFICE, Unit.Kind.AGENCY, Unit.Kind.COMMUNE},
    ),
]


def test_a_provincial_directives_units_and_groups_resolve_against_the_province_profile():
    """No manual picking: Sở by name or alias, communes by name, groups to their members."""
    from directives.resolve import UnitResolver

    call_command("seed_demo", profile="province", size=0, quiet=True)
    resolver = UnitResolver()
    for phrase, expected in PROVINCIAL_NAMES:
        assert [u.name for u in resolver.resolve(phrase).units] == expected, phrase
    for phrase, kinds in PROVINCIAL_GROUPS:
        resolution = resolver.resolve(phrase)
        assert resolution.via == "group", phrase
        assert {u.kind for u in resolution.units} == kinds, phrase
        assert len(resolution.units) == Unit.objects.filter(kind__in=kinds).count(), phrase


COMMUNE_NAMES = [
    (
        "các phòng chuyên môn thuộc UBND xã",
        {"Văn phòng HĐND và UBND xã", "Phòng Kinh tế", "Phòng Văn hóa - Xã hội"},
    ),
    (
        "Thủ trưởng các cơ quan chuyên môn",
        {"Văn phòng HĐND và UBND xã", "Phòng Kinh tế", "Phòng Văn hóa - Xã hội"},
    ),
    ("Văn phòng HĐND và UBND", {"Văn phòng HĐND và UBND xã"}),
    ("Phòng Văn hóa – Xã hội", {"Phòng Văn hóa - Xã hội"}),
    ("Trung tâm Phục vụ hành chính công", {"Trung tâm Phục vụ hành chính công xã"}),
    ("Ban CHQS xã", {"Ban Chỉ huy quân sự xã"}),
]


def test_commune_names_and_groups_resolve_against_the_commune_profile():
    from directives.resolve import UnitResolver

    call_command("seed_demo", profile="commune", size=0, quiet=True)
    resolver = UnitResolver()
    for phrase, expected in COMMUNE_NAMES:
        assert {u.name for u in resolver.resolve(phrase).units} == expected, phrase


def test_a_task_from_a_higher_levels_directive_says_so_and_who_gave_it(client):
    from directives.models import Directive as DirectiveModel

    if "origin" not in {f.name for f in DirectiveModel._meta.get_fields()}:
        pytest.skip("Directive.origin arrives with the intake migration")
    call_command("seed_demo", profile="commune", size=0, quiet=True)
    task = Task.objects.filter(directive__issuer="UBND tỉnh Quảng Ngãi").first()
    own = Task.objects.exclude(directive__issuer="UBND tỉnh Quảng Ngãi").first()
    client.login(username="vanthu", password=DEMO_PASSWORD)
    page = client.get(task.get_absolute_url()).content.decode()
    assert "Văn bản của cấp trên" in page and "UBND tỉnh Quảng Ngãi" in page and "Trương Minh Quân" in page
    assert "Văn bản của cấp trên" not in client.get(own.get_absolute_url()).content.decode()


def test_a_database_seeded_before_profiles_counts_as_the_district():
    from units.demo import seed_demo_district
    from units.models import Organization

    seed_demo_district()
    Organization.objects.all().delete()  # as in a database seeded before this change
    with pytest.raises(CommandError, match="PROFILE=district"):
        call_command("seed_demo", profile="commune", size=0, quiet=True)
