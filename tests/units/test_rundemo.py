"""`make demo` runs `manage.py rundemo`: web app and worker together, Ctrl-C stops both."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow  # ~18 s: opt-in (-m slow), run once by .ci/run
@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_stops_the_web_app_and_the_worker(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}", "VAR_DIR": str(tmp_path)}
    env.pop("REDIS_URL", None)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=120
    )
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "manage.py", "rundemo", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        status = None
        while time.monotonic() < deadline and status is None:
            try:
                status = urllib.request.urlopen(f"http://127.0.0.1:{port}/dang-nhap/", timeout=2).status
            except OSError:
                time.sleep(0.5)
        assert status == 200
        os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in the terminal does
        output = proc.communicate(timeout=30)[0].decode()
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 0
    assert "Stopped the web app and the worker." in output
    assert "has stopped" in output  # the django-q2 cluster shut down cleanly
    with pytest.raises(OSError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/dang-nhap/", timeout=2)
    leftovers = subprocess.run(["pgrep", "-f", f"runserver 127.0.0.1:{port}"], capture_output=True)
    assert leftovers.stdout == b""
