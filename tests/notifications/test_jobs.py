"""Jobs, schedules and the commands; the django-q2 brokers (ORM always, Redis when reachable)."""

import datetime as dt
import os
import socket
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django_q.models import Schedule

from notifications import jobs
from notifications.models import Notification
from notifications.schedules import SCHEDULES
from tests.factories import TaskFactory

D = dt.date


@pytest.fixture
def due_task(cast):
    return TaskFactory(
        title="Báo cáo kết quả CCHC quý I",
        lead_unit=cast.unit_a,
        assignee=cast.specialist_a,
        deadline=D(2026, 3, 13),
    )


@pytest.mark.django_db
def test_setup_schedules_is_idempotent_and_removes_stale_ones(at):
    Schedule.objects.create(
        name="cũ: không còn dùng", func="notifications.jobs.old", schedule_type=Schedule.DAILY
    )
    with at(D(2026, 3, 10), 9, 0):
        call_command("setup_schedules", stdout=StringIO())
        call_command("setup_schedules", stdout=StringIO())
    rows = {s.name: s for s in Schedule.objects.all()}
    assert set(rows) == {spec.name for spec in SCHEDULES}
    daily = rows["Nhắc việc: quét hằng ngày"]
    assert daily.func == "notifications.jobs.daily_scan" and daily.schedule_type == Schedule.DAILY
    # the next 07:00 in Hồ Chí Minh time after 09:00 on 10/3 is 07:00 on 11/3 (00:00 UTC)
    assert daily.next_run == dt.datetime(2026, 3, 11, 0, 0, tzinfo=dt.UTC)
    weekly = rows["Nhắc việc: tổng hợp quá hạn hằng tuần cho lãnh đạo"]
    assert weekly.schedule_type == Schedule.WEEKLY and weekly.next_run.astimezone(dt.UTC) == dt.datetime(
        2026, 3, 15, 23, 55, tzinfo=dt.UTC
    )  # Monday 16/3 06:55 local
    assert rows["Nhắc việc: gửi thư tổng hợp theo giờ đã chọn"].minutes == 15
    assert all(s.repeats == -1 for s in rows.values())


@pytest.mark.django_db
def test_daily_job_twice_has_one_effect(cast, due_task, at, django_capture_on_commit_callbacks):
    with at(D(2026, 3, 10)), django_capture_on_commit_callbacks(execute=True):
        first = jobs.daily_scan()
    with at(D(2026, 3, 10), 7, 1), django_capture_on_commit_callbacks(execute=True):
        second = jobs.daily_scan()
    assert first["created"] == 2 and second == {
        "today": "2026-03-10",
        "created": 0,
        "sent": 0,
        "channels_sent": {},
        "channels_failed": {},
    }
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_weekly_job_writes_the_leadership_digest_once(cast, due_task, at, django_capture_on_commit_callbacks):
    with at(D(2026, 3, 16), 6, 55), django_capture_on_commit_callbacks(execute=True):
        jobs.weekly_digest()
        jobs.weekly_digest()
    rows = Notification.objects.filter(kind=Notification.Kind.WEEKLY_DIGEST)
    assert sorted(rows.values_list("recipient__username", flat=True)) == ["chairman", "vice"]
    assert not Notification.objects.exclude(kind=Notification.Kind.WEEKLY_DIGEST).exists()
    assert mail.outbox == []  # 06:55: before anyone's digest time
    with at(D(2026, 3, 16), 7, 0), django_capture_on_commit_callbacks(execute=True):
        jobs.daily_scan()
    # one email each that day: the leaders' carries the weekly digest
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        u.email for u in (cast.chairman, cast.vice, cast.head_a, cast.specialist_a)
    )
    chairman_mail = next(m for m in mail.outbox if m.to == [cast.chairman.email])
    assert "TỔNG HỢP QUÁ HẠN TRONG TUẦN (1)" in chairman_mail.body
    assert "Báo cáo kết quả CCHC quý I" in chairman_mail.body


@pytest.mark.django_db(transaction=True)
def test_send_reminders_command_prints_created_and_sent(cast, due_task, at):
    out = StringIO()
    with at(D(2026, 3, 9), 10, 0):
        call_command("send_reminders", "--date", "2026-03-10", "--dry-run", stdout=out)
    assert "chạy thử" in out.getvalue() and "sẽ tạo 2" in out.getvalue()
    assert not Notification.objects.exists()
    out = StringIO()
    with at(D(2026, 3, 9), 10, 0):
        call_command("send_reminders", "--date", "2026-03-10", stdout=out)
    assert "created=2 sent=2" in out.getvalue()
    out = StringIO()
    with at(D(2026, 3, 9), 10, 0):
        call_command("send_reminders", "--date", "2026-03-10", stdout=out)
    assert "created=0 sent=0" in out.getvalue()
    out = StringIO()
    call_command("send_reminders", "--date", "2026-03-14", stdout=out)
    assert "ngày nghỉ" in out.getvalue()


@pytest.mark.django_db
def test_send_reminders_rejects_a_bad_date():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_reminders", "--date", "13/03/2026")


# --- the brokers ---------------------------------------------------------------------------


def _run_queued(broker) -> object:
    """Take one task from the broker and run it the way a worker does."""
    from django.utils.module_loading import import_string
    from django_q.signing import SignedPackage

    ((ack_id, payload),) = broker.dequeue()
    task = SignedPackage.loads(payload)
    broker.acknowledge(ack_id)
    return import_string(task["func"])(*task["args"], **task["kwargs"])


@pytest.mark.django_db(transaction=True)
def test_daily_scan_through_the_orm_broker(cast, due_task, at):
    from django_q.brokers.orm import ORM
    from django_q.tasks import async_task

    broker = ORM(list_key="dondoc-test-reminders")
    with at(D(2026, 3, 10)):
        async_task("notifications.jobs.daily_scan", broker=broker)
    with at(D(2026, 3, 10), 7, 1):  # a worker picks it up a minute later
        assert broker.queue_size() == 1
        result = _run_queued(broker)
    assert result["created"] == 2 and result["sent"] == 2
    assert len(mail.outbox) == 2


def _redis_url() -> str | None:
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return None
    return url


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_daily_scan_through_redis_twice_has_one_effect(cast, due_task, at):
    url = _redis_url()
    if url is None:
        pytest.skip("Redis is not reachable on 127.0.0.1:6379")
    import redis
    from django_q.brokers.redis_broker import Redis
    from django_q.tasks import async_task

    broker = Redis(list_key="dondoc-test-reminders")
    broker.connection = redis.Redis.from_url(url)
    broker.purge_queue()
    try:
        with at(D(2026, 3, 10)):
            async_task("notifications.jobs.daily_scan", broker=broker)
            async_task("notifications.jobs.daily_scan", broker=broker)  # a duplicate delivery
            assert broker.queue_size() == 2
            results = [_run_queued(broker), _run_queued(broker)]
    finally:
        broker.purge_queue()
    assert [r["created"] for r in results] == [2, 0]
    assert len(mail.outbox) == 2
