"""The dashboard's running tally (tasks.dashboard.tally) equals a full recount after random
writes of every kind (services, bulk ORM updates, deletes) and after the date moves on."""

from __future__ import annotations

import datetime as dt
import random

import pytest
import time_machine
from django.core.cache import cache

from tasks import services
from tasks.dashboard import selectors, tally
from tasks.dashboard.selectors import DashboardFilters
from tasks.models import Task
from tasks.status import StatusContext
from tests.dashboard.conftest import DAY, TODAY, make

pytestmark = pytest.mark.django_db


def _at(day: dt.date):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 3, 0, tzinfo=dt.UTC), tick=False)


def _check(day: dt.date) -> None:
    ctx = StatusContext.for_date(day)
    tally.read(ctx)  # rebuilds if the day moved on
    expected = {key: n for key, n in tally.recount(ctx).items() if n}
    assert tally.current() == expected


def _random_writes(rng: random.Random, cast, day: dt.date, rounds: int) -> None:
    units = [cast.unit_a, cast.unit_b, cast.commune]
    for i in range(rounds):
        tasks = list(Task.objects.exclude(kind=Task.Kind.RECURRING).order_by("pk"))
        task = rng.choice(tasks)
        roll = rng.random()
        if roll < 0.15:
            services.task_create(
                actor=cast.office,
                title=f"Việc mới {i}",
                lead_unit=rng.choice(units),
                deadline=day + rng.randint(-20, 20) * DAY,
            )
        elif roll < 0.3 and task.status == Task.Status.OPEN:
            services.task_complete(task=task, actor=cast.office, completed_on=day - rng.randint(0, 9) * DAY)
        elif roll < 0.4 and task.status == Task.Status.OPEN:
            services.task_pause(task=task, actor=cast.chairman, reason="Chờ kinh phí")
        elif roll < 0.5 and task.status in (Task.Status.DONE, Task.Status.PAUSED):
            services.task_reopen(task=task, actor=cast.chairman, reason="Làm lại")
        elif roll < 0.65:
            # a bulk ORM write that bypasses the services (admin action, script)
            Task.objects.filter(pk=task.pk).update(deadline=day + rng.randint(-40, 40) * DAY)
        elif roll < 0.75:
            Task.objects.filter(pk=task.pk).update(lead_unit=rng.choice(units))
        elif roll < 0.8:
            Task.objects.filter(pk=task.pk, status=Task.Status.OPEN).update(kind=Task.Kind.CONTINUOUS)
        elif roll < 0.85 and not task.events.exists():
            task.delete()
        else:
            Task.objects.filter(pk=task.pk).update(progress=rng.randint(0, 90))  # no category change


def test_tally_equals_a_full_recount_after_random_writes_and_date_changes(cast):
    rng = random.Random(2026)
    with _at(TODAY):
        for k in range(30):
            done = k % 3 == 0
            make(
                rng.choice([cast.unit_a, cast.unit_b, cast.commune]),
                deadline=TODAY + rng.randint(-60, 30) * DAY,
                done_on=TODAY - rng.randint(0, 70) * DAY if done else None,
            )
        make(cast.unit_a, deadline=None)
        _check(TODAY)  # built here
        _random_writes(rng, cast, TODAY, 60)
        _check(TODAY)
    # Friday → Monday: tasks move from "sắp đến hạn" to "quá hạn" without any write
    for day in (TODAY + 4 * DAY, TODAY + 7 * DAY, TODAY + 38 * DAY):
        with _at(day):
            state = tally.TaskTallyState.objects.get(pk=1)
            assert state.as_of != day
            _check(day)
            _random_writes(rng, cast, day, 25)
            _check(day)


def test_writes_before_the_tally_is_built_are_counted_when_it_is(cast, today):
    make(cast.unit_a, deadline=TODAY - DAY)
    ctx = StatusContext.for_date(TODAY)
    assert tally.read(ctx).units[cast.unit_a.pk]["overdue"] == 1
    make(cast.unit_a, deadline=TODAY - 2 * DAY)  # through the trigger now
    assert tally.read(ctx).units[cast.unit_a.pk]["overdue"] == 2


def test_progress_only_updates_do_not_touch_the_tally(cast, today, django_assert_num_queries):
    task = make(cast.unit_a, deadline=TODAY + 10 * DAY)
    tally.read(StatusContext.for_date(TODAY))
    before = tally.current()
    Task.objects.filter(pk=task.pk).update(progress=50, title="Đổi tên")
    assert tally.current() == before


def test_unfiltered_dashboard_reads_the_tally_and_agrees_with_counting(world, cast, client, settings):
    """The unfiltered page (tally) and the same figures counted from the tasks agree, and a
    write shows at once."""
    settings.DONDOC = {**settings.DONDOC, "DASHBOARD_CACHE_SECONDS": 0}
    ctx = StatusContext.for_date(TODAY)
    filters = DashboardFilters()
    from_tally = selectors.unit_rows(
        filters=filters, ctx=ctx, tallied=selectors.dashboard_tally(filters=filters, ctx=ctx)
    )
    counted = selectors.unit_rows(filters=filters, ctx=ctx)
    assert [(r.unit_id, r.counts) for r in from_tally] == [(r.unit_id, r.counts) for r in counted]
    months_tally = selectors.monthly_series(
        filters=filters, ctx=ctx, tallied=selectors.dashboard_tally(filters=filters, ctx=ctx)
    )
    months_counted = selectors.monthly_series(filters=filters, ctx=ctx)
    assert [(p.month, p.completed, p.new_overdue) for p in months_tally] == [
        (p.month, p.completed, p.new_overdue) for p in months_counted
    ]
    client.force_login(cast.chairman)
    cache.clear()
    overdue_before = client.get("/bang-dieu-khien/").context["counts"]["overdue"]
    make(cast.unit_b, deadline=TODAY - 5 * DAY)
    assert client.get("/bang-dieu-khien/").context["counts"]["overdue"] == overdue_before + 1
