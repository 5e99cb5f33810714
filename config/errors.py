"""Error pages that also leave a trace in the log."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.views import defaults

from config.auth import client_ip

logger = logging.getLogger("dondoc.permissions")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """403: log who was refused what, in one line (the rule units.permissions.require
    refused travels in the exception; Django's own django.request line is filtered out by
    config.logging), then render templates/403.html."""
    user = getattr(request, "user", None)
    user_id = user.pk if user is not None and user.is_authenticated else None
    ip = client_ip(request)
    rule = str(exception or "") or "-"
    logger.warning(
        "forbidden: %s %s user=%s ip=%s %s",
        request.method,
        request.path,
        user_id,
        ip,
        rule,
        extra={
            "rule": rule,
            "event": "forbidden",
            "user_id": user_id,
            "ip": ip,
            "path": request.path,
            "method": request.method,
        },
    )
    return defaults.permission_denied(request, exception)
