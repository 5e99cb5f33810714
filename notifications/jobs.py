"""django-q2 entry points: thin, idempotent, each calls one service.

The scan computes "due today and not yet in the ledger", never "since the last run",
so a retried or duplicated job has one effect.
"""

from __future__ import annotations

import logging

from notifications import delivery, services

logger = logging.getLogger("dondoc.notifications")


def daily_scan() -> dict:
    """07:00 every day: occurrences, reminders, and the digests due at that hour."""
    result = services.reminder_scan()
    channels = delivery.channel_digests_deliver()
    return {
        "today": result.today.isoformat(),
        "created": result.created,
        "sent": result.sent,
        "channels_sent": channels.sent,
        "channels_failed": channels.failed,
    }


def weekly_digest() -> dict:
    """Weekly, just before the daily scan: the leadership's overdue digest rows; they go out
    with that morning's digest (sending here would use up the day's one email)."""
    result = services.weekly_digest_scan(deliver=False)
    return {"today": result.today.isoformat(), "created": result.created, "sent": result.sent}


def deliver_digests() -> dict:
    """Every 15 minutes: digests (e-mail, then Zalo, push, SMS) for people whose chosen time has
    come; channel rows that failed are retried here."""
    result = services.digests_deliver()
    channels = delivery.channel_digests_deliver()
    return {
        "sent": result.emails,
        "items": result.items,
        "failed": result.failed,
        "channels_sent": channels.sent,
        "channels_failed": channels.failed,
    }


def purge_notifications() -> dict:
    """Weekly at night: old notifications, so the bell's list and the table stay small."""
    return {"deleted": services.notifications_purge()}
