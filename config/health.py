"""``GET /healthz``: is the database, the job broker and the job worker alive?

Answers JSON, 200 when every check passes and 503 otherwise; no login needed, so a
load balancer or monitor can poll it. It never shows a URL, host, password or error
text (only an exception's class name).

- database: ``SELECT 1`` on the default connection.
- broker: with REDIS_URL, a Redis ``PING`` (and the queue length); with the ORM
  broker, a query on django_q's OrmQ table (the number of queued jobs).
- worker: the heartbeat of the django-q2 cluster. Each running cluster's sentinel
  stores a ``Stat`` every half second with a 3-second expiry (in Redis with the Redis
  broker, in the cache named by ``Q_CLUSTER["cache"]`` with the ORM broker, a cache
  that web and worker share). A live Stat means a cluster is running now
  (``source: "cluster_stat"``). When no Stat is visible we fall back to the newest
  finished job (django_q Success/Failure rows): the worker counts as alive if one finished
  within ``HEALTH_WORKER_MAX_AGE`` seconds (``source: "last_job"``).
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def _error(exc: Exception) -> dict[str, Any]:
    return {"ok": False, "error": type(exc).__name__}


def check_database() -> dict[str, Any]:
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means "down"
        return _error(exc)
    return {"ok": True, "vendor": connection.vendor, "ms": round((time.perf_counter() - started) * 1000, 1)}


def check_broker() -> dict[str, Any]:
    started = time.perf_counter()
    try:
        if settings.REDIS_URL:
            import redis

            client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2)
            try:
                client.ping()
                queued = client.llen(f"django_q:{settings.Q_CLUSTER['name']}:q")
            finally:
                client.close()
            kind = "redis"
        else:
            from django_q.models import OrmQ

            queued = OrmQ.objects.count()
            kind = "orm"
    except Exception as exc:  # noqa: BLE001
        return _error(exc)
    return {
        "ok": True,
        "kind": kind,
        "queued": queued,
        "ms": round((time.perf_counter() - started) * 1000, 1),
    }


def check_worker() -> dict[str, Any]:
    now = timezone.now()
    try:
        from django_q.status import Stat

        stats = [s for s in Stat.get_all() if getattr(s, "timestamp", None)]
    except Exception:  # noqa: BLE001 - an unreachable stat store is "no heartbeat"
        stats = []
    if stats:
        newest = max(s.timestamp for s in stats)
        return {
            "ok": True,
            "source": "cluster_stat",
            "clusters": len(stats),
            "workers": sum(len(s.workers) for s in stats),
            "last_heartbeat": newest.isoformat(),
            "age_s": round((now - newest).total_seconds(), 1),
        }
    try:
        from django.db.models import Max
        from django_q.models import Task as QTask

        last = QTask.objects.aggregate(last=Max("stopped"))["last"]
    except Exception as exc:  # noqa: BLE001
        return _error(exc)
    if last is None:
        return {"ok": False, "source": "last_job", "last_heartbeat": None}
    age = (now - last).total_seconds()
    return {
        "ok": age <= settings.HEALTH_WORKER_MAX_AGE,
        "source": "last_job",
        "last_heartbeat": last.isoformat(),
        "age_s": round(age, 1),
    }


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": check_database(), "broker": check_broker(), "worker": check_worker()}
    ok = all(check["ok"] for check in checks.values())
    return JsonResponse({"status": "ok" if ok else "fail", "checks": checks}, status=200 if ok else 503)
