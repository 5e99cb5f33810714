"""Secrets at rest: channel tokens are stored encrypted (Fernet, AES-128-CBC + HMAC) with a key
derived from ``CHANNEL_SECRET_KEY`` (or ``SECRET_KEY`` when that is not set)."""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

PREFIX = "enc:"


def _fernet() -> Fernet:
    material = (getattr(settings, "CHANNEL_SECRET_KEY", "") or settings.SECRET_KEY).encode()
    key = base64.urlsafe_b64encode(hashlib.sha256(b"dondoc-channels:" + material).digest())
    return Fernet(key)


def encrypt(value: str) -> str:
    if not value:
        return ""
    return PREFIX + _fernet().encrypt(value.encode()).decode()


def decrypt(stored: str) -> str:
    """The plain value; an unreadable value (a changed key) reads as empty, so the channel
    shows as not configured rather than sending garbage."""
    if not stored:
        return ""
    if not stored.startswith(PREFIX):
        return stored
    try:
        return _fernet().decrypt(stored[len(PREFIX) :].encode()).decode()
    except InvalidToken:
        return ""


def masked(value: str) -> str:
    """What the admin shows of a secret: its last four characters."""
    if not value:
        return ""
    return "•" * 8 + value[-4:] if len(value) > 8 else "•" * 8
