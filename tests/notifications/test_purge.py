"""Old notifications are purged weekly; nothing unsent is lost and the ledger stays safe."""

import datetime as dt

import pytest

from notifications import jobs
from notifications.models import Notification
from notifications.schedules import SCHEDULES
from tests.factories import TaskFactory

NOW = dt.datetime(2026, 9, 1, 3, 0, tzinfo=dt.UTC)


def _note(
    user,
    task,
    *,
    days_ago: int,
    read_days_ago: int | None = None,
    channel="in_app",
    sent=True,
    kind="overdue",
):
    created = NOW - dt.timedelta(days=days_ago)
    return Notification.objects.create(
        recipient=user,
        task=task,
        kind=kind,
        for_date=created.date(),
        channel=channel,
        created_at=created,
        read_at=None if read_days_ago is None else NOW - dt.timedelta(days=read_days_ago),
        sent_at=created if sent else None,
    )


@pytest.mark.django_db
def test_purge_keeps_recent_and_unread_and_unsent(cast):
    from notifications.services import notifications_purge

    task = TaskFactory(lead_unit=cast.unit_a)
    old_read = _note(cast.head_a, task, days_ago=200, read_days_ago=190)
    recent_read = _note(cast.head_a, task, days_ago=20, read_days_ago=10, kind="before")
    old_unread = _note(cast.head_a, task, days_ago=200, kind="due_today")
    ancient_unread = _note(cast.head_a, task, days_ago=400, kind="escalation")
    unsent_email = _note(cast.specialist_a, task, days_ago=400, channel="email", sent=False)
    deleted = notifications_purge(now=NOW, keep_days=180)
    remaining = set(Notification.objects.values_list("pk", flat=True))
    assert deleted == 2
    assert remaining == {recent_read.pk, old_unread.pk, unsent_email.pk}
    assert old_read.pk not in remaining and ancient_unread.pk not in remaining


@pytest.mark.django_db
def test_purge_job_is_scheduled_weekly_and_idempotent(cast):
    assert any(spec.func == "notifications.jobs.purge_notifications" for spec in SCHEDULES)
    task = TaskFactory(lead_unit=cast.unit_a)
    _note(cast.head_a, task, days_ago=1000, read_days_ago=999)
    first, second = jobs.purge_notifications(), jobs.purge_notifications()
    assert (first["deleted"], second["deleted"]) == (1, 0)
