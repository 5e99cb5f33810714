"""The cast: one user per role, each with the units they belong to.

office      – Văn phòng clerk (enters directives, assigns tasks)
chairman    – head of the leadership unit;  vice – a vice-chairman
head_a      – head of unit A;  deputy_a – deputy of unit A;  specialist_a – specialist in A
head_b      – head of unit B (the outsider for A's tasks)
admin       – superuser
nobody      – signed in, no unit
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from tests.factories import MembershipFactory, TaskFactory, UnitFactory, UserFactory
from units.models import Membership, Unit


def pytest_collection_modifyitems(config, items):
    """Tests marked ``slow`` run only when the -m expression names them (``-m slow``);
    .ci/run runs them once. ``make test`` and everyday runs skip them."""
    if "slow" in (config.getoption("markexpr") or ""):
        return
    skip = pytest.mark.skip(reason="slow: run with -m slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """PBKDF2 costs ~0.3 s a user; the cast has nine."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class Cast:
    leadership: Unit
    office_unit: Unit
    unit_a: Unit
    unit_b: Unit
    commune: Unit
    office: object
    chairman: object
    vice: object
    head_a: object
    deputy_a: object
    specialist_a: object
    head_b: object
    admin: object
    nobody: object

    def users(self) -> dict[str, object]:
        return {
            "office": self.office,
            "chairman": self.chairman,
            "vice": self.vice,
            "head_a": self.head_a,
            "deputy_a": self.deputy_a,
            "specialist_a": self.specialist_a,
            "head_b": self.head_b,
            "admin": self.admin,
            "nobody": self.nobody,
        }


@pytest.fixture
def cast(db) -> Cast:
    leadership = UnitFactory(name="Lãnh đạo UBND huyện", short_name="Lãnh đạo", kind=Unit.Kind.LEADERSHIP)
    office_unit = UnitFactory(name="Văn phòng HĐND và UBND huyện", short_name="VP", kind=Unit.Kind.OFFICE)
    unit_a = UnitFactory(name="Phòng Nội vụ", short_name="Nội vụ")
    unit_b = UnitFactory(name="Phòng Tư pháp", short_name="Tư pháp")
    commune = UnitFactory(name="UBND xã Đức Chánh", short_name="Đức Chánh", kind=Unit.Kind.COMMUNE)

    def member(username: str, unit: Unit, role: str, **extra):
        user = UserFactory(username=username, **extra)
        MembershipFactory(user=user, unit=unit, role=role)
        return user

    R = Membership.Role
    return Cast(
        leadership=leadership,
        office_unit=office_unit,
        unit_a=unit_a,
        unit_b=unit_b,
        commune=commune,
        office=member("office", office_unit, R.CLERK),
        chairman=member("chairman", leadership, R.HEAD),
        vice=member("vice", leadership, R.DEPUTY),
        head_a=member("head_a", unit_a, R.HEAD),
        deputy_a=member("deputy_a", unit_a, R.DEPUTY),
        specialist_a=member("specialist_a", unit_a, R.SPECIALIST),
        head_b=member("head_b", unit_b, R.HEAD),
        admin=UserFactory(username="admin", is_superuser=True, is_staff=True),
        nobody=UserFactory(username="nobody"),
    )


@pytest.fixture
def task_a(cast: Cast):
    """An open task led by unit A, cooperating unit B, assigned to specialist_a."""
    task = TaskFactory(lead_unit=cast.unit_a, assignee=cast.specialist_a, deadline=dt.date(2026, 12, 31))
    task.cooperating_units.add(cast.unit_b)
    return task


@pytest.fixture
def shared_cache(settings, tmp_path):
    """A cache that several processes share, as Redis is in production (files need no server):
    the working-day calendar trusts only such a cache (deadlines.workdays.get_calendar)."""
    from deadlines import workdays

    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        },
    }
    workdays._memo = None
    workdays._pending.changed = False
    yield
    workdays._memo = None
    workdays._pending.changed = False


@pytest.fixture
def redis_url() -> str:
    """The Redis database tests may use (TEST_REDIS_URL, by default db 15 on 127.0.0.1:6379);
    the test is skipped when no Redis answers there."""
    import os
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        pytest.skip("Redis is not reachable on 127.0.0.1:6379")
    return os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
