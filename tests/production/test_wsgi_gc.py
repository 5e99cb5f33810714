"""config.wsgi tunes Python's cycle collector for serving pages (GC_THRESHOLD)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _loaded_app(**env: str) -> dict:
    code = (
        "import gc, json; import config.wsgi as w; "
        "print(json.dumps({'threshold': gc.get_threshold(), 'frozen': gc.get_freeze_count(), "
        "'app': callable(w.application)}))"
    )
    clean = {k: v for k, v in os.environ.items() if k != "GC_THRESHOLD"}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return {**json.loads(result.stdout.strip().splitlines()[-1]), "stderr": result.stderr}


def test_the_app_server_collects_less_often_and_skips_what_was_loaded_at_start():
    loaded = _loaded_app()
    assert loaded["app"] and loaded["threshold"] == [10_000, 10, 10]
    assert loaded["frozen"] > 10_000  # Django, the settings and the apps are out of the scans


def test_gc_threshold_is_an_environment_variable_and_a_bad_value_is_reported():
    assert _loaded_app(GC_THRESHOLD="700,10,10")["threshold"] == [700, 10, 10]
    bad = _loaded_app(GC_THRESHOLD="lots")
    assert (
        bad["threshold"] == [10_000, 10, 10] and "GC_THRESHOLD='lots' is not three integers" in bad["stderr"]
    )
