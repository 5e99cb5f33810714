"""The status filter of the task lists against the one definition of the categories."""

import datetime as dt
import itertools
import re

import pytest
import time_machine
from django.urls import reverse

from tasks.models import Task
from tasks.status import StatusContext, category_of
from tests.factories import TaskFactory

TODAY = dt.date(2026, 11, 20)  # a Friday


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def tasks(cast):
    made = []
    for deadline in (
        None,
        TODAY - dt.timedelta(days=30),
        TODAY,
        TODAY + dt.timedelta(days=2),
        TODAY + dt.timedelta(days=60),
    ):
        for status in ("open", "paused", "cancelled"):
            made.append(
                TaskFactory(
                    deadline=deadline,
                    status=status,
                    kind=Task.Kind.CONTINUOUS if deadline is None else Task.Kind.ONCE,
                )
            )
        if deadline is not None:
            made.append(TaskFactory(deadline=deadline, status="done", completed_on=deadline))
            made.append(
                TaskFactory(deadline=deadline, status="done", completed_on=deadline + dt.timedelta(days=1))
            )
    made.append(TaskFactory(deadline=None, status="done", completed_on=TODAY, kind=Task.Kind.CONTINUOUS))
    return made


def shown(response) -> set[int]:
    assert response.status_code == 200
    return {int(pk) for pk in re.findall(r'<tr data-task="(\d+)"', response.content.decode())}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "chosen",
    [
        ("overdue", "due_soon", "in_time"),
        ("in_time", "overdue", "due_soon", "done_late"),
        ("overdue", "due_soon", "in_time", "paused", "cancelled", "done_on_time", "done_late"),
        ("overdue", "in_time"),
        ("due_soon",),
        ("done_on_time", "paused"),
    ],
)
def test_category_filter_lists_exactly_the_tasks_in_the_chosen_categories(client, cast, tasks, chosen):
    ctx = StatusContext.for_today()
    want = {t.pk for t in tasks if category_of(t, ctx) in set(chosen)}
    client.force_login(cast.chairman)
    assert shown(client.get(reverse("tasks:list"), {"category": list(chosen), "per_page": 100})) == want


@pytest.mark.django_db
def test_every_open_category_counts_every_open_task(client, cast, tasks):
    client.force_login(cast.chairman)
    response = client.get(reverse("tasks:list"), {"category": ["due_soon", "in_time", "overdue"]})
    open_tasks = sum(1 for t in tasks if t.status == "open")
    assert f"{open_tasks} nhiệm vụ" in response.content.decode()
    for a, b in itertools.combinations(["due_soon", "in_time", "overdue"], 2):
        shown_ab = shown(client.get(reverse("tasks:list"), {"category": [a, b]}))
        shown_a = shown(client.get(reverse("tasks:list"), {"category": [a]}))
        shown_b = shown(client.get(reverse("tasks:list"), {"category": [b]}))
        assert shown_ab == shown_a | shown_b and not shown_a & shown_b
