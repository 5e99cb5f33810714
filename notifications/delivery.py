"""Channel digests (Zalo, Web Push, SMS): one short message per person, channel and working day.

The ledger row (:class:`~notifications.models.ChannelDelivery`, unique per recipient, channel and
day) is written before anything is sent; a conditional UPDATE claims it (pending or failed →
sending, attempts + 1) so two workers or a rerun never send twice; the outcome — sent, or failed
with the error — is recorded on the row. A failed row is retried by the next run (every 15
minutes) up to MAX_ATTEMPTS; a failure that a retry cannot fix (no linked chat, a refused token)
is final at once. One channel failing never stops the others: each row is sent on its own.
Escalations reach the head and the chairman the same way, because the reminder scan already
writes their rows (notifications.selectors); every channel they enabled carries them.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from deadlines.workdays import get_calendar
from notifications.channels import registry
from notifications.channels.base import Message, TransportError
from notifications.models import ChannelDelivery, ChannelEndpoint, Notification, NotificationPreference
from notifications.schedules import DAILY_SCAN_AT
from notifications.transports import KIND_ORDER, _note, absolute, task_link

logger = logging.getLogger("dondoc.notifications")

MAX_ATTEMPTS = 3
LINES = 5


@dataclass
class ChannelResult:
    sent: dict[str, int] = field(default_factory=dict)
    failed: dict[str, int] = field(default_factory=dict)

    def add(self, bucket: dict[str, int], channel: str) -> None:
        bucket[channel] = bucket.get(channel, 0) + 1


def _day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return start, start + dt.timedelta(days=1)


def todays_items(user_id: int, day: dt.date) -> list[Notification]:
    """The person's reminders written on ``day``, most urgent first."""
    start, end = _day_bounds(day)
    rank = {kind: i for i, kind in enumerate(KIND_ORDER)}
    rows = list(
        Notification.objects.filter(recipient_id=user_id, created_at__gte=start, created_at__lt=end)
        .select_related("task")
        .only("id", "kind", "days", "for_date", "task_id", "task__title", "task__deadline")
    )
    rows.sort(key=lambda n: (rank.get(n.kind, 99), n.task.deadline or dt.date.max, n.pk))
    latest: dict[tuple[int, str], Notification] = {}
    for row in rows:
        latest.setdefault((row.task_id, row.kind), row)
    return list(latest.values())


def build_message(user, items: list[Notification], day: dt.date) -> Message:
    """Short Vietnamese text: the task titles, deadlines and days overdue, and a link."""
    with translation.override("vi"):
        count = len(items)
        # one item: the link (and a tap on the push notification) opens that task
        url = task_link(items[0].task) if count == 1 else absolute(reverse("notifications:list"))
        title = ngettext(
            "Đôn đốc – %(day)s: %(n)d việc cần chú ý", "Đôn đốc – %(day)s: %(n)d việc cần chú ý", count
        ) % {"day": day.strftime("%d/%m/%Y"), "n": count}
        lines = []
        for row in items[:LINES]:
            deadline = row.task.deadline.strftime("%d/%m/%Y") if row.task.deadline else ""
            lines.append(
                "• "
                + _("%(title)s – hạn %(deadline)s, %(note)s")
                % {"title": _clip(row.task.title, 90), "deadline": deadline or "–", "note": _note(row)}
            )
        if count > LINES:
            lines.append(_("… và %(n)d việc khác.") % {"n": count - LINES})
        lines.append(_("Xem: %(url)s") % {"url": url})
        first = items[0] if items else None
        short = _("Don doc: %(n)d viec can chu y. %(first)s Xem: %(url)s") % {
            "n": count,
            "first": (
                _("%(title)s (hạn %(deadline)s, %(note)s).")
                % {
                    "title": _clip(first.task.title, 60),
                    "deadline": first.task.deadline.strftime("%d/%m/%Y") if first.task.deadline else "–",
                    "note": _note(first),
                }
                if first
                else ""
            ),
            "url": url,
        }
    return Message(
        title=title,
        text="\n".join(lines),
        short=short,
        url=url,
        count=count,
        first_title=first.task.title if first else "",
        first_deadline=first.task.deadline.strftime("%d/%m/%Y") if first and first.task.deadline else "",
    )


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _due_now(pref: NotificationPreference | None, moment: dt.time) -> bool:
    send_at = max(pref.digest_time if pref else DAILY_SCAN_AT, DAILY_SCAN_AT)
    return moment >= send_at and not (pref and pref.in_quiet_hours(moment))


def channel_digests_deliver(
    *, now: dt.datetime | None = None, today: dt.date | None = None, force: bool = False, transports=None
) -> ChannelResult:
    """Write today's ledger rows for everyone whose digest time has come (outside their quiet
    hours) and send every claimable row. ``force`` ignores the time of day (send_reminders --date)."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    today = today or local.date()
    result = ChannelResult()
    if not get_calendar().is_working_day(today):
        return result
    transports = registry.available() if transports is None else transports
    if not transports:
        return result
    start, end = _day_bounds(today)
    recipient_ids = set(
        Notification.objects.filter(created_at__gte=start, created_at__lt=end)
        .order_by()
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    users = {
        u.pk: u
        for u in get_user_model()
        .objects.filter(pk__in=recipient_ids, is_active=True)
        .select_related("notification_preference")
    }
    rows = []
    for user in users.values():
        pref = getattr(user, "notification_preference", None)
        if pref is None or not (force or _due_now(pref, local.time())):
            continue
        for channel, transport in transports.items():
            if getattr(pref, registry.PREFERENCE_FIELD[channel], False) and transport.reachable(user):
                rows.append(ChannelDelivery(recipient=user, channel=channel, day=today, created_at=now))
    ChannelDelivery.objects.bulk_create(rows, ignore_conflicts=True)

    waiting = ChannelDelivery.objects.filter(
        day=today,
        channel__in=list(transports),
        status__in=[ChannelDelivery.Status.PENDING, ChannelDelivery.Status.FAILED],
        attempts__lt=MAX_ATTEMPTS,
    ).order_by("pk")
    for row in waiting:
        user = users.get(row.recipient_id)
        if user is None:
            continue
        pref = getattr(user, "notification_preference", None)
        if not force and pref is not None and pref.in_quiet_hours(local.time()):
            continue  # a retry waits for the end of the quiet hours too
        _deliver_one(row=row, user=user, transport=transports[row.channel], now=now, day=today, result=result)
    if result.sent or result.failed:
        logger.info("channel digests %s: sent %s, failed %s", today, result.sent, result.failed)
    return result


def _deliver_one(*, row: ChannelDelivery, user, transport, now: dt.datetime, day: dt.date, result) -> None:
    claimed = ChannelDelivery.objects.filter(
        pk=row.pk,
        status__in=[ChannelDelivery.Status.PENDING, ChannelDelivery.Status.FAILED],
        attempts__lt=MAX_ATTEMPTS,
    ).update(status=ChannelDelivery.Status.SENDING, attempts=F("attempts") + 1, claimed_at=now)
    if not claimed:
        return  # another worker has it
    items = todays_items(user.pk, day)
    message = build_message(user, items, day)
    try:
        transport.send(user, message)
    except Exception as exc:  # noqa: BLE001 - record whatever went wrong on the row; other rows go on
        retryable = getattr(exc, "retryable", True)
        changes = {"status": ChannelDelivery.Status.FAILED, "error": f"{type(exc).__name__}: {exc}"[:1000]}
        if not retryable:
            changes["attempts"] = MAX_ATTEMPTS
        ChannelDelivery.objects.filter(pk=row.pk).update(items=len(items), text=message.text, **changes)
        if isinstance(exc, TransportError) and exc.unlink:
            ChannelEndpoint.objects.filter(user=user, channel=row.channel).update(
                is_active=False, last_error=str(exc)[:500]
            )
        result.add(result.failed, row.channel)
        logger.warning(
            "channel %s to user %s failed (attempt %s): %s", row.channel, user.pk, row.attempts + 1, exc
        )
        return
    ChannelDelivery.objects.filter(pk=row.pk).update(
        status=ChannelDelivery.Status.SENT,
        sent_at=timezone.now(),
        items=len(items),
        text=message.text,
        error="",
    )
    result.add(result.sent, row.channel)
