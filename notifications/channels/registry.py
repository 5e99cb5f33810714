"""Which channels exist and which are configured."""

from __future__ import annotations

from notifications.channels import config as config_mod
from notifications.channels.base import Transport
from notifications.channels.push import WebPushTransport
from notifications.channels.sms import SmsTransport
from notifications.channels.zalo import ZaloBotTransport, ZnsTransport

TRANSPORTS: dict[str, type[Transport]] = {
    "zalo": ZaloBotTransport,
    "zns": ZnsTransport,
    "push": WebPushTransport,
    "sms": SmsTransport,
}
#: the preference switch that turns each channel on for a person (ZNS shares Zalo's)
PREFERENCE_FIELD = {
    "zalo": "zalo_enabled",
    "zns": "zalo_enabled",
    "push": "push_enabled",
    "sms": "sms_enabled",
}


def available(config=None) -> dict[str, Transport]:
    """The configured channels, each with its transport. With a Zalo bot, ZNS is not used:
    one Zalo message a day, not two."""
    config = config or config_mod.current()
    transports = {name: cls(config) for name, cls in TRANSPORTS.items() if cls.configured(config)}
    if "zalo" in transports:
        transports.pop("zns", None)
    return transports


def transport_for(channel: str, config=None) -> Transport:
    config = config or config_mod.current()
    return TRANSPORTS[channel](config)
