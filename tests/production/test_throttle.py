"""Password spraying and distributed attempts are slowed down (HTTP 429 + Retry-After), an office
behind one NAT address is not, and the demo's shared password opens nothing with DEBUG off."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from config.auth import DEMO_PASSWORD
from config.security_checks import demo_password_not_in_production, demo_usernames
from units.demo import DEMO_PASSWORD as SEEDED_DEMO_PASSWORD

LOGIN = "/dang-nhap/"
START = dt.datetime(2026, 12, 7, 1, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def fresh_counters():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def _post(client, username, password, ip="10.0.0.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def _users(n: int) -> list[str]:
    User = get_user_model()
    names = [f"canbo{i:02d}" for i in range(n)]
    for name in names:
        User.objects.create_user(name, password="pass-1234")
    return names


@pytest.mark.django_db
def test_ten_usernames_one_wrong_password_each_from_one_address_are_throttled(client, clock):
    statuses = [_post(client, name, "Mua-thu-2026").status_code for name in _users(10)]
    assert statuses[:5] == [200] * 5  # ordinary "wrong password" form errors
    assert 429 in statuses
    throttled = _post(client, "canbo00", "pass-1234")  # even the right password must wait
    assert throttled.status_code == 429
    assert int(throttled["Retry-After"]) > 0
    assert "thử lại sau" in throttled.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_slowed_down_not_locked_out(client, clock):
    names = _users(6)
    for name in names:
        _post(client, name, "wrong")
    response = _post(client, names[0], "pass-1234")
    assert response.status_code == 429
    clock.shift(int(response["Retry-After"]) + 1)
    assert _post(client, names[0], "pass-1234").status_code == 302


@pytest.mark.django_db
def test_an_office_behind_one_address_is_not_slowed_by_a_few_typos(client, clock):
    names = _users(8)
    for name in names[:4]:  # four colleagues mistype once each, then sign in
        assert _post(client, name, "wrong").status_code == 200
        assert _post(client, name, "pass-1234").status_code == 302
        client.logout()
    for name in names[4:]:  # the rest of the office signs in normally
        assert _post(client, name, "pass-1234").status_code == 302
        client.logout()


@pytest.mark.django_db
def test_failures_per_address_across_few_usernames_are_capped(client, clock, settings):
    settings.LOGIN_IP_FAILURE_LIMIT = 6
    settings.AXES_FAILURE_LIMIT = 100  # isolate the per-address rule from axes' per-pair lockout
    names = _users(2)
    statuses = [_post(client, names[i % 2], "wrong").status_code for i in range(8)]
    assert statuses[:6] == [200] * 6 and statuses[6] == 429


@pytest.mark.django_db
def test_a_distributed_attempt_is_slowed_site_wide(client, clock, settings):
    settings.LOGIN_SITE_FAILURES_PER_MINUTE = 5
    names = _users(1)
    statuses = [_post(client, names[0], "wrong", ip=f"10.1.0.{i}").status_code for i in range(1, 8)]
    assert statuses[:5] == [200] * 5 and 429 in statuses[5:]
    clock.shift(120)  # the rate falls back below the cap
    assert _post(client, names[0], "pass-1234", ip="10.1.0.99").status_code == 302


@pytest.mark.django_db
def test_demo_password_refused_when_not_allowed(client, settings):
    assert DEMO_PASSWORD == SEEDED_DEMO_PASSWORD
    get_user_model().objects.create_user("chutich", password=DEMO_PASSWORD)
    settings.DEMO_PASSWORD_ALLOWED = False
    assert _post(client, "chutich", DEMO_PASSWORD).status_code == 200
    assert "_auth_user_id" not in client.session
    settings.DEMO_PASSWORD_ALLOWED = True
    assert _post(client, "chutich", DEMO_PASSWORD).status_code == 302


@pytest.mark.django_db
def test_system_check_fails_while_a_demo_account_keeps_the_demo_password(settings):
    assert "chutich" in demo_usernames()
    user = get_user_model().objects.create_user("chutich", password=DEMO_PASSWORD)
    settings.DEMO_PASSWORD_ALLOWED = False
    errors = demo_password_not_in_production()
    assert [e.id for e in errors] == ["dondoc.E001"] and "chutich" in errors[0].msg
    with pytest.raises(SystemCheckError):
        call_command("check")
    user.set_password("Mot-mat-khau-that-2026")
    user.save()
    assert demo_password_not_in_production() == []
    settings.DEMO_PASSWORD_ALLOWED = True
    user.set_password(DEMO_PASSWORD)
    user.save()
    assert demo_password_not_in_production() == []
