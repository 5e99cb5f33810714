"""gunicorn settings from environment variables: ``gunicorn -c config/gunicorn.py config.wsgi``.

The defaults are what `bench/run.py load` measured best on a 2-core machine (README,
"Production"); every value can be changed without editing a file.
"""

from __future__ import annotations

import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = _int("GUNICORN_WORKERS", _int("WEB_CONCURRENCY", 2))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = _int("GUNICORN_THREADS", 4)
timeout = _int("GUNICORN_TIMEOUT", 60)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# a worker is replaced after this many requests (0: never), spread so they do not restart together
max_requests = _int("GUNICORN_MAX_REQUESTS", 5000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 500)
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
# feed tokens in the access log are masked (config/logmask.py)
logger_class = "config.logmask.MaskingGunicornLogger"
