"""Start-up check: SITE_URL, when set, must name a host this server answers to; otherwise
every calendar and email link points where the app does not run."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register
from django.http.request import validate_host


@register(Tags.compatibility)
def site_url_matches_allowed_hosts(app_configs=None, **kwargs):
    if not getattr(settings, "SITE_URL_CONFIGURED", False):
        return []
    parts = urlsplit(settings.SITE_URL)
    host = parts.hostname or ""
    allowed = list(settings.ALLOWED_HOSTS)
    if settings.DEBUG and not allowed:
        allowed = [".localhost", "127.0.0.1", "[::1]"]  # what Django accepts then
    problems = []
    if parts.scheme not in ("http", "https") or not host:
        problems.append(f"SITE_URL {settings.SITE_URL!r} is not an http(s) address")
    elif not validate_host(f"[{host}]" if ":" in host else host, allowed):
        problems.append(
            f"SITE_URL {settings.SITE_URL!r} names host {host!r}, which ALLOWED_HOSTS {allowed!r} refuses"
        )
    return [
        Warning(
            problem,
            hint="Set SITE_URL to the address users open, or leave it unset: pages then build "
            "links from the request.",
            id="dondoc.W010",
        )
        for problem in problems
    ]
