"""Login protection: throttling, audit log of sign-ins, the admin's deactivate action."""

from __future__ import annotations

import logging

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

LOGIN = "/dang-nhap/"


def _post_login(client, username: str, password: str, ip: str = "10.0.0.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


@pytest.fixture
def limit(settings):
    settings.AXES_FAILURE_LIMIT = 3
    return 3


def test_correct_password_signs_in(client, cast):
    response = _post_login(client, "head_a", "pass-1234")
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_repeated_failures_lock_out_with_a_vietnamese_message(client, cast, limit):
    for _ in range(limit - 1):
        response = _post_login(client, "head_a", "wrong")
        assert response.status_code == 200  # the ordinary form error
    response = _post_login(client, "head_a", "wrong")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Tạm khóa đăng nhập" in page
    assert "sai mật khẩu 3 lần" in page
    assert "15 phút" in page
    # Even the right password is refused while the lockout lasts.
    response = _post_login(client, "head_a", "pass-1234")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_username_and_address(client, cast, limit):
    for _ in range(limit):
        _post_login(client, "head_a", "wrong", ip="10.0.0.7")
    # A colleague behind the same office address can still sign in ...
    assert _post_login(client, "head_b", "pass-1234", ip="10.0.0.7").status_code == 302
    client.logout()
    # ... and so can head_a from another machine.
    assert _post_login(client, "head_a", "pass-1234", ip="10.0.0.8").status_code == 302


def test_a_forged_forwarded_for_header_does_not_dodge_the_lockout(client, cast, limit):
    for n in range(limit):
        response = client.post(
            LOGIN,
            {"username": "head_a", "password": "wrong"},
            REMOTE_ADDR="10.0.0.7",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        )
    assert response.status_code == 429


def test_behind_proxy_the_address_the_proxy_appended_counts(client, cast, limit, settings):
    settings.DONDOC_TRUSTED_PROXIES = 1
    for n in range(limit):
        response = client.post(
            LOGIN,
            {"username": "head_a", "password": "wrong"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 10.0.0.7",  # forged part first, proxy's hop last
        )
    assert response.status_code == 429
    assert AccessAttempt.objects.get().ip_address == "10.0.0.7"


def test_success_resets_the_failure_count(client, cast, limit):
    for _ in range(limit - 1):
        _post_login(client, "head_a", "wrong")
    assert _post_login(client, "head_a", "pass-1234").status_code == 302
    client.logout()
    for _ in range(limit - 1):
        assert _post_login(client, "head_a", "wrong").status_code == 200


def test_force_login_and_client_login_still_work(client, cast):
    client.force_login(cast.head_a)
    assert client.get("/").status_code == 200
    client.logout()
    assert client.login(username="head_a", password="pass-1234")
    assert client.get("/").status_code == 200


def test_login_logout_and_failure_are_logged(client, cast, caplog):
    caplog.set_level(logging.INFO, logger="dondoc.auth")
    _post_login(client, "head_a", "wrong")
    _post_login(client, "head_a", "pass-1234")
    client.post("/dang-xuat/", REMOTE_ADDR="10.0.0.7")
    events = [
        (r.event, getattr(r, "username", None), r.ip) for r in caplog.records if r.name == "dondoc.auth"
    ]
    assert events == [
        ("login_failed", "head_a", "10.0.0.7"),
        ("login", "head_a", "10.0.0.7"),
        ("logout", "head_a", "10.0.0.7"),
    ]
    assert all("wrong" not in r.getMessage() and "pass-1234" not in r.getMessage() for r in caplog.records)


def test_session_expires_after_the_configured_age(client, cast, settings):
    _post_login(client, "head_a", "pass-1234")
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE == 8 * 3600


# --- administrators can deactivate users -----------------------------------------


def test_admin_deactivates_users_and_they_can_no_longer_sign_in(client, cast, caplog):
    caplog.set_level(logging.INFO, logger="dondoc.auth")
    other = Client()
    other.force_login(cast.head_b)
    client.force_login(cast.admin)
    response = client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "deactivate_users", "_selected_action": [cast.head_b.pk, cast.specialist_a.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "Đã khóa 2 tài khoản." in response.content.decode()
    User = get_user_model()
    assert set(User.objects.filter(is_active=False).values_list("username", flat=True)) == {
        "head_b",
        "specialist_a",
    }
    # The open session stops working and a new login is refused.
    assert other.get("/").status_code == 302
    assert _post_login(Client(), "head_b", "pass-1234").status_code == 200
    deactivated = sorted(r.user_id for r in caplog.records if getattr(r, "event", "") == "user_deactivated")
    assert deactivated == sorted([cast.head_b.pk, cast.specialist_a.pk])


def test_admin_cannot_deactivate_themself(client, cast):
    client.force_login(cast.admin)
    client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "deactivate_users", "_selected_action": [cast.admin.pk]},
    )
    cast.admin.refresh_from_db()
    assert cast.admin.is_active


def test_only_administrators_reach_the_user_admin(client, cast):
    client.force_login(cast.chairman)
    response = client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "deactivate_users", "_selected_action": [cast.head_b.pk]},
    )
    assert response.status_code == 302  # to the admin login
    cast.head_b.refresh_from_db()
    assert cast.head_b.is_active
