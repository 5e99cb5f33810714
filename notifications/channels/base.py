"""The interface every channel implements, and the one HTTP helper they share.

A transport sends one short text to one person; it raises :class:`TransportError` saying
whether a retry may help (timeouts, 5xx, rate limits) or not (a bad token, an unlinked chat).
It never writes the ledger: ``notifications.delivery`` does, before and after calling it.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from notifications.channels.config import ChannelConfig

logger = logging.getLogger("dondoc.notifications")


class TransportError(Exception):
    def __init__(self, message: str, *, retryable: bool = True, unlink: bool = False) -> None:
        super().__init__(message)
        self.retryable = retryable
        self.unlink = unlink  # the address is gone for good (blocked bot, expired push subscription)


@dataclass
class Message:
    """What a reminder says, shaped per channel by the transport."""

    title: str
    text: str  # several short lines
    short: str  # one line (SMS)
    url: str
    count: int = 0
    first_title: str = ""
    first_deadline: str = ""


class Transport:
    channel: str = ""

    def __init__(self, config: ChannelConfig) -> None:
        self.config = config

    @classmethod
    def configured(cls, config: ChannelConfig) -> bool:
        raise NotImplementedError

    def reachable(self, user) -> bool:
        """Whether this person can be reached here (a linked chat, a subscription, a phone)."""
        raise NotImplementedError

    def send(self, user, message: Message) -> None:
        raise NotImplementedError


def http_request(
    url: str,
    *,
    method: str = "POST",
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 10.0,
) -> tuple[int, bytes]:
    """One HTTP call with a timeout; network errors, timeouts, 429 and 5xx become retryable
    TransportErrors, other 4xx non-retryable ones. Returns (status, body) for 2xx."""
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (admin-set URL)
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        detail = exc.read()[:300].decode("utf-8", "replace")
        if exc.code == 429:
            retry = exc.headers.get("Retry-After", "")
            raise TransportError(f"rate limited (HTTP 429, Retry-After {retry or '?'})") from exc
        raise TransportError(f"HTTP {exc.code}: {detail}", retryable=exc.code >= 500) from exc
    except TimeoutError as exc:
        raise TransportError(f"timeout after {timeout:.0f}s") from exc
    except urllib.error.URLError as exc:
        raise TransportError(f"network error: {exc.reason}") from exc
    except OSError as exc:
        raise TransportError(f"network error: {exc}") from exc


def post_json(
    url: str, payload: dict[str, Any], *, headers: dict[str, str] | None = None, timeout: float
) -> Any:
    status, raw = http_request(
        url,
        body=json.dumps(payload, ensure_ascii=False).encode(),
        headers={"Content-Type": "application/json", **(headers or {})},
        timeout=timeout,
    )
    try:
        return json.loads(raw or b"{}")
    except ValueError as exc:
        raise TransportError(f"unreadable answer (HTTP {status})") from exc
