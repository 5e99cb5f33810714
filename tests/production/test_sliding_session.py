"""A session lasts SESSION_COOKIE_AGE (8 h) after the last activity, not after the sign-in,
and page views do not save it on every request (config.middleware.SlidingSessionMiddleware)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

START = dt.datetime(2026, 3, 2, 7, 30, tzinfo=dt.UTC)


def signed_in(client) -> bool:
    response = client.get(reverse("home"))
    return response.status_code == 200 and "login" not in response.get("Location", "")


def session_writes(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("home"))
    return sum(
        1
        for q in queries.captured_queries
        if "django_session" in q["sql"] and q["sql"].lstrip().startswith(("UPDATE", "INSERT"))
    )


@pytest.mark.django_db
def test_someone_working_all_day_stays_signed_in_and_an_idle_session_ends(client, cast, settings):
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(cast.head_a)
        assert signed_in(client)
        assert session_writes(client) == 0  # stamped at sign-in
        for _ in range(10):  # a page every hour until 17:30
            clock.shift(dt.timedelta(hours=1))
            assert signed_in(client)
        idle = client.__class__()
        idle.force_login(cast.head_b)
        clock.shift(dt.timedelta(hours=8, minutes=1))
        assert not signed_in(idle)
        assert not signed_in(client)  # 8 h after its last activity


@pytest.mark.django_db
def test_page_views_save_the_session_only_once_half_its_age_has_passed(client, cast):
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(cast.head_a)
        client.get(reverse("home"))
        clock.shift(dt.timedelta(hours=3, minutes=59))
        assert session_writes(client) == 0
        clock.shift(dt.timedelta(minutes=2))
        assert session_writes(client) == 1
        assert session_writes(client) == 0
