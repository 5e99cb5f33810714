"""Linking a person to a channel address: the Zalo chat (a one-time code sent to the bot,
checked by the webhook) and Web Push subscriptions (posted by the browser)."""

from __future__ import annotations

import datetime as dt
import hmac
import logging
import re
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.models import ChannelEndpoint, ChannelLinkCode

logger = logging.getLogger("dondoc.notifications")

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off a screen, typed on a phone
CODE_LENGTH = 8
CODE_VALID = dt.timedelta(minutes=15)
CODE_IN_TEXT = re.compile(rf"\b(?:DD-?)?([{CODE_ALPHABET}]{{{CODE_LENGTH}}})\b")
STOP_WORDS = {"huy", "hủy", "stop", "/stop", "dung", "dừng"}


def link_code_create(*, user, now: dt.datetime | None = None) -> ChannelLinkCode:
    now = now or timezone.now()
    ChannelLinkCode.objects.filter(user=user, used_at__isnull=True).delete()
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return ChannelLinkCode.objects.create(user=user, code=code, created_at=now, expires_at=now + CODE_VALID)


def secret_matches(given: str, expected: str) -> bool:
    return bool(expected) and hmac.compare_digest(given.encode(), expected.encode())


@transaction.atomic
def zalo_link_from_message(
    *, chat_id: str, text: str, display_name: str = "", now: dt.datetime | None = None
):
    """Handle a text the bot received: a valid code links the chat (replacing the person's
    previous chat); "hủy"/"stop" unlinks it. Returns (user or None, outcome)."""
    now = now or timezone.now()
    words = (text or "").strip().lower()
    if words in STOP_WORDS:
        count = ChannelEndpoint.objects.filter(channel="zalo", address=chat_id, is_active=True).update(
            is_active=False, last_error="unlinked by the user from Zalo"
        )
        return None, "unlinked" if count else "unknown"
    match = CODE_IN_TEXT.search((text or "").upper())
    if not match:
        return None, "no_code"
    link = (
        ChannelLinkCode.objects.select_for_update()
        .filter(code=match.group(1), used_at__isnull=True, expires_at__gt=now)
        .select_related("user")
        .first()
    )
    if link is None:
        return None, "bad_code"
    link.used_at = now
    link.save(update_fields=["used_at"])
    ChannelEndpoint.objects.filter(user=link.user, channel="zalo").exclude(address=chat_id).update(
        is_active=False
    )
    ChannelEndpoint.objects.update_or_create(
        channel="zalo",
        address=chat_id,
        defaults={"user": link.user, "is_active": True, "label": display_name[:255], "last_error": ""},
    )
    logger.info("zalo chat linked to user %s", link.user.pk)
    return link.user, "linked"


def zalo_unlink(*, user) -> int:
    return ChannelEndpoint.objects.filter(user=user, channel="zalo", is_active=True).update(
        is_active=False, last_error="unlinked from the profile page"
    )


def push_subscribe(*, user, subscription: dict, label: str = "") -> ChannelEndpoint:
    endpoint = str(subscription.get("endpoint") or "")
    keys = subscription.get("keys") or {}
    if not endpoint.startswith(("https://", "http://")) or len(endpoint) > 1024:
        raise ValidationError(_("Đăng ký nhận thông báo không hợp lệ."))
    if not isinstance(keys, dict) or not keys.get("p256dh") or not keys.get("auth"):
        raise ValidationError(_("Đăng ký nhận thông báo không hợp lệ."))
    row, _created = ChannelEndpoint.objects.update_or_create(
        channel="push",
        address=endpoint,
        defaults={
            "user": user,
            "keys": {"p256dh": str(keys["p256dh"])[:200], "auth": str(keys["auth"])[:100]},
            "label": label[:255],
            "is_active": True,
            "last_error": "",
        },
    )
    return row


def push_unsubscribe(*, user, endpoint: str) -> int:
    return ChannelEndpoint.objects.filter(user=user, channel="push", address=endpoint).update(is_active=False)
