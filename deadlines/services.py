"""Writes for calendar subscriptions: create (returns the token once) and revoke."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from deadlines import selectors
from deadlines.models import CalendarSubscription
from directives.models import Directive
from units.models import Unit
from units.permissions import Action, can, require

logger = logging.getLogger("dondoc.calendar")

TOKEN_BYTES = 32  # 256 bits of randomness; the URL carries 43 URL-safe characters
TOUCH_EVERY = dt.timedelta(hours=1)


def feed_path(token: str) -> str:
    return reverse("deadlines:feed", args=[token])


def subscription_create(
    *,
    user: Any,
    scope: str,
    name: str = "",
    unit: Unit | None = None,
    directive: Directive | None = None,
) -> tuple[CalendarSubscription, str]:
    """Create a subscription for ``user``; returns it and the token, which is never stored.

    Raises ValidationError when the user may not subscribe to that scope.
    """
    require(user, Action.CALENDAR_SUBSCRIBE)
    Scope = CalendarSubscription.Scope
    unit = unit if scope == Scope.UNIT else None
    directive = directive if scope == Scope.DIRECTIVE else None
    if not selectors.scope_allowed(user=user, scope=scope, unit=unit, directive=directive):
        logger.warning("calendar scope refused: user=%s scope=%s", user.pk, scope)
        raise ValidationError(_("Bạn không được đăng ký lịch với phạm vi này."), code="scope")
    token = secrets.token_urlsafe(TOKEN_BYTES)
    subscription = CalendarSubscription(
        user=user,
        name=(name or "").strip(),
        scope=scope,
        unit=unit,
        directive=directive,
        token_hash=selectors.token_hash(token),
        token_hint=token[:6],
    )
    if not subscription.name:
        subscription.name = subscription.scope_label[:128]
    subscription.full_clean()
    subscription.save()
    logger.info("calendar subscription created: id=%s user=%s scope=%s", subscription.pk, user.pk, scope)
    return subscription, token


def subscription_revoke(*, subscription: CalendarSubscription, actor: Any) -> CalendarSubscription:
    """Revoke (owner or administrator); idempotent: a second revoke changes nothing."""
    if actor.pk != subscription.user_id and not can(actor, Action.CALENDAR_MANAGE_ANY):
        logger.warning("calendar revoke refused: actor=%s subscription=%s", actor.pk, subscription.pk)
        raise PermissionDenied
    now = timezone.now()
    changed = CalendarSubscription.objects.filter(pk=subscription.pk, revoked_at__isnull=True).update(
        revoked_at=now
    )
    if changed:
        subscription.revoked_at = now
        logger.info("calendar subscription revoked: id=%s actor=%s", subscription.pk, actor.pk)
    else:
        subscription.refresh_from_db(fields=["revoked_at"])
    return subscription


def subscription_touch(*, subscription: CalendarSubscription) -> None:
    """Record that a calendar client fetched the feed, at most once an hour (a conditional UPDATE)."""
    now = timezone.now()
    if subscription.last_used_at and now - subscription.last_used_at < TOUCH_EVERY:
        return
    CalendarSubscription.objects.filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - TOUCH_EVERY), pk=subscription.pk
    ).update(last_used_at=now)
