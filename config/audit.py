"""Audit log of sign-ins: every login, logout and failed login, as ``dondoc.auth`` records.

Records carry ``event``, ``user_id``, ``username`` and ``ip`` as structured fields
(see config/logging.py); passwords never appear (Django masks them in the signal).
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.http import HttpRequest

from config.auth import client_ip

logger = logging.getLogger("dondoc.auth")


def _logged_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    ip = client_ip(request)
    logger.info(
        "login: user=%s username=%s ip=%s",
        user.pk,
        user.get_username(),
        ip,
        extra={"event": "login", "user_id": user.pk, "username": user.get_username(), "ip": ip},
    )


def _logged_out(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    ip = client_ip(request)
    user_id = getattr(user, "pk", None)
    username = user.get_username() if user is not None else ""
    logger.info(
        "logout: user=%s username=%s ip=%s",
        user_id,
        username,
        ip,
        extra={"event": "logout", "user_id": user_id, "username": username, "ip": ip},
    )


def _login_failed(sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs):
    ip = client_ip(request)
    username = str(credentials.get("username", ""))[:150]
    locked = bool(getattr(request, "axes_locked_out", False))
    logger.warning(
        "login failed: username=%s ip=%s locked_out=%s",
        username,
        ip,
        locked,
        extra={"event": "login_failed", "username": username, "ip": ip, "locked_out": locked},
    )


def connect() -> None:
    user_logged_in.connect(_logged_in, dispatch_uid="dondoc.audit.login")
    user_logged_out.connect(_logged_out, dispatch_uid="dondoc.audit.logout")
    user_login_failed.connect(_login_failed, dispatch_uid="dondoc.audit.login_failed")
