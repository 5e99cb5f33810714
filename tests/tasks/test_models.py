import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from tasks.models import ExtensionRequest, Task
from tests.factories import TaskFactory


@pytest.mark.django_db
def test_progress_above_100_is_refused_by_the_database():
    task = TaskFactory()
    task.progress = 101
    with pytest.raises(IntegrityError), transaction.atomic():
        task.save()


@pytest.mark.django_db
def test_done_requires_completion_date_and_open_forbids_it():
    task = TaskFactory()
    task.status = Task.Status.DONE
    with pytest.raises(IntegrityError), transaction.atomic():
        task.save()
    task.refresh_from_db()
    task.completed_on = dt.date(2026, 1, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        task.save()


@pytest.mark.django_db
def test_recurring_series_needs_a_rule():
    with pytest.raises(IntegrityError), transaction.atomic():
        TaskFactory(kind=Task.Kind.RECURRING, recurrence_rule="")


@pytest.mark.django_db
def test_one_occurrence_per_date_in_a_series():
    series = TaskFactory(kind=Task.Kind.RECURRING, recurrence_rule="FREQ=YEARLY", deadline=None)
    TaskFactory(series=series, deadline=dt.date(2026, 12, 15))
    with pytest.raises(IntegrityError), transaction.atomic():
        TaskFactory(series=series, deadline=dt.date(2026, 12, 15))


@pytest.mark.django_db
def test_only_one_pending_extension_request_per_task():
    task = TaskFactory()
    ExtensionRequest.objects.create(task=task, requested_deadline=dt.date(2026, 5, 1), reason="Chờ số liệu")
    with pytest.raises(IntegrityError), transaction.atomic():
        ExtensionRequest.objects.create(task=task, requested_deadline=dt.date(2026, 6, 1), reason="Lần hai")
