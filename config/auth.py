"""Sign-in plumbing: the client's address and the login-throttling backend.

django-axes counts failed logins per (username, client address) and locks the pair
out for ``AXES_COOLOFF_MINUTES`` after ``AXES_FAILURE_LIMIT`` failures; config/throttle.py slows
down spraying from one address (many usernames) and a distributed attempt (site-wide rate).
"""

from __future__ import annotations

import logging
from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from config import throttle

logger = logging.getLogger("dondoc.auth")
# The demo's shared password (units/demo); refused when DEBUG is off (settings.DEMO_PASSWORD_ALLOWED).
DEMO_PASSWORD = "dondoc2026"  # noqa: S105


def client_ip(request: HttpRequest | None) -> str:
    """The client's address: REMOTE_ADDR, or behind our reverse proxy (BEHIND_PROXY=1) the
    address the proxy appended to X-Forwarded-For. Addresses a client put there itself are
    ignored, so nobody can dodge the lockout by sending a made-up header."""
    if request is None:
        return ""
    if settings.DONDOC_TRUSTED_PROXIES:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        if len(hops) >= settings.DONDOC_TRUSTED_PROXIES:
            return hops[-settings.DONDOC_TRUSTED_PROXIES]
    return request.META.get("REMOTE_ADDR", "")


class LoginThrottleBackend(AxesStandaloneBackend):
    """Axes' lockout check, also usable without a request.

    Axes refuses ``authenticate()`` calls without a request; those only come from code
    running on the server (the test client's ``login()``, shell sessions), never from a
    browser, so there is nothing to throttle and we let the next backend decide.
    """

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password=None, **kwargs: Any
    ):
        if request is None:
            return None
        wait = throttle.retry_after(client_ip(request))
        if wait:
            # Shown by lockout_response below (HTTP 429, Retry-After); not counted as a failure.
            request.dondoc_retry_after = wait
            request.axes_locked_out = True
            logger.warning("login throttled: ip=%s retry_after=%ss", client_ip(request), wait)
            raise AxesBackendPermissionDenied("login throttled")
        if password == DEMO_PASSWORD and not settings.DEMO_PASSWORD_ALLOWED:
            logger.warning("login with the demo password refused (DEBUG is off): username=%s", username)
            raise PermissionDenied("demo password")
        return super().authenticate(request, username=username, password=password, **kwargs)


def _record_failure(sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs):
    """Every real failure feeds the spraying counters (a throttled attempt is not a new failure)."""
    if request is None or getattr(request, "dondoc_retry_after", 0):
        return
    throttle.record_failure(client_ip(request), str(credentials.get("username", ""))[:150])


def connect() -> None:
    user_login_failed.connect(_record_failure, dispatch_uid="dondoc.auth.throttle")


def lockout_response(request: HttpRequest, original_response=None, credentials=None):
    """What a locked-out user sees: a Vietnamese explanation, HTTP 429."""
    from django.shortcuts import render

    wait = getattr(request, "dondoc_retry_after", 0)
    if wait:
        response = render(request, "registration/throttled.html", {"seconds": wait}, status=429)
        response["Retry-After"] = str(wait)
        return response
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60) if settings.AXES_COOLOFF_TIME else 0
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "cooloff_minutes": minutes}
    return render(request, "registration/lockout.html", context, status=429)
