"""Secrets never reach a log line.

A calendar feed is fetched by URL (``/lich/f/<token>.ics``): the token is the only credential
a calendar app can send, so an access log that writes the path would hand anyone who reads the
logs a working subscription. Every log record goes through :class:`SecretMaskFilter` (Django's
request and server logs, our own loggers) and gunicorn's access log through
:class:`MaskingGunicornLogger`; both keep the first characters of a token (enough to tell two
subscriptions apart) and drop the rest.
"""

from __future__ import annotations

import logging
import re

# /lich/f/<token>.ics, and ?token=… / &token=… in any URL
_FEED_PATH = re.compile(r"(/f/)([A-Za-z0-9_\-]{4})[A-Za-z0-9_\-]*(\.ics)")
_TOKEN_PARAM = re.compile(r"((?:^|[?&;])(?:token|api_key|key)=)([^&\s\"']{0,4})[^&\s\"']*", re.IGNORECASE)
MASK = "…"


def mask_secrets(text: str) -> str:
    if not text or ("/f/" not in text and "=" not in text):
        return text
    text = _FEED_PATH.sub(rf"\1\2{MASK}\3", text)
    return _TOKEN_PARAM.sub(rf"\1\2{MASK}", text)


class SecretMaskFilter(logging.Filter):
    """Rewrites the record's message with secrets masked (never drops a record)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string is the caller's bug; leave the record alone
            return True
        masked = mask_secrets(message)
        if masked != message:
            record.msg, record.args = masked, ()
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            record.masked_path = mask_secrets(request.path)
        return True


try:  # gunicorn is a production dependency, but keep this module importable without it
    from gunicorn.glogging import Logger as _GunicornLogger
except ImportError:  # pragma: no cover
    _GunicornLogger = object  # type: ignore[assignment,misc]


class MaskingGunicornLogger(_GunicornLogger):  # type: ignore[misc,valid-type]
    """gunicorn's logger with the request line, path, query and referrer masked
    (``gunicorn --logger-class config.logmask.MaskingGunicornLogger``)."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U", "q", "f", "{referer}i"):
            if isinstance(atoms.get(key), str):
                atoms[key] = mask_secrets(atoms[key])
        return atoms
