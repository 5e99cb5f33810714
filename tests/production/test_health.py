"""GET /healthz: database, broker and worker status as JSON, 200 or 503, no login."""

from __future__ import annotations

import datetime as dt
import json
import os

import pytest
from django.utils import timezone
from django_q.models import OrmQ
from django_q.models import Task as QTask

from config import health


def _finished_job(stopped: dt.datetime) -> None:
    QTask.objects.create(
        id=f"{stopped.timestamp():f}".replace(".", "")[:32],
        name="job",
        func="math.floor",
        started=stopped - dt.timedelta(seconds=1),
        stopped=stopped,
        success=True,
    )


class FakeStat:
    def __init__(self, timestamp):
        self.timestamp = timestamp
        self.workers = [101, 102]


def test_healthy_with_a_live_cluster_heartbeat(client, db, monkeypatch):
    monkeypatch.setattr(
        "django_q.status.Stat.get_all", staticmethod(lambda broker=None: [FakeStat(timezone.now())])
    )
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["broker"] == {**body["checks"]["broker"], "ok": True, "kind": "orm", "queued": 0}
    worker = body["checks"]["worker"]
    assert worker["ok"] is True
    assert worker["source"] == "cluster_stat"
    assert worker["workers"] == 2
    assert response["Cache-Control"].startswith("max-age=0")


def test_orm_broker_reports_queued_jobs(client, db, monkeypatch):
    monkeypatch.setattr(
        "django_q.status.Stat.get_all", staticmethod(lambda broker=None: [FakeStat(timezone.now())])
    )
    OrmQ.objects.create(key="dondoc", payload="x", lock=timezone.now())
    assert client.get("/healthz").json()["checks"]["broker"]["queued"] == 1


def test_without_heartbeat_a_recent_finished_job_counts(client, db, monkeypatch, settings):
    monkeypatch.setattr("django_q.status.Stat.get_all", staticmethod(lambda broker=None: []))
    settings.HEALTH_WORKER_MAX_AGE = 600
    _finished_job(timezone.now() - dt.timedelta(seconds=30))
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["worker"]["source"] == "last_job"


def test_no_worker_means_503(client, db, monkeypatch, settings):
    monkeypatch.setattr("django_q.status.Stat.get_all", staticmethod(lambda broker=None: []))
    settings.HEALTH_WORKER_MAX_AGE = 600
    _finished_job(timezone.now() - dt.timedelta(hours=2))
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["checks"]["worker"]["ok"] is False
    assert body["checks"]["database"]["ok"] is True


def test_unreachable_redis_is_503_and_reveals_no_secret(client, db, monkeypatch, settings):
    monkeypatch.setattr(
        "django_q.status.Stat.get_all", staticmethod(lambda broker=None: [FakeStat(timezone.now())])
    )
    settings.REDIS_URL = "redis://:s3cret-pass@127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == {"ok": False, "error": "ConnectionError"}
    assert b"s3cret" not in response.content and b"127.0.0.1" not in response.content


def test_database_failure_is_503_and_reveals_no_detail(client, db, monkeypatch):
    def broken():
        raise RuntimeError("connection to server at 10.1.2.3 failed: password authentication failed")

    monkeypatch.setattr(
        "django_q.status.Stat.get_all", staticmethod(lambda broker=None: [FakeStat(timezone.now())])
    )
    with monkeypatch.context() as patch:  # undone before the test database is torn down
        patch.setattr(health.connection, "cursor", broken)
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == {"ok": False, "error": "RuntimeError"}
    assert b"10.1.2.3" not in response.content


def test_needs_no_login_and_only_get(client, db):
    assert client.get("/healthz").status_code in (200, 503)
    assert client.post("/healthz").status_code == 405


def test_not_redirected_to_https_in_production(client, db, settings, monkeypatch):
    monkeypatch.setattr(
        "django_q.status.Stat.get_all", staticmethod(lambda broker=None: [FakeStat(timezone.now())])
    )
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/dang-nhap/").status_code == 301


@pytest.mark.redis
def test_real_redis_broker(client, db, settings, monkeypatch):
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.ConnectionError:
        pytest.skip("no Redis server")
    monkeypatch.setattr(
        "django_q.status.Stat.get_all", staticmethod(lambda broker=None: [FakeStat(timezone.now())])
    )
    settings.REDIS_URL = url
    body = json.loads(client.get("/healthz").content)
    assert body["checks"]["broker"]["ok"] is True
    assert body["checks"]["broker"]["kind"] == "redis"
