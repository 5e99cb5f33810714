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
    shots(page, "login")

    login(page, "vanthu")
    assert page.get_by_role("heading", level=1).inner_text().strip()
    shots(page, "home")

    for name in ("units:list", "units:profile"):
        page.goto(reverse(name))
        shots(page, name.replace(":", "-"))


def test_wrong_password_is_refused(demo, open_page, login):
    page = open_page()
    page.goto(reverse("login"))
    page.get_by_label("Tên đăng nhập").fill("vanthu")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()
    assert page.get_by_role("alert").is_visible()
    assert reverse("login") in page.url


PHONE_PAGES = {
    # every page in the menu of each role, as seen on a 390 px phone
    "truongphong.noivu": [
        "home",
        "tasks:list",
        "tasks:unit",
        "tasks:extensions",
        "directives:list",
        "dashboard:reports",
        "notifications:list",
        "deadlines:subscriptions",
        "units:list",
        "units:profile",
    ],
    "chutich": ["home", "dashboard:chairman", "tasks:extensions"],
    "vanthu": ["home", "directives:intake"],
}


@pytest.mark.parametrize("username", list(PHONE_PAGES))
def test_phone_width_menu_pages(demo, open_page, login, shots, username):
    page = open_page(width=390, height=844)
    login(page, username)
    for name in PHONE_PAGES[username]:
        page.goto(reverse(name))
        shots(page, name.replace(":", "-"))  # checks the width on a phone-sized page


def test_checks_fail_on_broken_pages(demo, open_page, login):
    """The page checks are not decorative: break a page in the browser and each one fails."""
    page = open_page(width=390, height=844)
    page.goto(reverse("login"))
    check_page(page)
    check_phone_width(page)

    page.evaluate("() => document.querySelector('main form').append(document.createElement('textarea'))")
    with pytest.raises(AssertionError, match="form field without a label"):
        check_page(page)

    page.reload()
    page.evaluate("() => document.querySelector('main').append(document.createElement('h1'))")
    with pytest.raises(AssertionError, match="exactly one <h1>, found 2"):
        check_page(page)

    page.reload()
    page.evaluate(
        """() => document.querySelectorAll('a, button').forEach((el) => {
             el.style.setProperty('outline', 'none', 'important');
             el.style.setProperty('box-shadow', 'none', 'important');
           })"""
    )
    with pytest.raises(AssertionError, match="keyboard focus is invisible"):
        check_page(page)

    # Only the page's own buttons lose their focus ring; the navigation (reached by Tab) keeps it.
    login(page, "vanthu")
    page.goto(reverse("units:list"))
    page.evaluate(
        """() => document.querySelectorAll('main button').forEach((el) => {
             el.style.setProperty('outline', 'none', 'important');
             el.style.setProperty('box-shadow', 'none', 'important');
           })"""
    )
    with pytest.raises(AssertionError, match="keyboard focus is invisible on <button> Lọc"):
        check_page(page)

    page.goto(reverse("units:profile"))
    page.evaluate(
        """() => { const wide = document.createElement('div'); wide.style.width = '700px';
                   wide.textContent = 'x'; document.querySelector('main').append(wide); }"""
    )
    with pytest.raises(AssertionError, match="horizontal overflow"):
        check_phone_width(page)

    page.reload()
    page.evaluate(
        """() => { const t = document.createElement('table'); t.className = 'loose';
                   t.insertRow().insertCell().textContent = 'x'; document.querySelector('main').append(t); }"""
    )
    with pytest.raises(AssertionError, match="tables outside .table-responsive"):
        check_phone_width(page)
