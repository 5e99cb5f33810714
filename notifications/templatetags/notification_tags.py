from __future__ import annotations

from django import template
from django.utils import timezone

from notifications.channels import config as channel_config
from notifications.channels import registry
from notifications.forms import PreferenceForm
from notifications.models import ChannelEndpoint, ChannelLinkCode
from notifications.services import preference_get

register = template.Library()


@register.simple_tag(takes_context=True)
def notification_preference_form(context) -> PreferenceForm | None:
    """The signed-in user's preference form, for the profile page's section."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return PreferenceForm(instance=preference_get(user=user), channels=registry.available())


@register.simple_tag(takes_context=True)
def notification_channels(context) -> dict:
    """What the profile page shows about the channels: which are configured, the linked Zalo
    chat or the current one-time code, the push key and this person's devices."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    config = channel_config.current()
    available = registry.available(config)
    endpoints = list(ChannelEndpoint.objects.filter(user=user, is_active=True).order_by("-created_at"))
    code = (
        ChannelLinkCode.objects.filter(user=user, used_at__isnull=True, expires_at__gt=timezone.now())
        .order_by("-created_at")
        .first()
    )
    return {
        "available": available,
        "zalo": "zalo" in available,
        "zalo_chat": next((e for e in endpoints if e.channel == "zalo"), None),
        "zalo_code": code,
        "zalo_bot_link": config.zalo_bot_link,
        "push": "push" in available,
        "push_key": config.vapid_public_key if "push" in available else "",
        "push_devices": [e for e in endpoints if e.channel == "push"],
    }
