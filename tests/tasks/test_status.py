"""The status categories agree in Python and SQL, including the boundary days."""

import datetime as dt

import pytest

from tasks.models import Task
from tasks.status import StatusCategory, StatusContext, category_expression, category_of, category_q
from tests.factories import TaskFactory

TODAY = dt.date(2026, 3, 10)  # a Tuesday
CTX = StatusContext.for_date(TODAY)


def test_due_soon_window_counts_working_days():
    # 3 working days after Tue 10/3/2026 is Fri 13/3/2026
    assert CTX.due_soon_until == dt.date(2026, 3, 13)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"deadline": TODAY}, StatusCategory.DUE_SOON),  # due today: not yet overdue
        ({"deadline": TODAY - dt.timedelta(days=1)}, StatusCategory.OVERDUE),  # due yesterday
        ({"deadline": dt.date(2026, 3, 13)}, StatusCategory.DUE_SOON),
        ({"deadline": dt.date(2026, 3, 16)}, StatusCategory.IN_TIME),
        ({"deadline": None, "kind": Task.Kind.CONTINUOUS}, StatusCategory.IN_TIME),
        (
            {"status": "done", "deadline": TODAY, "completed_on": TODAY},
            StatusCategory.DONE_ON_TIME,
        ),  # on the deadline
        (
            {"status": "done", "deadline": TODAY, "completed_on": TODAY + dt.timedelta(days=1)},
            StatusCategory.DONE_LATE,
        ),
        ({"status": "done", "deadline": None, "completed_on": TODAY}, StatusCategory.DONE_ON_TIME),
        ({"status": "paused", "deadline": TODAY - dt.timedelta(days=9)}, StatusCategory.PAUSED),
        ({"status": "cancelled"}, StatusCategory.CANCELLED),
    ],
)
@pytest.mark.django_db
def test_category_python_and_sql_agree(fields, expected):
    task = TaskFactory(**fields)
    assert category_of(task, CTX) == expected
    annotated = Task.objects.annotate(category=category_expression(CTX)).get(pk=task.pk)
    assert annotated.category == expected.value
    assert list(Task.objects.filter(category_q(expected, CTX)).values_list("pk", flat=True)) == [task.pk]


@pytest.mark.django_db
def test_every_task_falls_in_exactly_one_category():
    tasks = [TaskFactory(deadline=TODAY + dt.timedelta(days=offset)) for offset in range(-5, 10)] + [
        TaskFactory(status="done", deadline=TODAY, completed_on=TODAY + dt.timedelta(days=d))
        for d in (-1, 0, 1)
    ]
    for task in tasks:
        matches = [c for c in StatusCategory if Task.objects.filter(category_q(c, CTX), pk=task.pk).exists()]
        assert matches == [category_of(task, CTX)]
