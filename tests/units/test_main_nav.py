"""The main navigation (units.templatetags.dondoc.main_nav) is rendered once per variant and
reused; what each person sees must still be exactly what their roles, language and the
pending-extension count say."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from django.urls import reverse

from tasks import services
from units.templatetags import dondoc

NAV = re.compile(r'<ul class="navbar-nav me-auto">(.*?)</ul>', re.DOTALL)


def nav_links(client, user, language: str = "vi") -> list[str]:
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get(reverse("home")).content.decode()
    return [
        re.sub(r"\s+", " ", text).strip()
        for text in re.findall(r'class="nav-link"[^>]*>(.*?)</a>', NAV.search(html).group(1))
    ]


@pytest.mark.django_db
def test_each_role_keeps_its_own_links_when_variants_are_reused(client, cast):
    dondoc._nav_variants.clear()
    first = {role: nav_links(client, user) for role, user in cast.users().items() if user.is_active}
    again = {role: nav_links(client, user) for role, user in cast.users().items() if user.is_active}
    assert first == again
    assert "Đơn vị tôi" in first["head_a"] and "Bảng điều khiển" not in first["head_a"]
    assert "Việc của tôi" in first["specialist_a"] and "Công văn" not in first["specialist_a"]
    assert "Bảng điều khiển" in first["chairman"] and "Đơn vị tôi" not in first["chairman"]
    assert "Quản trị" in first["admin"] and "Quản trị" not in first["office"]


@pytest.mark.django_db
def test_the_leaderships_badge_follows_the_pending_requests(client, cast, task_a):
    assert "Đề nghị gia hạn" in nav_links(client, cast.chairman)
    services.extension_request_create(
        task=task_a, actor=cast.head_a, requested_deadline=dt.date(2027, 1, 31), reason="Chờ số liệu"
    )
    assert 'Đề nghị gia hạn <span class="badge text-bg-warning">1</span>' in nav_links(client, cast.chairman)
    assert "Đề nghị gia hạn" not in " ".join(nav_links(client, cast.head_a))


@pytest.mark.django_db
def test_the_language_is_part_of_the_variant(client, cast):
    assert "Nhiệm vụ" in nav_links(client, cast.head_a, "vi")
    english = nav_links(client, cast.head_a, "en")
    assert "Nhiệm vụ" not in english and "Tasks" in english
    assert "Nhiệm vụ" in nav_links(client, cast.head_a, "vi")


@pytest.mark.django_db
def test_the_kept_variants_stay_bounded(client, cast, monkeypatch):
    monkeypatch.setattr(dondoc, "NAV_VARIANTS_KEPT", 2)
    dondoc._nav_variants.clear()
    for user in (cast.head_a, cast.specialist_a, cast.chairman, cast.admin):
        nav_links(client, user)
        assert len(dondoc._nav_variants) <= 2
    assert "Quản trị" in nav_links(client, cast.admin)
