"""One unit's task list (/nhiem-vu/don-vi/): which rows, in which order, with which filters.

The list is read as the union of the tasks the unit leads and the ids in the cooperating
units' table; these tests pin the rows it shows so that any rewrite of that query must keep
them (lead, cooperation, both, neither; the role filter; the order and the pages)."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from tasks import selectors
from tasks.models import Task
from tests.factories import TaskFactory

TODAY = dt.date(2026, 11, 20)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC), tick=False):
        yield


def shown(response) -> list[int]:
    """The task ids of the rendered rows, top to bottom."""
    assert response.status_code == 200
    return [int(pk) for pk in re.findall(r'<tr data-task="(\d+)"', response.content.decode())]


def count_line(response) -> str:
    return re.search(r'aria-live="polite">([^<]*)<', response.content.decode()).group(1).strip()


@pytest.fixture
def rows(cast):
    """Unit B leads some tasks, cooperates on others, both on one; others are not B's."""
    b = cast.unit_b
    led = [
        TaskFactory(lead_unit=b, deadline=dt.date(2026, 12, 5), title="B chủ trì 1"),
        TaskFactory(lead_unit=b, deadline=None, deadline_text="Thường xuyên", title="B chủ trì 2"),
        TaskFactory(lead_unit=b, deadline=dt.date(2026, 11, 1), title="B chủ trì 3"),
    ]
    coop = []
    for day, title in ((dt.date(2026, 12, 5), "B phối hợp 1"), (dt.date(2026, 10, 1), "B phối hợp 2")):
        task = TaskFactory(lead_unit=cast.unit_a, deadline=day, title=title)
        task.cooperating_units.add(b, cast.commune)  # a second cooperating unit: no duplicate row
        coop.append(task)
    both = TaskFactory(lead_unit=b, deadline=dt.date(2026, 11, 25), title="B chủ trì và phối hợp")
    both.cooperating_units.add(b)
    others = TaskFactory(lead_unit=cast.unit_a, deadline=dt.date(2026, 11, 2), title="Của A")
    others.cooperating_units.add(cast.commune)
    TaskFactory(lead_unit=cast.commune, title="Của xã")
    series = TaskFactory(
        lead_unit=b, kind=Task.Kind.RECURRING, recurrence_rule="FREQ=MONTHLY", title="Chuỗi định kỳ"
    )
    series.cooperating_units.add(b)
    return {"led": led, "coop": coop, "both": both}


def by_deadline(tasks) -> list[int]:
    return [t.pk for t in sorted(tasks, key=lambda t: (t.deadline is None, t.deadline or TODAY, t.pk))]


@pytest.mark.django_db
def test_all_role_lists_led_and_cooperating_once_each_in_deadline_order(client, cast, rows):
    client.force_login(cast.head_b)
    response = client.get(reverse("tasks:unit"))
    expected = by_deadline([*rows["led"], *rows["coop"], rows["both"]])
    assert shown(response) == expected
    assert count_line(response).startswith("6 ")


@pytest.mark.django_db
def test_role_lead_and_role_coop(client, cast, rows):
    client.force_login(cast.head_b)
    lead = client.get(reverse("tasks:unit"), {"role": "lead"})
    assert shown(lead) == by_deadline([*rows["led"], rows["both"]])
    assert count_line(lead).startswith("4 ")
    coop = client.get(reverse("tasks:unit"), {"role": "coop"})
    assert shown(coop) == by_deadline([*rows["coop"], rows["both"]])
    assert count_line(coop).startswith("3 ")


@pytest.mark.django_db
def test_filters_and_sorting_apply_on_top_of_the_union(client, cast, rows):
    client.force_login(cast.head_b)
    overdue = client.get(reverse("tasks:unit"), {"category": "overdue"})
    assert shown(overdue) == [rows["coop"][1].pk, rows["led"][2].pk]
    by_title = client.get(reverse("tasks:unit"), {"sort": "-title"})
    everything = [*rows["led"], *rows["coop"], rows["both"]]
    assert shown(by_title) == [t.pk for t in sorted(everything, key=lambda t: t.title, reverse=True)]
    led_by_a = client.get(reverse("tasks:unit"), {"unit": cast.unit_a.pk})
    assert shown(led_by_a) == by_deadline(rows["coop"])


@pytest.mark.django_db
def test_pages_do_not_overlap_and_keep_the_order(client, cast):
    tasks = []
    for i in range(30):
        task = TaskFactory(
            lead_unit=cast.unit_b if i % 3 else cast.unit_a, deadline=dt.date(2026, 12, 1 + i % 4)
        )
        if i % 3 == 0:
            task.cooperating_units.add(cast.unit_b)
        tasks.append(task)
    client.force_login(cast.head_b)
    first = shown(client.get(reverse("tasks:unit")))
    second = shown(client.get(reverse("tasks:unit"), {"page": 2}))
    assert len(first) == 25 and first + second == by_deadline(tasks)


@pytest.mark.django_db
def test_selector_matches_the_lead_or_cooperates_definition(cast, rows):
    b = cast.unit_b.pk
    for role, rule in (
        ("", lambda t: t.lead_unit_id == b or b in {u.pk for u in t.cooperating_units.all()}),
        ("lead", lambda t: t.lead_unit_id == b),
        ("coop", lambda t: b in {u.pk for u in t.cooperating_units.all()}),
    ):
        got = list(selectors.task_list_for_units(unit_ids=[b], role=role).values_list("pk", flat=True))
        want = [t.pk for t in Task.objects.prefetch_related("cooperating_units") if rule(t)]
        assert sorted(got) == sorted(want) and len(got) == len(set(got)), role


@pytest.mark.django_db
def test_a_user_without_a_unit_sees_an_empty_list(client, cast, rows):
    client.force_login(cast.nobody)
    response = client.get(reverse("tasks:unit"))
    assert shown(response) == []
