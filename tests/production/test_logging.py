"""Structured logs (LOG_FORMAT=json) and the 403 handler's trace."""

from __future__ import annotations

import json
import logging
import sys

from django.core.exceptions import PermissionDenied
from django.test import override_settings
from django.urls import include, path

from config.logging import JsonFormatter, build_logging


def _record(msg: str, *args, exc_info=None, **extra) -> logging.LogRecord:
    return logging.getLogger("dondoc.test").makeRecord(
        "dondoc.test", logging.WARNING, __file__, 1, msg, args, exc_info, extra=extra
    )


def test_json_lines_carry_message_level_logger_and_extra_fields():
    line = JsonFormatter().format(_record("permission denied: user=%s", 7, event="forbidden", user_id=7))
    entry = json.loads(line)
    assert entry["message"] == "permission denied: user=7"
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "dondoc.test"
    assert entry["event"] == "forbidden" and entry["user_id"] == 7
    assert entry["ts"].endswith("+00:00")
    assert "\n" not in line


def test_json_lines_keep_vietnamese_and_tracebacks_on_one_line():
    try:
        raise ValueError("Không đọc được tệp")
    except ValueError:
        line = JsonFormatter().format(_record("import failed", exc_info=sys.exc_info(), file="Kế hoạch.docx"))
    entry = json.loads(line)
    assert entry["file"] == "Kế hoạch.docx"
    assert "ValueError: Không đọc được tệp" in entry["exc"]
    assert "\n" not in line


def test_log_format_selects_the_formatter():
    assert build_logging(fmt="json", level="INFO")["handlers"]["console"]["formatter"] == "json"
    assert build_logging(fmt="plain", level="INFO")["handlers"]["console"]["formatter"] == "plain"


def _forbidden_view(request):
    raise PermissionDenied


urlpatterns = [path("forbidden/", _forbidden_view), path("", include("config.urls"))]


@override_settings(ROOT_URLCONF="tests.production.test_logging")
def test_every_403_is_logged_with_user_and_path(client, cast, caplog):
    # ROOT_URLCONF is swapped, so handler403 must be declared here too.
    caplog.set_level(logging.WARNING, logger="dondoc.permissions")
    client.force_login(cast.head_b)
    response = client.get("/forbidden/", REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.content.decode()
    (record,) = [r for r in caplog.records if r.name == "dondoc.permissions"]
    assert record.event == "forbidden"
    assert record.user_id == cast.head_b.pk
    assert record.path == "/forbidden/"
    assert record.ip == "10.0.0.9"


handler403 = "config.errors.permission_denied"


def test_log_format_json_makes_every_line_json_in_a_real_process(tmp_path):
    import os
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "LOG_FORMAT": "json", "VAR_DIR": str(tmp_path)}
    env.setdefault("DATABASE_URL", f"sqlite:///{tmp_path / 'log.sqlite3'}")
    code = (
        "import logging; log = logging.getLogger('dondoc.import');"
        "log.info('directive imported: %s tasks', 12, extra={'event': 'directive_imported', 'directive_id': 5});"
        "logging.getLogger('django.request').error('boom', exc_info=ValueError('x'))"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.strip()]
    assert lines[0]["message"] == "directive imported: 12 tasks"
    assert lines[0]["event"] == "directive_imported" and lines[0]["directive_id"] == 5
    assert lines[1]["level"] == "ERROR" and "ValueError: x" in lines[1]["exc"]
