"""Rows for the dashboard tests: a frozen today and a dataset whose every row is
labelled with the category the test expects, so expected counts come from the labels."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

import pytest
import time_machine

from tasks.models import ExtensionRequest, ProgressUpdate, Task
from tests.factories import DirectiveFactory, TaskFactory

TODAY = dt.date(2026, 6, 15)  # a Monday; 3 working days later is Thursday 18/06 (no holiday)
DAY = dt.timedelta(days=1)


@pytest.fixture
def today():
    with time_machine.travel(dt.datetime(2026, 6, 15, 2, 0, tzinfo=dt.UTC), tick=False):
        yield TODAY


def make(unit, *, deadline, done_on=None, status=None, **extra) -> Task:
    """A task led by ``unit``; ``done_on`` makes it done on that day."""
    if done_on is not None:
        status = Task.Status.DONE
    return TaskFactory(
        lead_unit=unit,
        deadline=deadline,
        original_deadline=deadline,
        status=status or Task.Status.OPEN,
        completed_on=done_on,
        **extra,
    )


def note(task: Task, text: str, *, minutes: int = 0, contribution: bool = False) -> ProgressUpdate:
    update = ProgressUpdate.objects.create(
        task=task, unit=task.lead_unit, note=text, author=None, is_contribution=contribution
    )
    if minutes:
        ProgressUpdate.objects.filter(pk=update.pk).update(
            created_at=dt.datetime(2026, 6, 1, 8, minutes, tzinfo=dt.UTC)
        )
    return update


@dataclass
class World:
    tasks: dict[str, list[tuple[Task, str]]] = field(default_factory=dict)  # unit key -> (task, label)
    directive_x: object = None
    directive_y: object = None

    def labels(self, *keys: str) -> Counter:
        keys = keys or tuple(self.tasks)
        return Counter(label for k in keys for _t, label in self.tasks[k])

    def all(self) -> list[tuple[Task, str]]:
        return [pair for pairs in self.tasks.values() for pair in pairs]


@pytest.fixture
def world(cast, today) -> World:
    """unit A, unit B and a commune with tasks in every category (labels = expected category)."""
    x = DirectiveFactory(number="11", symbol="KH-UBND")
    y = DirectiveFactory(number="22", symbol="CV-UBND")
    w = World(directive_x=x, directive_y=y)
    t = TODAY
    a = [
        (make(cast.unit_a, deadline=t - 3 * DAY, directive=x, title="A quá hạn 3 ngày"), "overdue"),
        (make(cast.unit_a, deadline=t - 40 * DAY, directive=x, title="A quá hạn 40 ngày"), "overdue"),
        (make(cast.unit_a, deadline=t + DAY, directive=x), "due_soon"),
        (make(cast.unit_a, deadline=t + 3 * DAY, directive=y), "due_soon"),  # Thu 18/06: last due-soon day
        (make(cast.unit_a, deadline=t + 30 * DAY, directive=y), "in_time"),
        (make(cast.unit_a, deadline=None, kind=Task.Kind.CONTINUOUS, directive=y), "in_time"),
        (make(cast.unit_a, deadline=t - 10 * DAY, done_on=t - 12 * DAY, directive=x), "done_on_time"),
        (make(cast.unit_a, deadline=t + 5 * DAY, done_on=t - DAY, directive=x), "done_on_time"),
        (make(cast.unit_a, deadline=t - 20 * DAY, done_on=t - 5 * DAY, directive=x), "done_late"),
        (make(cast.unit_a, deadline=t - 2 * DAY, status=Task.Status.PAUSED, directive=x), "paused"),
        (make(cast.unit_a, deadline=t - 2 * DAY, status=Task.Status.CANCELLED, directive=x), "cancelled"),
    ]
    # A recurring series template: never counted anywhere.
    make(
        cast.unit_a,
        deadline=None,
        kind=Task.Kind.RECURRING,
        recurrence_rule="FREQ=MONTHLY",
        directive=x,
        title="Mẫu định kỳ",
    )
    b = [
        (make(cast.unit_b, deadline=t - 100 * DAY, directive=y, title="B quá hạn 100 ngày"), "overdue"),
        (make(cast.unit_b, deadline=t - 30 * DAY, done_on=t - 30 * DAY, directive=y), "done_on_time"),
        (make(cast.unit_b, deadline=t - 60 * DAY, done_on=t - 61 * DAY, directive=y), "done_on_time"),
        (make(cast.unit_b, deadline=t - 5 * DAY, done_on=t - 6 * DAY, directive=x), "done_on_time"),
    ]
    c = [
        (make(cast.commune, deadline=t - 50 * DAY, done_on=t - 45 * DAY, directive=y), "done_late"),
        (make(cast.commune, deadline=t - DAY, directive=y, title="Xã quá hạn 1 ngày"), "overdue"),
    ]
    w.tasks = {"a": a, "b": b, "c": c}
    old = note(a[0][0], "Ghi chú cũ", minutes=1)
    newer = note(a[0][0], "Đang chờ số liệu của các xã", minutes=30)
    note(a[0][0], "Ý kiến phối hợp mới nhất", minutes=59, contribution=True)  # not the lead unit's note
    assert old.pk < newer.pk
    ExtensionRequest.objects.create(
        task=a[0][0], current_deadline=a[0][0].deadline, requested_deadline=t + 10 * DAY, reason="Chờ số liệu"
    )
    ExtensionRequest.objects.create(
        task=b[0][0], current_deadline=b[0][0].deadline, requested_deadline=t + 10 * DAY, reason="Thiếu người"
    )
    return w


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The dashboard caches its aggregates under a data-version key; ids repeat between
    rolled-back tests, so every test starts from an empty cache."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
