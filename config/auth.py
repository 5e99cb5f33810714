"""Sign-in plumbing: the client's address and the login-throttling backend.

django-axes counts failed logins per (username, client address) and locks the pair
out for ``AXES_COOLOFF_MINUTES`` after ``AXES_FAILURE_LIMIT`` failures; see settings.
"""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpRequest


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
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_response(request: HttpRequest, original_response=None, credentials=None):
    """What a locked-out user sees: a Vietnamese explanation, HTTP 429."""
    from django.shortcuts import render

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60) if settings.AXES_COOLOFF_TIME else 0
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "cooloff_minutes": minutes}
    return render(request, "registration/lockout.html", context, status=429)
