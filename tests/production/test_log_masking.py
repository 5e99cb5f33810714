"""Calendar tokens never appear in a log line: Django's request and server logs, our JSON
lines and gunicorn's access log all mask the feed URL's token."""

from __future__ import annotations

import io
import logging
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from config.logging import JsonFormatter
from config.logmask import SecretMaskFilter, mask_secrets

TOKEN = "Zk3q9XbT1mN4pR7sV2wY5aC8dF0gH6jK-LoPuIeQwEr"
FEED = f"/lich/f/{TOKEN}.ics"


@pytest.mark.parametrize(
    "line",
    [
        f'"GET {FEED} HTTP/1.1" 200 1234',
        f"Not Found: {FEED}",
        f"https://dondoc.example.gov.vn{FEED}?x=1",
        f"/api/thing?token={TOKEN}&page=2",
    ],
)
def test_mask_secrets_removes_the_token_and_keeps_a_short_prefix(line):
    masked = mask_secrets(line)
    assert TOKEN not in masked
    assert TOKEN[:4] in masked  # enough to tell subscriptions apart


def test_mask_secrets_leaves_ordinary_lines_alone():
    line = '"GET /nhiem-vu/?page=2&sort=deadline HTTP/1.1" 200 5120'
    assert mask_secrets(line) == line


def test_every_configured_handler_masks():
    for name, handler in settings.LOGGING["handlers"].items():
        assert "mask_secrets" in handler.get("filters", []), name
    assert settings.LOGGING["loggers"]["django.server"]["propagate"] is False


def _capture(logger_name: str, formatter: logging.Formatter | None = None):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(SecretMaskFilter())
    if formatter:
        handler.setFormatter(formatter)
    logger = logging.getLogger(logger_name)
    logger.addHandler(handler)
    return stream, lambda: logger.removeHandler(handler)


@pytest.mark.django_db
def test_not_found_feed_request_is_logged_without_the_token(client):
    stream, done = _capture("django.request")
    try:
        response = client.get(FEED)
    finally:
        done()
    assert response.status_code == 404
    logged = stream.getvalue()
    assert "Not Found" in logged and TOKEN not in logged


@pytest.mark.django_db
def test_json_log_line_path_is_masked(client):
    stream, done = _capture("django.request", JsonFormatter())
    try:
        client.get(FEED)
    finally:
        done()
    logged = stream.getvalue()
    assert '"path": "/lich/f/' in logged and TOKEN not in logged


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_gunicorn_access_log_masks_the_token(tmp_path):
    """The README's gunicorn command (with the masking logger class) on a scratch database."""
    gunicorn = Path(sys.executable).with_name("gunicorn")
    if not gunicorn.exists():
        pytest.skip("gunicorn is not installed in this environment")
    port = _free_port()
    log = tmp_path / "access.log"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DEBUG": "1",
        # config/gunicorn.py reads these (README, production section)
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
        "GUNICORN_ACCESS_LOG": str(log),
    }
    proc = subprocess.Popen(
        [str(gunicorn), "-c", "config/gunicorn.py", "config.wsgi"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}{FEED}", timeout=5)
            except urllib.error.HTTPError:
                break  # any HTTP answer: the request was served and logged
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
                continue
            else:
                break
        for _ in range(50):
            if log.exists() and log.read_text():
                break
            time.sleep(0.1)
    finally:
        proc.terminate()
        proc.wait(timeout=15)
    text = log.read_text()
    assert "/lich/f/" in text and TOKEN not in text


@pytest.mark.django_db
def test_flash_messages_never_travel_in_a_cookie(client, cast):
    """A message can carry a secret shown once (a new API token): it stays server-side."""
    client.force_login(cast.office)
    response = client.post("/thong-bao/da-doc-tat-ca/")
    assert response.status_code == 302
    assert "messages" not in response.cookies
    page = client.get("/thong-bao/")
    assert "Đã đánh dấu" in page.content.decode()
