"""The reminder scan: each kind on its day, once, in Vietnamese, on working days."""

import datetime as dt
from collections import Counter

import pytest
from django.conf import settings
from django.core import mail

from notifications import services
from notifications.models import Notification, NotificationPreference, ReminderPolicy
from notifications.transports import EmailTransport
from tasks.models import Task
from tasks.services import task_complete
from tests.factories import TaskFactory

D = dt.date
K = Notification.Kind
# March 2026 has no holiday: deadline Fri 13/3; 7, 3, 1 working days before are 4/3, 10/3, 12/3.
DEADLINE = D(2026, 3, 13)


@pytest.fixture
def task(cast):
    return TaskFactory(
        title="Rà soát thủ tục hành chính cấp huyện",
        lead_unit=cast.unit_a,
        assignee=cast.specialist_a,
        deadline=DEADLINE,
    )


def scan_days(at, start, end, capture):
    """Run the 07:00 scan on every day from start to end; {day: [(username, kind, days)]}."""
    seen = {}
    day = start
    while day <= end:
        before = set(Notification.objects.values_list("pk", flat=True))
        with at(day, 7, 0), capture(execute=True):
            services.reminder_scan()
        new = Notification.objects.exclude(pk__in=before).select_related("recipient")
        rows = sorted((n.recipient.username, n.kind, n.days) for n in new)
        if rows:
            seen[day] = rows
        day += dt.timedelta(days=1)
    return seen


@pytest.mark.django_db
def test_each_reminder_kind_fires_on_its_day(cast, task, at, django_capture_on_commit_callbacks):
    seen = scan_days(at, D(2026, 3, 2), D(2026, 3, 31), django_capture_on_commit_callbacks)
    owners = lambda kind, days: [("head_a", kind, days), ("specialist_a", kind, days)]  # noqa: E731
    assert seen[D(2026, 3, 4)] == owners(K.BEFORE_DEADLINE, 7)
    assert seen[D(2026, 3, 10)] == owners(K.BEFORE_DEADLINE, 3)
    assert seen[D(2026, 3, 12)] == owners(K.BEFORE_DEADLINE, 1)
    assert seen[D(2026, 3, 13)] == owners(K.DUE_TODAY, 0)
    # overdue: every working day from Monday 16/3, never on a weekend
    overdue_days = [
        d
        for d, rows in seen.items()
        if ("head_a", K.OVERDUE, (d - D(2026, 3, 13)).days) in rows or any(r[1] == K.OVERDUE for r in rows)
    ]
    assert overdue_days == [D(2026, 3, d) for d in (16, 17, 18, 19, 20, 23, 24, 25, 26, 27, 30, 31)]
    assert not any(d.weekday() >= 5 for d in seen)
    assert ("specialist_a", K.OVERDUE, 5) in seen[D(2026, 3, 20)]
    # weekly digest to the leadership on Mondays after the deadline
    for monday in (D(2026, 3, 16), D(2026, 3, 23), D(2026, 3, 30)):
        weekly = [r for r in seen[monday] if r[1] == K.WEEKLY_DIGEST]
        assert [r[0] for r in weekly] == ["chairman", "vice"]
    # escalation to the chairman once the task is more than 10 working days overdue (11th: 30/3)
    escalations = {d: [r for r in rows if r[1] == K.ESCALATION] for d, rows in seen.items()}
    assert [d for d, rows in escalations.items() if rows] == [D(2026, 3, 30)]
    assert escalations[D(2026, 3, 30)] == [("chairman", K.ESCALATION, 11)]
    # nothing else: no reminders on the other days before the deadline
    assert {d for d in seen if d < DEADLINE} == {D(2026, 3, 4), D(2026, 3, 10), D(2026, 3, 12)}


@pytest.mark.django_db
def test_a_second_scan_creates_and_sends_nothing(cast, task, at, django_capture_on_commit_callbacks):
    with at(D(2026, 3, 10)), django_capture_on_commit_callbacks(execute=True):
        first = services.reminder_scan()
    assert (first.created, first.sent) == (2, 2)
    with at(D(2026, 3, 10), 7, 5), django_capture_on_commit_callbacks(execute=True):
        second = services.reminder_scan()
    assert (second.due, second.created, second.sent) == (2, 0, 0)
    assert Notification.objects.count() == 2 and len(mail.outbox) == 2


@pytest.mark.django_db
def test_a_missed_day_is_caught_up_once(cast, task, at, django_capture_on_commit_callbacks):
    """The scheduler was down on 10/3 (3 days before): 11/3 sends the 3-day reminder, 12/3 the 1-day one."""
    with at(D(2026, 3, 11)), django_capture_on_commit_callbacks(execute=True):
        services.reminder_scan()
    with at(D(2026, 3, 11), 9), django_capture_on_commit_callbacks(execute=True):
        services.reminder_scan()
    rows = list(Notification.objects.filter(recipient=cast.head_a).values_list("kind", "for_date", "days"))
    assert rows == [(K.BEFORE_DEADLINE, D(2026, 3, 10), 2)]


@pytest.mark.django_db
def test_no_reminders_on_a_day_off_or_for_closed_tasks(cast, task, at, django_capture_on_commit_callbacks):
    with at(D(2026, 3, 14)):  # Saturday
        result = services.reminder_scan()
    assert not result.working_day and result.created == 0
    task_complete(task=task, actor=cast.head_a, completed_on=D(2026, 3, 11))
    with at(D(2026, 3, 12)), django_capture_on_commit_callbacks(execute=True):
        assert services.reminder_scan().created == 0


@pytest.mark.django_db
def test_recurring_series_itself_gets_no_reminder_but_its_occurrence_does(
    cast, at, django_capture_on_commit_callbacks
):
    series = TaskFactory(
        lead_unit=cast.unit_a,
        kind=Task.Kind.RECURRING,
        recurrence_rule="FREQ=MONTHLY;BYMONTHDAY=13",
        deadline=DEADLINE,
    )
    Task.objects.filter(pk=series.pk).update(created_at=dt.datetime(2026, 2, 1, tzinfo=dt.UTC))
    with at(D(2026, 3, 13)), django_capture_on_commit_callbacks(execute=True):
        result = services.reminder_scan()
    assert result.occurrences >= 1
    reminded = set(Notification.objects.values_list("task_id", flat=True))
    assert series.pk not in reminded
    assert reminded == set(series.occurrences.filter(deadline=DEADLINE).values_list("pk", flat=True))


@pytest.mark.django_db
def test_deadline_on_a_weekend_is_reminded_on_the_friday(cast, at, django_capture_on_commit_callbacks):
    TaskFactory(lead_unit=cast.unit_a, deadline=D(2026, 3, 15))  # Sunday
    with at(D(2026, 3, 13)), django_capture_on_commit_callbacks(execute=True):
        services.reminder_scan()
    assert list(Notification.objects.values_list("kind", "recipient__username")) == [(K.DUE_TODAY, "head_a")]
    with at(D(2026, 3, 16)), django_capture_on_commit_callbacks(execute=True):
        services.reminder_scan()
    assert Notification.objects.filter(kind=K.OVERDUE, days=1).count() == 1


@pytest.mark.django_db
def test_policy_from_the_admin_changes_the_days(cast, task, at, django_capture_on_commit_callbacks):
    policy = ReminderPolicy.current()
    policy.before_working_days = "5"
    policy.remind_on_due_date = False
    policy.save()
    seen = scan_days(at, D(2026, 3, 2), D(2026, 3, 13), django_capture_on_commit_callbacks)
    assert list(seen) == [D(2026, 3, 6)]


@pytest.mark.django_db
def test_continuous_task_is_reminded_to_report_quarterly(cast, at, django_capture_on_commit_callbacks):
    ongoing = TaskFactory(
        lead_unit=cast.unit_a, kind=Task.Kind.CONTINUOUS, deadline=None, original_deadline=None
    )
    Task.objects.filter(pk=ongoing.pk).update(created_at=dt.datetime(2026, 1, 5, tzinfo=dt.UTC))
    seen = scan_days(at, D(2026, 3, 16), D(2026, 3, 31), django_capture_on_commit_callbacks)
    # report due 31/3 (end of quarter); 5 working days before is 24/3
    assert seen == {D(2026, 3, 24): [("head_a", K.REPORT_DUE, 5)]}


# --- delivery ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_one_digest_email_per_person_listing_their_items(cast, task, at, django_capture_on_commit_callbacks):
    other = TaskFactory(title="Tổng hợp chỉ số hài lòng", lead_unit=cast.unit_a, deadline=D(2026, 3, 5))
    with at(D(2026, 3, 10)), django_capture_on_commit_callbacks(execute=True):
        result = services.reminder_scan()
    # head_a and specialist_a, one email each; the leadership's weekly digest (week of 9/3) too
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        u.email for u in (cast.head_a, cast.specialist_a, cast.chairman, cast.vice)
    )
    assert result.sent == 4
    head_mail = next(m for m in mail.outbox if m.to == [cast.head_a.email])
    assert head_mail.subject == "[Đôn đốc] Nhắc việc ngày 10/03/2026: 2 nội dung cần chú ý"
    body = head_mail.body
    assert body.startswith("Kính gửi An Nguyễn Văn,") or "Kính gửi" in body
    assert "== QUÁ HẠN (1) ==" in body and "== SẮP ĐẾN HẠN (1) ==" in body
    assert body.index("Tổng hợp chỉ số hài lòng") < body.index("Rà soát thủ tục hành chính cấp huyện")
    assert "Đơn vị chủ trì: Phòng Nội vụ" in body
    assert "Thời hạn: 13/03/2026 (còn 3 ngày làm việc)" in body
    assert "Thời hạn: 05/03/2026 (quá hạn 3 ngày làm việc)" in body
    assert settings.SITE_URL + task.get_absolute_url() in body
    assert settings.SITE_URL + other.get_absolute_url() in body
    specialist_mail = next(m for m in mail.outbox if m.to == [cast.specialist_a.email])
    assert "Tổng hợp chỉ số hài lòng" not in specialist_mail.body  # not assigned to them
    assert Notification.objects.filter(sent_at__isnull=True).count() == 0


@pytest.mark.django_db
def test_email_off_keeps_the_bell_only(cast, task, at, django_capture_on_commit_callbacks):
    NotificationPreference.objects.create(user=cast.specialist_a, email_enabled=False)
    with at(D(2026, 3, 10)), django_capture_on_commit_callbacks(execute=True):
        services.reminder_scan()
    assert [m.to for m in mail.outbox] == [[cast.head_a.email]]
    row = Notification.objects.get(recipient=cast.specialist_a)
    assert row.channel == Notification.Channel.IN_APP and row.read_at is None


@pytest.mark.django_db
def test_digest_waits_for_the_chosen_time(cast, task, at, django_capture_on_commit_callbacks):
    NotificationPreference.objects.create(user=cast.head_a, digest_time=dt.time(16, 0))
    with at(D(2026, 3, 10), 7, 0), django_capture_on_commit_callbacks(execute=True):
        services.reminder_scan()
    assert [m.to for m in mail.outbox] == [[cast.specialist_a.email]]
    emails = []
    for hour, minute in [(15, 45), (16, 0), (16, 15)]:
        with at(D(2026, 3, 10), hour, minute), django_capture_on_commit_callbacks(execute=True):
            result = services.digests_deliver()
        emails.append(result.emails)  # on_commit has run: the count is final
    assert emails == [0, 1, 0]
    assert sorted(m.to[0] for m in mail.outbox) == [cast.head_a.email, cast.specialist_a.email]


@pytest.mark.django_db
def test_failed_send_is_released_and_retried(cast, task, at, django_capture_on_commit_callbacks, monkeypatch):
    calls = Counter()
    real = EmailTransport.send_digest

    def flaky(self, *, user, items, today):
        calls[user.username] += 1
        if user.username == "head_a" and calls["head_a"] == 1:
            raise OSError("SMTP server not reachable")
        return real(self, user=user, items=items, today=today)

    monkeypatch.setattr(EmailTransport, "send_digest", flaky)
    with at(D(2026, 3, 10)), django_capture_on_commit_callbacks(execute=True):
        result = services.reminder_scan()
    assert (result.delivery.emails, result.delivery.failed) == (1, 1)
    pending = Notification.objects.get(recipient=cast.head_a)
    assert pending.sent_at is None and pending.attempts == 1 and "SMTP" in pending.error
    with at(D(2026, 3, 10), 7, 15), django_capture_on_commit_callbacks(execute=True):
        retry = services.digests_deliver()
    assert retry.emails == 1
    assert sorted(m.to[0] for m in mail.outbox) == [cast.head_a.email, cast.specialist_a.email]


class WorkerKilled(BaseException):
    """Stands for the worker process dying (SIGTERM, timeout): not an ordinary error."""


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("where", ["after_writing", "while_sending"])
def test_interrupted_scan_then_rerun_delivers_everything_exactly_once(cast, at, monkeypatch, where):
    # five tasks, four people with email: head_a, specialist_a, head_b, deputy_a
    for i in range(3):
        TaskFactory(
            title=f"Nhiệm vụ A{i}", lead_unit=cast.unit_a, assignee=cast.specialist_a, deadline=D(2026, 3, 5)
        )
    TaskFactory(title="Nhiệm vụ B", lead_unit=cast.unit_b, assignee=cast.deputy_a, deadline=D(2026, 3, 13))
    TaskFactory(title="Nhiệm vụ B2", lead_unit=cast.unit_b, deadline=D(2026, 3, 12))
    expected = {
        cast.head_a.email: {"Nhiệm vụ A0", "Nhiệm vụ A1", "Nhiệm vụ A2"},
        cast.specialist_a.email: {"Nhiệm vụ A0", "Nhiệm vụ A1", "Nhiệm vụ A2"},
        cast.head_b.email: {"Nhiệm vụ B", "Nhiệm vụ B2"},
        cast.deputy_a.email: {"Nhiệm vụ B"},
        # weekly digest of the week of Monday 9/3: tasks overdue on that Monday
        cast.chairman.email: {"Nhiệm vụ A0", "Nhiệm vụ A1", "Nhiệm vụ A2"},
        cast.vice.email: {"Nhiệm vụ A0", "Nhiệm vụ A1", "Nhiệm vụ A2"},
    }
    real_send = EmailTransport.send_digest
    state = {"calls": 0}

    def dying(self, *, user, items, today):
        state["calls"] += 1
        if state["calls"] == 2:
            raise WorkerKilled
        return real_send(self, user=user, items=items, today=today)

    if where == "while_sending":
        monkeypatch.setattr(EmailTransport, "send_digest", dying)
    else:
        monkeypatch.setattr(services, "digests_deliver", lambda **kw: (_ for _ in ()).throw(WorkerKilled()))
    with at(D(2026, 3, 10)), pytest.raises(WorkerKilled):
        services.reminder_scan()
    monkeypatch.undo()
    with at(D(2026, 3, 10), 7, 20):
        rerun = services.reminder_scan()
    assert rerun.created == 0  # the ledger was complete before anything was sent
    delivered = Counter()
    for message in mail.outbox:
        for title in {t for titles in expected.values() for t in titles}:
            if f". {title}\n" in message.body:
                delivered[(message.to[0], title)] += 1
    assert delivered == Counter({(email, t): 1 for email, titles in expected.items() for t in titles})
    assert len(mail.outbox) == 6
    assert not Notification.objects.filter(sent_at__isnull=True).exists()


# --- time zone ---------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "hour", "minute", "expected"),
    [
        (D(2026, 3, 12), 23, 30, [(K.BEFORE_DEADLINE, D(2026, 3, 12))]),  # still Thursday in Hà Nội
        (D(2026, 3, 13), 0, 30, [(K.DUE_TODAY, D(2026, 3, 13))]),  # Friday in Hà Nội, Thursday in UTC
        (D(2026, 3, 14), 0, 30, []),  # Saturday 00:30 local, Friday 17:30 UTC: a day off
        (D(2026, 3, 16), 0, 30, [(K.OVERDUE, D(2026, 3, 16))]),  # Monday 00:30 local, Sunday in UTC
    ],
)
def test_scan_uses_the_local_date(
    cast, task, at, day, hour, minute, expected, django_capture_on_commit_callbacks
):
    with at(day, hour, minute), django_capture_on_commit_callbacks(execute=True):
        result = services.reminder_scan()
    assert result.today == day
    rows = list(
        Notification.objects.filter(recipient=cast.head_a)
        .exclude(kind=K.WEEKLY_DIGEST)
        .values_list("kind", "for_date")
    )
    assert rows == expected


@pytest.mark.django_db
def test_dry_run_counts_without_writing(cast, task, at):
    with at(D(2026, 3, 10)):
        result = services.reminder_scan(dry_run=True)
    assert (result.due, result.created) == (2, 2)
    assert not Notification.objects.exists() and not mail.outbox


@pytest.mark.django_db
def test_no_digest_before_the_days_scan_so_one_email_carries_the_day(
    cast, task, at, django_capture_on_commit_callbacks
):
    NotificationPreference.objects.create(user=cast.head_a, digest_time=dt.time(6, 0))
    NotificationPreference.objects.create(user=cast.specialist_a, email_enabled=False)
    # yesterday's reminder could not be sent (SMTP down all day): it is left over
    with at(D(2026, 3, 10)):
        services.reminder_scan(deliver=False)
    # 06:45 the next day: the 15-minute job runs before the 07:00 scan and sends nothing
    with at(D(2026, 3, 11), 6, 45), django_capture_on_commit_callbacks(execute=True):
        early = services.digests_deliver()
    assert early.emails == 0 and mail.outbox == []
    TaskFactory(title="Việc đến hạn hôm nay", lead_unit=cast.unit_a, deadline=D(2026, 3, 11))
    with at(D(2026, 3, 11), 7, 0), django_capture_on_commit_callbacks(execute=True):
        services.reminder_scan()
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "Rà soát thủ tục hành chính cấp huyện" in body and "Việc đến hạn hôm nay" in body


@pytest.mark.django_db
def test_deactivated_assignee_gets_nothing(cast, task, at, django_capture_on_commit_callbacks):
    cast.specialist_a.is_active = False
    cast.specialist_a.save()
    with at(D(2026, 3, 10)), django_capture_on_commit_callbacks(execute=True):
        services.reminder_scan()
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == ["head_a"]
    assert [m.to for m in mail.outbox] == [[cast.head_a.email]]


@pytest.mark.django_db
def test_reminders_follow_the_holiday_calendar_around_national_day(
    cast, at, django_capture_on_commit_callbacks
):
    """Deadline Wed 2/9/2026 (Quốc khánh; Mon 31/8 and Tue 1/9 off too; Sat 22/8 worked in exchange):
    the last working day is Fri 28/8, and 7 working days before it counts the worked Saturday."""
    TaskFactory(title="Báo cáo Quốc khánh", lead_unit=cast.unit_a, deadline=D(2026, 9, 2))
    seen = scan_days(at, D(2026, 8, 17), D(2026, 9, 4), django_capture_on_commit_callbacks)
    assert {d: [r[1:] for r in rows if r[0] == "head_a"] for d, rows in seen.items()} == {
        D(2026, 8, 20): [(K.BEFORE_DEADLINE, 7)],
        D(2026, 8, 25): [(K.BEFORE_DEADLINE, 3)],
        D(2026, 8, 27): [(K.BEFORE_DEADLINE, 1)],
        D(2026, 8, 28): [(K.DUE_TODAY, 0)],
        D(2026, 9, 3): [(K.OVERDUE, 1)],
        D(2026, 9, 4): [(K.OVERDUE, 2)],
    }
