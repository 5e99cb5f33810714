"""Login throttling that django-axes' per-(username, address) lockout does not cover.

Password spraying tries one password against many accounts, so no (username, address) pair ever
reaches axes' limit. Three counters, kept in the default cache (Redis in production, so every
web worker sees the same counts), add a *slow-down* rather than a lockout:

* per address, distinct usernames that failed in the window (``LOGIN_IP_USERNAME_LIMIT``, 5 in
  15 minutes): the signature of spraying; typos by a few people behind one office NAT stay under it;
* per address, failures of any kind in the window (``LOGIN_IP_FAILURE_LIMIT``, 30 in 15 minutes);
* site-wide failures per minute (``LOGIN_SITE_FAILURES_PER_MINUTE``, 60): a distributed attempt.

Over a limit, the next attempt must wait ``LOGIN_SLOW_SECONDS`` after the previous failure, doubling
with every further failure (capped at the window). Nobody is locked out for good: a correct
password after the wait signs in, and the counts fall as the window slides.
"""

from __future__ import annotations

import hashlib
import math
import time

from django.conf import settings
from django.core.cache import cache

PREFIX = "dondoc:login"


def _bucket(now: float) -> int:
    return int(now // 60)


def _window_minutes() -> int:
    return max(1, int(settings.LOGIN_THROTTLE_WINDOW_MINUTES))


def _sum(keys: list[str]) -> int:
    return sum(int(v) for v in cache.get_many(keys).values())


def _incr(key: str, timeout: int) -> None:
    if not cache.add(key, 1, timeout):
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.add(key, 1, timeout)


def record_failure(ip: str, username: str, now: float | None = None) -> None:
    now = time.time() if now is None else now
    window = _window_minutes()
    ttl = (window + 1) * 60
    bucket = _bucket(now)
    ip = ip or "-"
    _incr(f"{PREFIX}:ip:{ip}:{bucket}", ttl)
    user_key = hashlib.sha256(username.strip().lower().encode()).hexdigest()[:16]
    if cache.add(f"{PREFIX}:ipu:{ip}:{user_key}", 1, window * 60):
        _incr(f"{PREFIX}:ipn:{ip}:{bucket}", ttl)
    cache.set(f"{PREFIX}:last:{ip}", now, ttl)
    _incr(f"{PREFIX}:site:{bucket}", 180)
    cache.set(f"{PREFIX}:site-last", now, 180)


def retry_after(ip: str, now: float | None = None) -> int:
    """Seconds the client at ``ip`` must still wait before its next sign-in attempt (0: go ahead)."""
    now = time.time() if now is None else now
    window = _window_minutes()
    ip = ip or "-"
    buckets = range(_bucket(now) - window + 1, _bucket(now) + 1)
    failures = _sum([f"{PREFIX}:ip:{ip}:{b}" for b in buckets])
    usernames = _sum([f"{PREFIX}:ipn:{ip}:{b}" for b in buckets])
    over = max(
        usernames - settings.LOGIN_IP_USERNAME_LIMIT + 1,
        failures - settings.LOGIN_IP_FAILURE_LIMIT + 1,
    )
    wait = 0.0
    if over > 0:
        delay = min(settings.LOGIN_SLOW_SECONDS * 2 ** (over - 1), window * 60)
        last = cache.get(f"{PREFIX}:last:{ip}")
        if last is not None:
            wait = max(wait, delay - (now - float(last)))
    per_minute = settings.LOGIN_SITE_FAILURES_PER_MINUTE
    if per_minute:
        site = _sum([f"{PREFIX}:site:{_bucket(now) - 1}", f"{PREFIX}:site:{_bucket(now)}"])
        if site >= per_minute:
            last = cache.get(f"{PREFIX}:site-last")
            if last is not None:
                wait = max(wait, 60 / per_minute - (now - float(last)))
    return math.ceil(wait) if wait > 0 else 0
