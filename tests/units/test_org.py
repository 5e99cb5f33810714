import pytest

from units.models import Organization
from units.org import current_org


@pytest.mark.django_db
def test_without_a_stored_profile_the_settings_describe_us(settings):
    settings.ORGANIZATION = {**settings.ORGANIZATION, "name": "UBND huyện Thử", "level": "district"}
    settings.ORGANIZATION_OVERRIDES = {}
    org = current_org()
    assert org.name == "UBND huyện Thử"
    assert org["name"] == "UBND huyện Thử"  # reports read it like the settings dict
    assert org.level == "district"
    assert "UBND cấp huyện" in org.groups


@pytest.mark.django_db
def test_the_stored_profile_wins_over_defaults_and_env_wins_over_both(settings):
    settings.ORGANIZATION_OVERRIDES = {}
    Organization.objects.create(
        profile="commune",
        name="UBND xã Sơn Tây Thượng",
        level="commune",
        header_name="XÃ SƠN TÂY THƯỢNG",
        place="Sơn Tây Thượng",
        aliases=["xã Sơn Tây Thượng"],
    )
    org = current_org()
    assert (org.name, org.level, org.place, org.profile) == (
        "UBND xã Sơn Tây Thượng",
        "commune",
        "Sơn Tây Thượng",
        "commune",
    )
    assert org.names == ("UBND xã Sơn Tây Thượng", "xã Sơn Tây Thượng")
    settings.ORGANIZATION_OVERRIDES = {"name": "UBND xã Khác", "aliases": "xã Khác; Khác"}
    org = current_org()
    assert org.name == "UBND xã Khác" and org.place == "Sơn Tây Thượng"
    assert org.aliases == ("xã Khác", "Khác")


@pytest.mark.django_db
def test_there_is_only_one_organization_row():
    Organization(name="A", level="commune", header_name="A", place="A").save()
    Organization(name="B", level="ward", header_name="B", place="B").save()
    assert list(Organization.objects.values_list("name", flat=True)) == ["B"]


@pytest.mark.django_db
def test_settings_organization_reads_the_stored_profile(settings):
    from units.org import OrganizationSetting

    settings.ORGANIZATION = OrganizationSetting()
    settings.ORGANIZATION_OVERRIDES = {}
    Organization(
        name="UBND phường Cẩm Thành", level="ward", header_name="PHƯỜNG CẨM THÀNH", place="Cẩm Thành"
    ).save()
    # code written against the settings dict prints the profile (reports, notifications)
    assert settings.ORGANIZATION["header_name"] == "PHƯỜNG CẨM THÀNH"
    assert {**settings.ORGANIZATION}["place"] == "Cẩm Thành"
