"""The harness itself: sign-in, the pages every user sees, and the checks on them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.e2e.conftest import check_page, check_phone_width

pytestmark = pytest.mark.e2e


def test_sign_in_and_common_pages(demo, open_page, login, shots):
    page = open_page()
    page.goto(reverse("home"))
    assert reverse("login") in page.url, "signed-out users are sent to the login page"
    check_page(page)
    shots(page, "login")

    login(page, "vanthu")
    assert page.get_by_role("heading", level=1).inner_text().strip()
    check_page(page)
    shots(page, "home")

    for name in ("units:list", "units:profile"):
        page.goto(reverse(name))
        check_page(page)
        shots(page, name.replace(":", "-"))


def test_wrong_password_is_refused(demo, open_page, login):
    page = open_page()
    page.goto(reverse("login"))
    page.get_by_label("Tên đăng nhập").fill("vanthu")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()
    assert page.get_by_role("alert").is_visible()
    assert reverse("login") in page.url


def test_phone_width_common_pages(demo, open_page, login, shots):
    page = open_page(width=390, height=844)
    login(page, "truongphong.noivu")
    for name in ("home", "units:list", "units:profile"):
        page.goto(reverse(name))
        check_phone_width(page)
        check_page(page)
        shots(page, "phone-" + name.replace(":", "-"))
