"""The channel configuration in force: an environment variable wins over the admin's stored value."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

from django.conf import settings

from notifications.channels.secrets import decrypt

ENV = {
    "zalo_bot_token": "ZALO_BOT_TOKEN",
    "zalo_webhook_secret": "ZALO_WEBHOOK_SECRET",
    "zalo_bot_link": "ZALO_BOT_LINK",
    "zns_app_id": "ZNS_APP_ID",
    "zns_secret_key": "ZNS_SECRET_KEY",
    "zns_access_token": "ZNS_ACCESS_TOKEN",
    "zns_refresh_token": "ZNS_REFRESH_TOKEN",
    "zns_template_id": "ZNS_TEMPLATE_ID",
    "vapid_public_key": "VAPID_PUBLIC_KEY",
    "vapid_private_key": "VAPID_PRIVATE_KEY",
    "vapid_subject": "VAPID_SUBJECT",
    "sms_url": "SMS_GATEWAY_URL",
    "sms_method": "SMS_GATEWAY_METHOD",
    "sms_auth_header": "SMS_GATEWAY_AUTH_HEADER",
    "sms_body_template": "SMS_GATEWAY_BODY",
    "sms_content_type": "SMS_GATEWAY_CONTENT_TYPE",
}


@dataclass
class ChannelConfig:
    zalo_bot_token: str = ""
    zalo_webhook_secret: str = ""
    zalo_bot_link: str = ""
    zns_app_id: str = ""
    zns_secret_key: str = ""
    zns_access_token: str = ""
    zns_refresh_token: str = ""
    zns_token_expires_at: dt.datetime | None = None
    zns_template_id: str = ""
    vapid_public_key: str = ""
    vapid_private_key: str = ""
    vapid_subject: str = ""
    sms_url: str = ""
    sms_method: str = "POST"
    sms_auth_header: str = ""
    sms_body_template: str = '{"to": "{phone}", "message": "{text}"}'
    sms_content_type: str = "application/json"
    sms_strip_accents: bool = True
    # API addresses (settings, so tests and a provincial relay can point elsewhere)
    zalo_bot_api: str = "https://bot-api.zaloplatforms.com"
    zns_api: str = "https://business.openapi.zalo.me"
    zalo_oauth_url: str = "https://oauth.zaloapp.com/v4/oa/access_token"
    timeout: float = 10.0


def current() -> ChannelConfig:
    from notifications.models import ChannelSettings

    row = ChannelSettings.current()
    config = ChannelConfig(
        zns_token_expires_at=row.zns_token_expires_at,
        sms_strip_accents=row.sms_strip_accents,
        zalo_bot_api=getattr(settings, "ZALO_BOT_API", ChannelConfig.zalo_bot_api),
        zns_api=getattr(settings, "ZNS_API", ChannelConfig.zns_api),
        zalo_oauth_url=getattr(settings, "ZALO_OAUTH_URL", ChannelConfig.zalo_oauth_url),
        timeout=float(getattr(settings, "CHANNEL_HTTP_TIMEOUT", 10.0)),
    )
    for field, variable in ENV.items():
        stored = getattr(row, field, "") or ""
        if field in row.SECRET_FIELDS:
            stored = decrypt(stored)
        value = os.environ.get(variable) or stored
        if value:
            setattr(config, field, value)
    return config
