"""Structured logging: one JSON object per line when LOG_FORMAT=json, plain text otherwise.

Fields: ``ts`` (ISO 8601, UTC), ``level``, ``logger``, ``message``, plus every
``extra={...}`` attribute a caller passed, plus ``exc`` with the traceback of an error.
Log shippers (journald, Loki, ELK) read the lines as they are.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from typing import Any

from config.logmask import mask_secrets

# Attributes every LogRecord has; anything else was passed with ``extra=`` and is kept.
_STANDARD = frozenset(
    vars(logging.LogRecord("x", logging.INFO, "x", 0, "x", None, None)).keys()
    | {"message", "asctime", "taskName"}
)


def _jsonable(value: Any) -> Any:
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return str(value)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            # Django attaches the request object to some records; never dump it whole.
            if key not in _STANDARD and key not in entry and key not in ("request", "masked_path"):
                entry[key] = _jsonable(value)
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            entry.setdefault("path", getattr(record, "masked_path", None) or mask_secrets(request.path))
            entry.setdefault("method", getattr(request, "method", ""))
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class SkipForbidden(logging.Filter):
    """Drops django.request's record of a 403 (config.errors.permission_denied logs it)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return getattr(record, "status_code", None) != 403


def build_logging(*, fmt: str, level: str) -> dict[str, Any]:
    """The LOGGING dict for ``fmt`` ("json" or "plain")."""
    if fmt not in {"json", "plain"}:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"LOG_FORMAT must be 'json' or 'plain', got {fmt!r}")
    config: dict[str, Any] = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
            "json": {"()": "config.logging.JsonFormatter"},
            "server": {"format": "[%(asctime)s] %(message)s"},
        },
        # every handler masks secrets (calendar tokens in request paths): config.logmask
        "filters": {
            "mask_secrets": {"()": "config.logmask.SecretMaskFilter"},
            "skip_forbidden": {"()": "config.logging.SkipForbidden"},
        },
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": fmt, "filters": ["mask_secrets"]},
            "server": {
                "class": "logging.StreamHandler",
                "formatter": fmt if fmt == "json" else "server",
                "filters": ["mask_secrets"],
            },
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # runserver's access log (replaces Django's default handler, which would not mask)
            "django.server": {"handlers": ["server"], "level": "INFO", "propagate": False},
            "django.db.backends": {"level": "WARNING"},
            # a 403 is one line from config.errors, not Django's "Forbidden" line with a traceback
            "django.request": {"filters": ["skip_forbidden"]},
            "dondoc": {"level": "INFO"},
            "axes": {"level": "WARNING"},  # we log logins ourselves, as dondoc.auth
        },
    }
    if fmt == "json":
        # Replace Django's own console handler (active with DEBUG) so every line is JSON.
        config["loggers"]["django"] = {"handlers": ["console"], "level": level, "propagate": False}
    return config
