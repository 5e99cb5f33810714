"""The daily reminder scan at volume (issue: 100,000 tasks, 2,000 due, one scan ≤ 10 s).

Arrangement, done here on the bench database: every open synthetic task gets a deadline
far from any reminder; then 2,000 of them, spread round-robin over the 300 synthetic
units, get deadlines that are due today – 7, 3 and 1 working days ahead, on the day, and
1–20 days overdue. Each synthetic unit gets a head and a specialist (the assignee), so
reminders have people to go to. The scan runs as of the next working day and includes
writing the ledger and sending the digests (locmem email backend).

Figures: reminder_scan_s (100k), reminder_scan_queries at 20k and at 100k tasks (the
same: the scan reads due tasks by an indexed range and writes in bulk), the rows
created, the digests sent, and a second scan (idempotent: creates and sends nothing).
"""

from __future__ import annotations

import datetime as dt
import time

DUE_TASKS = 2_000
SMALL_VOLUME = 20_000
FULL_VOLUME = 100_000


def _people_for_units():
    """A head and a specialist for each synthetic unit that has none yet."""
    from django.contrib.auth import get_user_model

    from units.models import Membership, Unit

    User = get_user_model()
    units = list(Unit.objects.filter(name__startswith="Đơn vị thử nghiệm ").exclude(memberships__role="head"))
    if not units:
        return
    users = []
    for unit in units:
        for role in ("head", "specialist"):
            username = f"bench.{role}.{unit.pk}"
            users.append(
                User(username=username, email=f"{username}@example.vn", first_name=role, password="!")
            )
    User.objects.bulk_create(users, batch_size=1000, ignore_conflicts=True)
    by_name = dict(User.objects.filter(username__startswith="bench.").values_list("username", "pk"))
    Membership.objects.bulk_create(
        [
            Membership(user_id=by_name[f"bench.{role}.{unit.pk}"], unit=unit, role=role)
            for unit in units
            for role in ("head", "specialist")
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )


def _arrange(today: dt.date) -> int:
    """Make exactly DUE_TASKS open tasks due for a reminder on ``today``; returns that count."""
    from deadlines.workdays import get_calendar
    from notifications.models import Notification, ReminderPolicy
    from tasks.models import Task
    from units.models import Membership

    calendar = get_calendar()
    ReminderPolicy.current()  # created outside the measured scans
    Notification.objects.all().delete()
    # occurrences of recurring work keep their dates: one per series and date (unique), and the
    # scan may have created the next one already
    open_tasks = Task.objects.filter(status=Task.Status.OPEN, series__isnull=True).exclude(
        kind=Task.Kind.RECURRING
    )
    far = calendar.add_working_days(today, 60)
    open_tasks.update(deadline=far)
    synthetic = open_tasks.filter(lead_unit__name__startswith="Đơn vị thử nghiệm ")
    by_unit: dict[int, list[int]] = {}
    for pk, unit_id in synthetic.order_by("pk").values_list("pk", "lead_unit_id"):
        by_unit.setdefault(unit_id, []).append(pk)
    chosen: list[tuple[int, int]] = []
    depth = 0
    while len(chosen) < DUE_TASKS:
        added = False
        for unit_id, pks in by_unit.items():
            if depth < len(pks) and len(chosen) < DUE_TASKS:
                chosen.append((pks[depth], unit_id))
                added = True
        if not added:
            break
        depth += 1
    action = calendar.action_day
    choices = [calendar.add_working_days(today, n) for n in (7, 3, 1)] + [today]
    choices += [today - dt.timedelta(days=d) for d in range(1, 21)]
    specialists = dict(
        Membership.objects.filter(role="specialist", unit_id__in=by_unit).values_list("unit_id", "user_id")
    )
    groups: dict[tuple[dt.date, int | None], list[int]] = {}
    for i, (pk, unit_id) in enumerate(chosen):
        deadline = choices[i % len(choices)]
        assert action(deadline) <= deadline
        groups.setdefault((deadline, specialists.get(unit_id)), []).append(pk)
    for (deadline, assignee_id), pks in groups.items():
        Task.objects.filter(pk__in=pks).update(deadline=deadline, assignee_id=assignee_id)
    return len(chosen)


def _seven_am(day: dt.date) -> dt.datetime:
    """The daily job's moment (07:00 local on ``day``), so digests are due whatever the wall clock says."""
    from django.utils import timezone

    return timezone.make_aware(dt.datetime.combine(day, dt.time(7, 0)))


def _scan(today: dt.date):
    """One scan, timed, counting every SQL statement it sends (no cap, unlike queries_log)."""
    from django.db import connection

    from notifications import services

    count = 0

    def counter(execute, sql, params, many, context):
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        started = time.perf_counter()
        result = services.reminder_scan(now=_seven_am(today))
        seconds = time.perf_counter() - started
    return result, seconds, count


def run(ctx) -> dict[str, float | int]:
    from django.conf import settings
    from django.core import mail
    from django.utils import timezone

    from deadlines.workdays import get_calendar

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    today = get_calendar().next_working_day(timezone.localdate(), include_self=True)
    figures: dict[str, float | int] = {}

    ctx.seed(SMALL_VOLUME)
    _people_for_units()
    figures["reminder_due_tasks_20k"] = _arrange(today)
    _result, _seconds, figures["reminder_scan_queries_20k"] = _scan(today)

    ctx.seed(FULL_VOLUME)
    _people_for_units()
    figures["reminder_due_tasks"] = _arrange(today)
    mail.outbox = []
    result, seconds, queries = _scan(today)
    figures["reminder_scan_s"] = seconds
    figures["reminder_scan_queries"] = queries
    figures["reminder_notifications_created"] = result.created
    figures["reminder_digests_sent"] = result.sent
    _again, again_seconds, again_queries = _scan(today)
    figures["reminder_rescan_s"] = again_seconds
    figures["reminder_rescan_created"] = _again.created
    figures["reminder_rescan_sent"] = _again.sent
    ctx.notes.append(
        f"reminders: scan as of {today:%d/%m/%Y}; {len(mail.outbox)} digest emails in the locmem outbox; "
        f"rescan {again_queries} queries"
    )
    return figures
