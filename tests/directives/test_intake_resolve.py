"""Unit names as written → Unit records (names, aliases, groups; accents and case ignored)."""

from __future__ import annotations

import pytest

from directives.resolve import UnitResolver
from units.models import Unit, UnitAlias, UnitGroup


@pytest.fixture
def resolver(cast):
    UnitAlias.objects.create(unit=cast.unit_a, name="Cơ quan Tổ chức - Nội vụ")
    UnitAlias.objects.create(unit=cast.office_unit, name="Văn phòng huyện")
    UnitGroup.objects.create(name="UBND các xã, thị trấn", kinds=[Unit.Kind.COMMUNE])
    UnitGroup.objects.create(name="các phòng, ban, ngành huyện", kinds=[Unit.Kind.DEPARTMENT])
    return UnitResolver()


def test_exact_name_ignoring_accents_and_case(resolver, cast):
    assert resolver.resolve("phong noi vu").units == [cast.unit_a]
    assert resolver.resolve("PHÒNG TƯ PHÁP").units == [cast.unit_b]


def test_alias_and_trailing_words(resolver, cast):
    assert resolver.resolve("Cơ quan Tổ chức - Nội vụ huyện").units == [cast.unit_a]
    assert resolver.resolve("Văn phòng huyện").via == "alias"
    assert resolver.resolve("Phòng Nội vụ thuộc UBND huyện").units == [cast.unit_a]


def test_group_with_person_form_and_punctuation_variants(resolver, cast):
    res = resolver.resolve("Chủ tịch Ủy ban nhân dân các xã, thị trấn")
    assert res.via == "group" and res.units == [cast.commune]
    res = resolver.resolve("Thủ trưởng các phòng, ban ngành huyện")
    assert res.via == "group" and set(res.units) == {cast.unit_a, cast.unit_b}
    assert resolver.resolve("UBND các xã").units == [cast.commune]


def test_typo_is_matched_fuzzily(resolver, cast):
    res = resolver.resolve("Phòng Tư phap.")
    assert res.units == [cast.unit_b]


def test_unknown_name_is_kept_and_flagged(resolver):
    res = resolver.resolve("Viện nghiên cứu phát triển Kinh tế - Xã hội")
    assert not res.resolved and res.name == "Viện nghiên cứu phát triển Kinh tế - Xã hội"


def test_resolver_loads_once(resolver, django_assert_num_queries):
    with django_assert_num_queries(0):
        for _ in range(20):
            resolver.resolve("Phòng Nội vụ")


@pytest.mark.parametrize(
    ("policy", "expected"),
    [("keep", "2026-09-02"), ("previous_working_day", "2026-08-28")],  # 2/9 and 31/8–1/9/2026 are off
)
def test_draft_deadline_follows_the_day_off_policy(resolver, settings, policy, expected):
    import datetime as dt

    from directives.intake import candidates
    from directives.parsing import parse_text

    settings.DONDOC = {**settings.DONDOC, "DEADLINE_ON_DAY_OFF": policy}
    parsed = parse_text(
        "KẾ HOẠCH\nThực hiện nhiệm vụ\nII. NHIỆM VỤ\n1. Phòng Nội vụ rà soát thủ tục hành chính, "
        "hoàn thành trước ngày 02/9/2026.\n"
    )
    drafts = [c.draft() for c in candidates(parsed, resolver)]
    assert drafts and drafts[0].deadline == dt.date.fromisoformat(expected)
    assert "02/9/2026" in drafts[0].deadline_text
