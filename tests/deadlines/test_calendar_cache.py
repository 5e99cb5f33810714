"""The working-day calendar is kept across requests (deadlines.workdays.get_calendar) and
stays exact: a change to the overrides takes effect at the next call, committed or not,
on every app server (the version token lives in the shared cache)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction

from deadlines import workdays
from deadlines.models import CalendarOverride
from deadlines.workdays import get_calendar

D = dt.date
ELECTION = D(2026, 3, 10)  # a Tuesday, an ordinary working day in the national calendar


def _off(day: dt.date) -> bool:
    return not get_calendar().is_working_day(day)


@pytest.mark.django_db(transaction=True)
def test_calendar_is_read_once_then_kept(shared_cache, django_assert_num_queries):
    with django_assert_num_queries(1):
        first = get_calendar()
    with django_assert_num_queries(0):
        assert get_calendar() is first


@pytest.mark.django_db(transaction=True)
def test_a_change_takes_effect_at_once(shared_cache, django_assert_num_queries):
    assert not _off(ELECTION)
    override = CalendarOverride.objects.create(date=ELECTION, is_working_day=False, reason="Bầu cử")
    with django_assert_num_queries(1):
        assert _off(ELECTION)
        assert get_calendar().day_off_reason(ELECTION) == "Bầu cử"
    override.reason = "Bầu cử đại biểu"
    override.save()
    assert get_calendar().day_off_reason(ELECTION) == "Bầu cử đại biểu"
    override.delete()
    assert not _off(ELECTION)


@pytest.mark.django_db(transaction=True)
def test_a_change_through_the_admin_takes_effect_at_once(shared_cache, client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "x")
    client.force_login(admin)
    assert not _off(ELECTION)
    response = client.post(
        "/admin/deadlines/calendaroverride/add/",
        {"date": "10/03/2026", "is_working_day": "", "reason": "Bầu cử", "source_document": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert _off(ELECTION)
    pk = CalendarOverride.objects.get().pk
    response = client.post(f"/admin/deadlines/calendaroverride/{pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not _off(ELECTION)


@pytest.mark.django_db(transaction=True)
def test_a_change_made_on_another_server_is_seen(shared_cache, django_assert_num_queries):
    """Another server's process writes the row and announces it in the shared cache; this
    process, holding the calendar it read before, reads it again."""
    get_calendar()
    # a write this process's signals do not see (as on another server, or a bulk update)
    CalendarOverride.objects.bulk_create([CalendarOverride(date=ELECTION, is_working_day=False, reason="x")])
    assert not _off(ELECTION)  # not announced yet: the process keeps what it read
    workdays.calendar_changed()  # what the other server's commit does
    assert _off(ELECTION)


@pytest.mark.django_db(transaction=True)
def test_inside_the_writing_transaction_and_after_a_rollback(shared_cache):
    get_calendar()
    with pytest.raises(RuntimeError), transaction.atomic():
        CalendarOverride.objects.create(date=ELECTION, is_working_day=False, reason="Bầu cử")
        assert _off(ELECTION)  # the writer sees its own change before the commit
        raise RuntimeError("rolled back")
    assert not CalendarOverride.objects.exists()
    assert not _off(ELECTION)
    with transaction.atomic():
        CalendarOverride.objects.create(date=ELECTION, is_working_day=False, reason="Bầu cử")
    assert _off(ELECTION)


@pytest.mark.django_db(transaction=True)
def test_a_lost_version_token_means_reading_again(shared_cache, django_assert_num_queries):
    from django.core.cache import cache

    get_calendar()
    cache.clear()  # eviction, or a restarted Redis
    with django_assert_num_queries(1):
        get_calendar()


@pytest.mark.django_db
def test_a_cache_of_one_process_is_not_trusted(django_assert_num_queries):
    """LocMemCache (development): another process (qcluster) would never hear of a change,
    so every call reads the overrides."""
    with django_assert_num_queries(1):
        get_calendar()
    with django_assert_num_queries(1):
        get_calendar()


@pytest.mark.django_db
def test_in_a_test_transaction_changes_are_seen_at_once(shared_cache):
    """pytest's transaction is never committed: the writer's thread reads the database."""
    assert not _off(ELECTION)
    CalendarOverride.objects.create(date=ELECTION, is_working_day=False, reason="Bầu cử")
    assert _off(ELECTION)
