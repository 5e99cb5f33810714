"""Per-page figures at 10,000 and 100,000 tasks, served as in production.

    python bench/run.py pages                # seeds the bench database to 10k, then 100k
    PAGES_DATABASES="10000=postgres://…/dondoc_pf_10k,100000=postgres://…/dondoc_pf_100k" \\
        python bench/run.py pages            # reuse databases already seeded (seed_demo --tasks N)

For each size a helper process (``python bench/bench_pages.py measure``) runs against that
database: it signs in through the login form of ``gunicorn config.wsgi`` (2 sync workers,
DEBUG=0, the production settings; the cache and sessions in Redis, PAGES_REDIS_URL, default
redis://127.0.0.1:6379/13, as in production, unless PAGES_REDIS_URL is empty or Redis is down)
on a port in BENCH_PORTS (default 8160-8179), and for every page prints

    <page>_p50_ms / <page>_p95_ms   sequential requests (c=1), client-side wall time
    <page>_c4_rps                   requests per second with 4 concurrent clients
    <page>_cpu_ms                   application CPU per request (gunicorn workers, /proc)
    <page>_db_cpu_ms                PostgreSQL CPU per request (the database's backends, /proc)
    <page>_queries / <page>_sql_ms  queries per request and their summed time (in-process)

Pages: dashboard_uncached (the chairman's dashboard with DASHBOARD_CACHE_SECONDS=0, a
second gunicorn), dashboard_cached, list (open tasks by deadline, page 1), unit_list (a
department head's unit list), task_page. Figures at 100,000 tasks carry no prefix, those at
10,000 are prefixed ``at_10k_``; dashboard_growth_ratio is the uncached dashboard's p50 at
100,000 ÷ at 10,000 (dashboard_sql_growth_ratio the same for its SQL).
Timings on a shared machine are noisy: each size's note carries the load average.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SIZES = (10_000, 100_000)
RUNS = int(os.environ.get("PAGES_RUNS", "30"))
# Requests per page before measuring: gunicorn workers live for days in production, so the
# first requests of a fresh worker (template compilation, imports) are not what users see.
WARMUP = int(os.environ.get("PAGES_WARMUP", "20"))
C4_SECONDS = float(os.environ.get("PAGES_C4_SECONDS", "5"))
PASSWORD = "pages-" + "bench-2026"  # noqa: S105 - users of a bench database
HEAD = "bench.truongphong"
PAGES = ("dashboard_uncached", "dashboard_cached", "list", "unit_list", "task_page")
LIST_URL = "/nhiem-vu/?category=overdue&category=due_soon&category=in_time"
TICK = os.sysconf("SC_CLK_TCK")


def _label(size: int) -> str:
    return f"{size // 1000}k"


def run(ctx) -> dict:
    kept = os.environ.get("PAGES_DATABASES", "")
    targets: list[tuple[int, str]] = []
    if kept:
        for item in kept.split(","):
            size, _, url = item.partition("=")
            targets.append((int(size), url.strip()))
    figures: dict = {}
    results: dict[int, dict] = {}
    for size in SIZES:
        url = dict(targets).get(size)
        if url is None:
            ctx.seed(size, units=300)
            url = ctx.database_url
        result = _measure_in_child(url)
        results[size] = result
        ctx.notes.append(
            f"pages at {_label(size)} tasks ({result.pop('_tasks')} in the database): "
            f"load average {result.pop('_load')} on {os.cpu_count()} CPUs; {result.pop('_stack')}"
        )
    for size, result in results.items():
        prefix = "" if size == max(SIZES) else f"at_{_label(size)}_"
        figures.update({prefix + key: value for key, value in result.items()})
    small, large = results[min(SIZES)], results[max(SIZES)]
    figures["dashboard_growth_ratio"] = (
        large["dashboard_uncached_p50_ms"] / small["dashboard_uncached_p50_ms"]
    )
    figures["dashboard_sql_growth_ratio"] = large["dashboard_uncached_sql_ms"] / max(
        small["dashboard_uncached_sql_ms"], 0.001
    )
    return figures


def _measure_in_child(database_url: str) -> dict:
    env = {**os.environ, "DATABASE_URL": database_url}
    result = subprocess.run(
        [PYTHON, __file__, "measure"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800
    )
    if result.returncode != 0:
        raise RuntimeError(f"bench_pages measure failed:\n{result.stderr[-4000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- inside the helper process --------------------------------------------------------------


def _port() -> int:
    first, _, last = os.environ.get("BENCH_PORTS", "8160-8179").partition("-")
    for port in range(int(first), int(last or first) + 1):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in BENCH_PORTS")


def _production_env(workdir: Path, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SECURE_", "AXES_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "0",
            "SECRET_KEY": env.get("PAGES_SECRET_KEY") or secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{port}",
            "SITE_URL": f"https://127.0.0.1:{port}",
            "BEHIND_PROXY": "1",
            "CONN_MAX_AGE": "60",
            "VAR_DIR": str(workdir),
            "MEDIA_ROOT": str(workdir / "media"),
            "STATIC_ROOT": str(workdir / "static"),
            "LOG_LEVEL": "WARNING",
            "AXES_ENABLED": "0",
        }
    )
    redis_url = _redis_url()
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def _redis_url() -> str:
    """PAGES_REDIS_URL when that Redis answers (the production cache and sessions), else ''."""
    url = os.environ.get("PAGES_REDIS_URL", "redis://127.0.0.1:6379/13")
    if not url:
        return ""
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except Exception:  # noqa: BLE001 - no Redis: per-process cache, sessions in the database
        return ""
    return url


def _ticks_by_pid(pids) -> dict[int, int]:
    ticks = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks[pid] = int(fields[11]) + int(fields[12])  # utime, stime
    return ticks


def _cpu_ticks(pids) -> int:
    return sum(_ticks_by_pid(pids).values())


def _ticks_used(before: dict[int, int], after: dict[int, int]) -> int:
    """CPU ticks spent between two snapshots by the processes alive at the second one (a
    process that started in between counts from zero; one that ended is lost)."""
    return sum(max(0, ticks - before.get(pid, 0)) for pid, ticks in after.items())


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


class Server:
    def __init__(self, env: dict[str, str], port: int, log: Path) -> None:
        self.port = port
        self.log = log.open("w")
        self.process = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--workers",
                os.environ.get("PAGES_WORKERS", "2"),
                "--bind",
                f"127.0.0.1:{port}",
                "--timeout",
                "120",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        from bench.bench_load import _wait_http

        status, body = _wait_http(port, "/dang-nhap/", 60)
        if status != 200:
            self.stop()
            raise RuntimeError(f"gunicorn did not start: {status} {body[:300]!r}; see {log}")

    def workers(self) -> list[int]:
        return _children(self.process.pid)

    def stop(self) -> None:
        import signal

        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)
        self.log.close()


def _db_backends(conn, dbname: str) -> list[int]:
    rows = conn.execute(
        "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [dbname]
    ).fetchall()
    return [r[0] for r in rows]


def _time_page(server: Server, client, path: str, pg) -> dict:
    for _ in range(WARMUP):
        status, _h, _b = client.request("GET", path)
        if status != 200:
            raise RuntimeError(f"GET {path}: HTTP {status}")
    workers = server.workers()
    app0 = _cpu_ticks(workers)
    db0 = _ticks_by_pid(_db_backends(*pg)) if pg else {}
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        status, _h, _b = client.request("GET", path)
        samples.append((time.perf_counter() - started) * 1000)
        if status != 200:
            raise RuntimeError(f"GET {path}: HTTP {status}")
    app1 = _cpu_ticks(workers)
    db_used = _ticks_used(db0, _ticks_by_pid(_db_backends(*pg))) if pg else 0
    ms_per_tick = 1000 / TICK
    return {
        "p50_ms": statistics.median(samples),
        "p95_ms": statistics.quantiles(samples, n=20, method="inclusive")[18],
        "cpu_ms": (app1 - app0) * ms_per_tick / RUNS,
        "db_cpu_ms": db_used * ms_per_tick / RUNS,
        "c4_rps": _concurrent_rps(server.port, client.cookies, path),
    }


def _concurrent_rps(port: int, cookies: dict, path: str, clients: int = 4) -> float:
    from bench.bench_load import Client

    done = []
    stop = threading.Event()

    def worker() -> None:
        c = Client(port)
        c.cookies = dict(cookies)
        n = 0
        while not stop.is_set():
            status, _h, _b = c.request("GET", path)
            if status == 200:
                n += 1
        done.append(n)

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    time.sleep(C4_SECONDS)
    stop.set()
    for t in threads:
        t.join()
    return sum(done) / (time.perf_counter() - started)


def _prepare() -> dict:
    """Bench users with a known password, and the pages' addresses."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from tasks.models import Task
    from units.models import Membership, Unit

    User = get_user_model()
    password = make_password(PASSWORD)
    User.objects.filter(username="chutich").update(password=password)
    unit = (
        Unit.objects.filter(name__startswith="Đơn vị thử nghiệm ").order_by("pk").first()
        or Unit.objects.exclude(kind=Unit.Kind.LEADERSHIP).order_by("pk").first()
    )
    head, _ = User.objects.update_or_create(
        username=HEAD, defaults={"password": password, "first_name": "Trưởng"}
    )
    Membership.objects.get_or_create(user=head, unit=unit, defaults={"role": Membership.Role.HEAD})
    task = Task.objects.filter(lead_unit=unit, status=Task.Status.OPEN).order_by("pk").first()
    return {"task": f"/nhiem-vu/{task.pk}/", "tasks": Task.objects.count()}


def _queries_and_sql(path: str, username: str, *, uncached: bool) -> tuple[int, float]:
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    client.force_login(get_user_model().objects.get(username=username))
    client.get(path)
    counts, totals = [], []
    for _ in range(7):
        if uncached:
            cache.clear()
        else:
            client.get(path)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        counts.append(len(captured))
        totals.append(sum(float(q["time"]) for q in captured.captured_queries) * 1000)
    return max(counts), statistics.median(totals)


def _measure() -> dict:
    from urllib.parse import urlsplit

    from bench.bench_load import Client

    workdir = Path(tempfile.mkdtemp(prefix=f"dondoc-pages-{os.getpid()}-"))  # removed at exit
    port = _port()
    env = _production_env(workdir, port)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    plan = _prepare()
    from bench.run import analyze_database

    analyze_database()  # a database seeded a moment ago has no visibility map yet
    pg = None
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("postgresql"):
        import psycopg

        conn = psycopg.connect(
            os.environ["DATABASE_URL"].replace("postgresql://", "postgres://"), autocommit=True
        )
        pg = (conn, urlsplit(os.environ["DATABASE_URL"]).path.lstrip("/"))
    urls = {
        "dashboard_uncached": ("chutich", "/bang-dieu-khien/"),
        "dashboard_cached": ("chutich", "/bang-dieu-khien/"),
        "list": ("chutich", LIST_URL),
        "unit_list": (HEAD, "/nhiem-vu/don-vi/"),
        "task_page": ("chutich", plan["task"]),
    }
    result: dict = {}
    for page in PAGES:
        username, path = urls[page]
        queries, sql_ms = _queries_and_sql(path, username, uncached=page == "dashboard_uncached")
        result[f"{page}_queries"] = queries
        result[f"{page}_sql_ms"] = sql_ms
    for uncached in (True, False):
        server_env = {**env, "DASHBOARD_CACHE_SECONDS": "0"} if uncached else env
        server = Server(server_env, port, workdir / f"gunicorn-{int(uncached)}.log")
        try:
            clients = {}
            for username in ("chutich", HEAD):
                clients[username] = Client(port)
                clients[username].login(username, PASSWORD)
            pages = ("dashboard_uncached",) if uncached else PAGES[1:]
            for page in pages:
                username, path = urls[page]
                for key, value in _time_page(server, clients[username], path, pg).items():
                    result[f"{page}_{key}"] = value
        finally:
            server.stop()
    result["_tasks"] = plan["tasks"]
    result["_load"] = " ".join(f"{x:.1f}" for x in os.getloadavg())
    cache = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    result["_stack"] = (
        f"gunicorn {os.environ.get('PAGES_WORKERS', '2')} sync workers, DEBUG=0, {db['ENGINE'].rsplit('.', 1)[-1]}, "
        f"cache {cache}, sessions {settings.SESSION_ENGINE.rsplit('.', 1)[-1]}; {RUNS} requests per page at c=1"
    )
    return result


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    if sys.argv[1:] == ["measure"]:
        import atexit
        import shutil

        atexit.register(
            lambda: [
                shutil.rmtree(p, ignore_errors=True)
                for p in Path(tempfile.gettempdir()).glob(f"dondoc-pages-{os.getpid()}-*")
            ]
        )
        print(json.dumps(_measure()))
    else:
        raise SystemExit("usage: bench_pages.py measure (run through bench/run.py pages)")
