"""The task page reads the working-day calendar from the process's copy (no query), and a
change to the calendar shows on the very next page."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from deadlines.models import CalendarOverride
from tests.factories import TaskFactory

TUESDAY = dt.date(2026, 3, 10)


def _calendar_queries(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if "deadlines_calendaroverride" in q["sql"]]


@pytest.mark.django_db(transaction=True)
def test_a_new_day_off_shows_on_the_next_task_page(shared_cache, client, cast, django_assert_max_num_queries):
    task = TaskFactory(lead_unit=cast.unit_a, deadline=TUESDAY, original_deadline=TUESDAY)
    client.force_login(cast.chairman)
    with time_machine.travel(dt.datetime(2026, 3, 2, 3, 0, tzinfo=dt.UTC), tick=False):
        assert "deadline-policy-note" not in client.get(task.get_absolute_url()).content.decode()
        with django_assert_max_num_queries(20) as queries:
            client.get(task.get_absolute_url())
        assert _calendar_queries(queries) == []  # kept from the first page
        override = CalendarOverride.objects.create(date=TUESDAY, is_working_day=False, reason="Bầu cử")
        body = client.get(task.get_absolute_url()).content.decode()
        assert "deadline-policy-note" in body and "Bầu cử" in body
        override.delete()
        assert "deadline-policy-note" not in client.get(task.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_the_page_reads_the_calendar_once(client, cast, task_a, django_assert_max_num_queries):
    """Without a shared cache (development) the calendar is read on each page: once, not
    once for the status and again for the deadline's note."""
    client.force_login(cast.chairman)
    with django_assert_max_num_queries(20) as queries:
        client.get(task_a.get_absolute_url())
    assert len(_calendar_queries(queries)) == 1
