"""Error pages that also leave a trace in the log."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.views import defaults

from config.auth import client_ip

logger = logging.getLogger("dondoc.permissions")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """403: log who was refused what (units.permissions.require has logged the rule), then
    render templates/403.html."""
    user = getattr(request, "user", None)
    user_id = user.pk if user is not None and user.is_authenticated else None
    ip = client_ip(request)
    logger.warning(
        "forbidden: %s %s user=%s ip=%s",
        request.method,
        request.path,
        user_id,
        ip,
        extra={
            "event": "forbidden",
            "user_id": user_id,
            "ip": ip,
            "path": request.path,
            "method": request.method,
        },
    )
    return defaults.permission_denied(request, exception)
