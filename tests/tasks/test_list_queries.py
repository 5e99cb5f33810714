"""The task lists read a fixed number of queries, whatever the number of tasks and rows."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import TaskFactory


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC), tick=False):
        yield


def queries(client, url, **params) -> int:
    client.get(url, params)  # warm: the session, the calendar
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured)


def make(cast, count):
    for i in range(count):
        task = TaskFactory(
            lead_unit=cast.unit_b if i % 2 else cast.commune,
            assignee=cast.specialist_a if i % 3 else None,
            deadline=dt.date(2026, 11, 1 + i % 20),
        )
        if i % 4 == 0:
            task.cooperating_units.add(cast.unit_b, cast.unit_a)


PAGES = [
    ("chairman", "tasks:list", {"category": ["overdue", "due_soon", "in_time"]}),
    ("office", "tasks:list", {"sort": "-lead_unit", "page": "2"}),
    ("head_b", "tasks:unit", {}),
    ("head_b", "tasks:unit", {"role": "coop", "sort": "assignee"}),
    ("specialist_a", "tasks:mine", {}),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("who", "name", "params"), PAGES)
def test_query_count_is_the_same_for_3_and_60_tasks(client, cast, who, name, params):
    client.force_login(getattr(cast, who))
    make(cast, 3)
    few = queries(client, reverse(name), **params)
    make(cast, 57)
    many = queries(client, reverse(name), **params)
    assert few == many
    assert many <= 10  # session, user, roles, units/directives for the filters, count, page, nav
