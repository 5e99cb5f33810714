"""Rows for the dashboard tests: a frozen today and a helper that makes tasks in a given category."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from tasks.models import Task
from tests.factories import TaskFactory

TODAY = dt.date(2026, 6, 15)  # a Monday


@pytest.fixture
def today():
    with time_machine.travel(dt.datetime(2026, 6, 15, 9, 0, tzinfo=dt.UTC), tick=False):
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
