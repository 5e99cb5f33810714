"""Every write of the notifications app.

The reminder scan writes the ledger first (``bulk_create(ignore_conflicts=True)`` on the
unique (recipient, task, kind, for_date)), then delivers email digests: a conditional
``UPDATE … WHERE sent_at IS NULL`` claims the pending rows of up to USERS_PER_CLAIM people
in one transaction, and after commit each of them gets one email listing their items. A
second scan, or a job retried after a worker died, finds the rows already there and already
claimed, and sends nothing twice. If sending fails the claim is released so a later run
retries (at most MAX_ATTEMPTS); a worker stopped by an exception also gives back the rest of
its batch. Only a worker killed outright between the claim and the sends leaves rows marked
sent that were not: at most one batch, for that day, still visible under the bell.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from deadlines.recurrence import occurrences_ensure_all
from deadlines.workdays import get_calendar
from notifications import selectors
from notifications.models import Notification, NotificationPreference, ReminderPolicy
from notifications.schedules import DAILY_SCAN_AT
from notifications.transports import EmailTransport

logger = logging.getLogger("dondoc.notifications")

MAX_ATTEMPTS = 3
#: people whose rows one conditional UPDATE claims (one commit); a worker killed outright
#: between that commit and the sends loses at most this many digests – never sends twice
USERS_PER_CLAIM = 25
DIGEST_FIELDS = ("id", "recipient_id", "task_id", "kind", "for_date", "days", "sent_at")
DEFAULT_DIGEST_TIME = dt.time(7, 0)
CHANNEL_PREFERENCE_FIELDS = (
    "zalo_enabled",
    "push_enabled",
    "sms_enabled",
    "phone",
    "quiet_start",
    "quiet_end",
)
BATCH = 500


@dataclass
class DeliveryResult:
    emails: int = 0  # digest emails sent
    items: int = 0  # notifications those emails carried
    failed: int = 0  # digests whose sending failed (released for a retry)


@dataclass
class ScanResult:
    today: dt.date
    working_day: bool = True
    due: int = 0  # reminders due today (already in the ledger or not)
    created: int = 0  # new ledger rows
    occurrences: int = 0  # occurrences of recurring tasks created
    dry_run: bool = False
    delivery: DeliveryResult | None = None

    @property
    def sent(self) -> int:
        return self.delivery.emails if self.delivery else 0


# --- the scan ----------------------------------------------------------------------------


def _channels(user_ids: list[int]) -> dict[int, str]:
    """EMAIL for people who want email and have an address, else IN_APP (one query per 900).
    Inactive accounts are left out: they get no reminders at all."""
    User = get_user_model()
    channels: dict[int, str] = {}
    for start in range(0, len(user_ids), 900):
        chunk = user_ids[start : start + 900]
        for pk, email, enabled in User.objects.filter(pk__in=chunk, is_active=True).values_list(
            "pk", "email", "notification_preference__email_enabled"
        ):
            wants = enabled is not False and bool(email)
            channels[pk] = Notification.Channel.EMAIL if wants else Notification.Channel.IN_APP
    return channels


def notifications_write(*, candidates: list[selectors.Candidate], now: dt.datetime) -> int:
    """Write the candidates that are not in the ledger yet, in bulk; returns how many.

    Known rows are skipped up front (a rerun writes nothing); a concurrent scan that
    wrote the same rows meanwhile is stopped by the unique constraint (ignore_conflicts),
    so the ledger stays exact even if the returned count then overstates."""
    known = selectors.existing_keys(candidates)
    missing = [c for c in candidates if c.key not in known]
    if not missing:
        return 0
    channels = _channels(sorted({c.recipient_id for c in missing}))
    rows = []
    for c in missing:
        if c.recipient_id not in channels:  # deactivated or deleted
            continue
        channel = channels[c.recipient_id]
        rows.append(
            Notification(
                recipient_id=c.recipient_id,
                task_id=c.task_id,
                kind=c.kind,
                for_date=c.for_date,
                days=c.days,
                channel=channel,
                created_at=now,
                # an in-app reminder is delivered by being there; email waits for the digest
                sent_at=now if channel == Notification.Channel.IN_APP else None,
            )
        )
    Notification.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
    return len(rows)


def _scan(*, now: dt.datetime | None, today: dt.date | None, dry_run: bool, deliver: bool, weekly_only: bool):
    now = now or timezone.now()
    as_of_another_day = today is not None and today != timezone.localdate(now)
    today = today or timezone.localdate(now)
    result = ScanResult(today=today, dry_run=dry_run)
    calendar = get_calendar()
    if not calendar.is_working_day(today):
        result.working_day = False
        logger.info("reminder scan %s: day off, nothing to do", today)
        return result
    policy = ReminderPolicy.current()
    if not dry_run and not weekly_only:
        result.occurrences = len(occurrences_ensure_all(today=today))
    candidates = selectors.reminder_candidates(
        today=today, calendar=calendar, policy=policy, weekly_only=weekly_only
    )
    result.due = len(candidates)
    if dry_run:
        known = selectors.existing_keys(candidates)
        result.created = sum(1 for c in candidates if c.key not in known)
        return result
    result.created = notifications_write(candidates=candidates, now=now)
    logger.info("reminder scan %s: %s due, %s new", today, result.due, result.created)
    if deliver:
        # a run for another day (send_reminders --date) sends that day's digests at once
        result.delivery = digests_deliver(now=now, today=today, force=as_of_another_day)
    return result


def reminder_scan(
    *,
    now: dt.datetime | None = None,
    today: dt.date | None = None,
    dry_run: bool = False,
    deliver: bool = True,
) -> ScanResult:
    """The daily scan: create occurrences of recurring work, write every reminder due
    ``today`` (local date of ``now`` unless given) and send the digests that are due."""
    return _scan(now=now, today=today, dry_run=dry_run, deliver=deliver, weekly_only=False)


def weekly_digest_scan(*, now: dt.datetime | None = None, deliver: bool = False) -> ScanResult:
    """Only the leadership's weekly overdue digest (the daily scan also catches it up)."""
    return _scan(now=now, today=None, dry_run=False, deliver=deliver, weekly_only=True)


# --- delivery ------------------------------------------------------------------------------


def _pending():
    return Notification.objects.filter(
        channel=Notification.Channel.EMAIL, sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS
    )


def digests_deliver(
    *, now: dt.datetime | None = None, today: dt.date | None = None, force: bool = False, transport=None
) -> DeliveryResult:
    """Send each person with pending email reminders one digest, once a local day, at or
    after their digest time (``force`` ignores the time). Nothing goes out on a day off.
    ``today`` defaults to the local date of ``now``."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    today = today or local.date()
    result = DeliveryResult()
    if not get_calendar().is_working_day(today):
        return result
    transport = transport or EmailTransport()
    waiting = dict(
        _pending()
        .order_by()
        .values("recipient_id")
        .annotate(first=Min("created_at"))
        .values_list("recipient_id", "first")
    )
    if not waiting:
        return result
    ids = sorted(waiting)
    User = get_user_model()
    users: dict[int, object] = {}
    done_today: set[int] = set()
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        users.update(User.objects.filter(pk__in=chunk).select_related("notification_preference").in_bulk())
        done_today.update(
            Notification.objects.filter(recipient_id__in=chunk, digest_date=today).values_list(
                "recipient_id", flat=True
            )
        )
    due_users = []
    for user_id in ids:
        user = users.get(user_id)
        if user is None or user_id in done_today:
            continue
        pref = getattr(user, "notification_preference", None)
        if (pref is not None and not pref.email_enabled) or not user.email or not user.is_active:
            _pending().filter(recipient_id=user_id).update(channel=Notification.Channel.IN_APP, sent_at=now)
            continue
        # never before the day's scan, so the one email of the day carries that day's items;
        # rows left over from an earlier day go with the first run after the scan
        left_over = timezone.localdate(waiting[user_id]) < today
        send_at = (
            DAILY_SCAN_AT
            if left_over
            else max(pref.digest_time if pref else DEFAULT_DIGEST_TIME, DAILY_SCAN_AT)
        )
        if force or local.time() >= send_at:
            due_users.append(user)
    for start in range(0, len(due_users), USERS_PER_CLAIM):
        digest_send(
            users=due_users[start : start + USERS_PER_CLAIM], today=today, transport=transport, result=result
        )
    logger.info("digests: %s sent (%s items), %s failed", result.emails, result.items, result.failed)
    return result


def digest_send(*, users: list, today: dt.date, transport, result: DeliveryResult) -> int:
    """Claim the pending email rows of ``users`` (one conditional UPDATE, one commit) and,
    after commit, send each of them one digest. Returns the rows claimed (0 when another
    worker got them first)."""
    token = timezone.now()
    with transaction.atomic():
        claimed = (
            _pending()
            .filter(recipient_id__in=[u.pk for u in users])
            .update(sent_at=token, digest_date=today, attempts=F("attempts") + 1, error="")
        )
        if claimed:
            transaction.on_commit(
                lambda: _send_claimed(
                    users=users, token=token, today=today, transport=transport, result=result
                )
            )
    return claimed


def _release(rows, exc: BaseException | None, *, attempted: bool = True) -> None:
    """Give claimed rows back to the queue (sent_at NULL) so a later run sends them."""
    changes = {"sent_at": None, "digest_date": None}
    if exc is not None:
        changes["error"] = f"{type(exc).__name__}: {exc}"[:1000]
    if not attempted:
        changes["attempts"] = F("attempts") - 1
    rows.update(**changes)


def _send_claimed(
    *, users: list, token: dt.datetime, today: dt.date, transport, result: DeliveryResult
) -> None:
    claimed = Notification.objects.filter(recipient_id__in=[u.pk for u in users], sent_at=token)
    by_user: dict[int, list[Notification]] = {}
    rows = claimed.select_related("task", "task__lead_unit").only(
        *DIGEST_FIELDS, "task__title", "task__deadline", "task__lead_unit__name"
    )
    for row in rows:
        by_user.setdefault(row.recipient_id, []).append(row)
    mine = [u for u in users if u.pk in by_user]
    for position, user in enumerate(mine):
        items = by_user[user.pk]
        try:
            transport.send_digest(user=user, items=items, today=today)
        except BaseException as exc:  # noqa: BLE001 - release the claim whatever stopped us, then decide
            _release(claimed.filter(recipient_id=user.pk), exc)
            result.failed += 1
            logger.exception("digest to user %s failed; released %s rows for a retry", user.pk, len(items))
            if not isinstance(exc, Exception):  # the worker is going down: give back the rest too
                later = [u.pk for u in mine[position + 1 :]]
                _release(claimed.filter(recipient_id__in=later), None, attempted=False)
                raise
            continue
        result.emails += 1
        result.items += len(items)


# --- the user's actions ----------------------------------------------------------------------


def notification_mark_read(*, notification: Notification, now: dt.datetime | None = None) -> Notification:
    if notification.read_at is None:
        notification.read_at = now or timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def notification_mark_all_read(*, user, now: dt.datetime | None = None) -> int:
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).update(
        read_at=now or timezone.now()
    )


def preference_get(*, user) -> NotificationPreference:
    """The user's preferences (unsaved defaults when they never changed them)."""
    try:
        return user.notification_preference
    except NotificationPreference.DoesNotExist:
        return NotificationPreference(user=user)


def preference_update(
    *, user, email_enabled: bool, digest_time: dt.time, **channels: Any
) -> NotificationPreference:
    """Save the person's choices; ``channels`` are the channel switches, the phone number and
    the quiet hours (only those the form offered)."""
    pref = preference_get(user=user)
    pref.email_enabled = email_enabled
    pref.digest_time = digest_time
    for name in CHANNEL_PREFERENCE_FIELDS:
        if name in channels:
            setattr(pref, name, channels[name])
    pref.full_clean(exclude=["user"])
    if pref.sms_enabled and not pref.phone:
        raise ValidationError({"phone": _("Nhập số điện thoại di động để nhận tin nhắn.")})
    if email_enabled and not user.email:
        raise ValidationError(
            {
                "email_enabled": _(
                    "Tài khoản của bạn chưa có địa chỉ thư điện tử; hãy liên hệ quản trị để bổ sung."
                )
            }
        )
    pref.save()
    return pref


def notifications_purge(*, now: dt.datetime | None = None, keep_days: int | None = None) -> int:
    """Delete notifications read more than ``keep_days`` ago, and any older than twice that.

    Safe for the ledger: the scan only ever writes rows for today's dates, so a purged
    row for a past date cannot be written (and sent) again. Email rows still waiting to be
    sent are never purged."""
    from django.conf import settings
    from django.db.models import Q

    now = now or timezone.now()
    keep = keep_days if keep_days is not None else settings.DONDOC.get("NOTIFICATION_KEEP_DAYS", 180)
    read_cutoff = now - dt.timedelta(days=keep)
    any_cutoff = now - dt.timedelta(days=2 * keep)
    waiting_email = Q(channel=Notification.Channel.EMAIL, sent_at__isnull=True)
    deleted, _by_model = (
        Notification.objects.filter(Q(read_at__lt=read_cutoff) | Q(created_at__lt=any_cutoff))
        .exclude(waiting_email)
        .delete()
    )
    logger.info("notifications purged: %d older than %d days (read) / %d days (any)", deleted, keep, 2 * keep)
    return deleted
