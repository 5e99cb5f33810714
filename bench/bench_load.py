"""Load run against the production stack, as README.md's production section describes it.

    python bench/run.py load

What it starts (and stops again, whatever happens):

- a PostgreSQL database of its own, ``dondoc_load_<pid>`` on 127.0.0.1:5432 (user postgres,
  trust auth; LOAD_PG_URL overrides the server), migrated and loaded with the demo district
  plus synthetic volume; dropped at the end. It does not use ctx's database, because the
  production stack must run on PostgreSQL whatever DATABASE_URL the bench runner got.
- ``gunicorn -c config/gunicorn.py config.wsgi`` (the production configuration) with LOAD_WORKERS
  (2) workers of LOAD_WORKER_CLASS (gthread), LOAD_THREADS (4) threads each, on 127.0.0.1:<free port in LOAD_PORTS, default 8180-8299>, DEBUG=0 and the production security settings;
  the client acts as the TLS-terminating proxy would (X-Forwarded-Proto: https, BEHIND_PROXY=1).
- ``manage.py qcluster`` with the Redis broker (REDIS_URL, default redis://127.0.0.1:6379/12).

Then 50 concurrent clients (threads, stdlib http.client, only 127.0.0.1) for LOAD_SECONDS
(default 30, at most 60) after signing in through the real login form (CSRF token from the
form, session cookie):

- department heads (30): their unit's task list, a task page, a progress report posted
  through the task page's form (with its CSRF token and version), the redirect followed;
- leadership (10): the chairman's dashboard and the home page;
- calendar clients (10): polling an iCal feed with their token.

Figures: load_rps (completed requests / second in the measured window), load_p95_ms,
load_errors (unexpected status or failure: must be 0), load_progress_posted and
load_progress_missing (posted reports not found in the database afterwards: must be 0),
load_login_p95_ms, the /healthz status seen with the cluster running, and where the two cores
went: load_cpu_<part>_ms, CPU milliseconds per completed request of gunicorn (app), qcluster
(worker), the database's PostgreSQL backends (db), Redis and this client process.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HEADS, LEADERS, CALENDARS = 30, 10, 10
TASKS_PER_HEAD = 12
THINK_S = float(os.environ.get("LOAD_THINK_S", "0.5"))  # a person's pause between clicks
VOLUME_TASKS, VOLUME_UNITS = 6000, 40
LOAD_PASSWORD = "load-" + "dondoc-2026"  # noqa: S105 - users of a throwaway database


# --- the stack -----------------------------------------------------------------------


def _free_port() -> int:
    first, _, last = os.environ.get("LOAD_PORTS", "8180-8299").partition("-")
    for port in range(int(first), int(last or first) + 1):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in LOAD_PORTS {first}-{last}")


@dataclass
class Stack:
    env: dict[str, str]
    port: int
    admin_url: str
    db_name: str
    workdir: Path
    processes: list[subprocess.Popen] = field(default_factory=list)
    logs: list = field(default_factory=list)

    def manage(self, *args: str, timeout: int = 600) -> str:
        result = subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr[-3000:]}"
            )
        return result.stdout

    def helper(self, *args: str, stdin: str = "") -> dict:
        result = subprocess.run(
            [PYTHON, __file__, *args],
            cwd=ROOT,
            env=self.env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if result.returncode != 0:
            raise RuntimeError(f"bench_load {args[0]} failed:\n{result.stderr[-3000:]}")
        return json.loads(result.stdout.strip().splitlines()[-1])

    def start(self, name: str, command: list[str]) -> subprocess.Popen:
        log = (self.workdir / f"{name}.log").open("w")
        self.logs.append(log)
        process = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.processes.append(process)
        return process

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)
        for log in self.logs:
            log.close()


def _stack(workdir: Path) -> Stack:
    import psycopg

    base = os.environ.get("LOAD_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    parts = urlsplit(base)
    db_name = f"dondoc_load_{os.getpid()}"
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{db_name}"')
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECURE_", "AXES_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{port}",
            "SITE_URL": f"https://127.0.0.1:{port}",
            "BEHIND_PROXY": "1",
            "DATABASE_URL": urlunsplit(parts._replace(path="/" + db_name)),
            "CONN_MAX_AGE": "60",
            "REDIS_URL": os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/12"),
            "VAR_DIR": str(workdir),
            "MEDIA_ROOT": str(workdir / "media"),
            "STATIC_ROOT": str(workdir / "static"),
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "LOG_FORMAT": "json",
            "LOG_LEVEL": "WARNING",
            "Q_WORKERS": "2",
        }
    )
    return Stack(env=env, port=port, admin_url=admin_url, db_name=db_name, workdir=workdir)


def _drop(stack: Stack) -> None:
    import psycopg

    with psycopg.connect(stack.admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{stack.db_name}" WITH (FORCE)')


# --- HTTP clients ----------------------------------------------------------------------

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION_INPUT = re.compile(r'name="p-version" value="(\d+)"')


# Sign-ins hash a password with PBKDF2 (about a second of CPU each on a small machine): a few
# at a time, before the measured window, as a morning's logins spread out would be.
LOGIN_SLOTS = threading.Semaphore(4)
TIMEOUT = 120


class Client:
    def __init__(self, port: int) -> None:
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, form: dict | None = None, extra: dict | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        headers = {
            **(extra or {}),
            "Host": f"127.0.0.1:{self.port}",
            "X-Forwarded-Proto": "https",  # what the TLS-terminating proxy adds
            "X-Forwarded-For": "127.0.0.1",
            "User-Agent": "dondoc-load/1",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://127.0.0.1:{self.port}"
            headers["Referer"] = f"https://127.0.0.1:{self.port}{path}"
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # a kept-alive connection the server closed between requests: reconnect once
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
                if attempt:
                    raise
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        return response.status, {k.lower(): v for k, v in response.getheaders()}, data

    def login(self, username: str, password: str) -> float:
        """Sign in through the form; returns the seconds it took (not counting the wait for a slot)."""
        with LOGIN_SLOTS:
            started = time.perf_counter()
            self._login(username, password)
            return time.perf_counter() - started

    def _login(self, username: str, password: str) -> None:
        status, _, page = self.request("GET", "/dang-nhap/")
        token = CSRF_INPUT.search(page.decode())
        if status != 200 or not token:
            raise RuntimeError(f"login form: HTTP {status}")
        status, headers, _ = self.request(
            "POST",
            "/dang-nhap/",
            {"csrfmiddlewaretoken": token.group(1), "username": username, "password": password},
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"login as {username}: HTTP {status}")


@dataclass
class Results:
    latencies: list[float] = field(default_factory=list)
    by_route: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    posted: list[str] = field(default_factory=list)
    logins: list[float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, started: float, ok: bool, what: str, measuring: bool, route: str = "") -> None:
        elapsed = time.perf_counter() - started
        with self.lock:
            if measuring:
                self.latencies.append(elapsed)
                self.by_route.setdefault(route, []).append(elapsed)
            if not ok:
                self.errors.append(what)


def _timed(client: Client, results: Results, measuring, method, path, form=None, expect=(200,), extra=None):
    route = method + " " + re.sub(r"/f/[^/]+\.ics$", "/f/<token>.ics", re.sub(r"/\d+/", "/<id>/", path))
    started = time.perf_counter()
    try:
        status, headers, body = client.request(method, path, form, extra)
    except Exception as exc:  # noqa: BLE001 - every failure counts as an error
        results.record(started, False, f"{method} {path}: {type(exc).__name__}", measuring.is_set(), route)
        return None, {}, b""
    results.record(started, status in expect, f"{method} {path}: HTTP {status}", measuring.is_set(), route)
    return status, headers, body


def head_client(n: int, plan: dict, port: int, results: Results, start: threading.Barrier, stop, measuring):
    client = Client(port)
    try:
        results.logins.append(client.login(plan["username"], LOAD_PASSWORD))
    except Exception as exc:  # noqa: BLE001
        results.errors.append(f"login {plan['username']}: {exc}")
        start.wait()
        return
    start.wait()
    tasks, i = plan["tasks"], 0
    while not stop.is_set():
        _timed(client, results, measuring, "GET", "/nhiem-vu/don-vi/")
        task_id = tasks[i % len(tasks)]
        status, _, page = _timed(client, results, measuring, "GET", f"/nhiem-vu/{task_id}/")
        text = page.decode(errors="replace")
        version, token = VERSION_INPUT.search(text), CSRF_INPUT.search(text)
        if status != 200 or not version or not token:
            with results.lock:
                results.errors.append(f"task {task_id}: no progress form")
            i += 1
            continue
        marker = f"load-{n}-{i}"
        form = {
            "csrfmiddlewaretoken": token.group(1),
            "p-version": version.group(1),
            "p-percent": str(min(95, 5 * (i // len(tasks) + 1))),
            "p-note": f"{marker}: đã triển khai, báo cáo tiến độ thử tải",
        }
        status, headers, _ = _timed(
            client, results, measuring, "POST", f"/nhiem-vu/{task_id}/tien-do/", form, (302,)
        )
        if status == 302:
            with results.lock:
                results.posted.append(marker)
            _timed(client, results, measuring, "GET", urlsplit(headers.get("location", "/")).path)
        i += 1
        stop.wait(THINK_S)


def leader_client(plan: dict, port: int, results: Results, start, stop, measuring):
    client = Client(port)
    try:
        results.logins.append(client.login(plan["username"], LOAD_PASSWORD))
    except Exception as exc:  # noqa: BLE001
        results.errors.append(f"login {plan['username']}: {exc}")
        start.wait()
        return
    start.wait()
    while not stop.is_set():
        _timed(client, results, measuring, "GET", "/bang-dieu-khien/")
        stop.wait(THINK_S)
        _timed(client, results, measuring, "GET", "/")
        stop.wait(THINK_S)


def calendar_client(feed: str, port: int, results: Results, start, stop, measuring):
    client = Client(port)
    start.wait()
    etag = None
    while not stop.is_set():
        # Calendar apps revalidate with the ETag they got (the feed answers 304 when unchanged).
        extra = {"If-None-Match": etag} if etag else None
        status, headers, _ = _timed(client, results, measuring, "GET", feed, expect=(200, 304), extra=extra)
        etag = headers.get("etag", etag)
        stop.wait(THINK_S)


class CpuMeter:
    """CPU time spent during the measured window by each part of the stack (Linux /proc, read
    as bench_pages reads it): gunicorn (master and workers), qcluster (and its processes), the
    load database's PostgreSQL backends, Redis, and this client process itself."""

    def __init__(self, stack: Stack) -> None:
        self.stack = stack
        self.before: dict[str, dict[int, int]] = {}

    @staticmethod
    def _tree(pid: int) -> list[int]:
        from bench.bench_pages import _children

        pids, queue = [], [pid]
        while queue:
            current = queue.pop()
            pids.append(current)
            queue.extend(_children(current))
        return pids

    def _pids(self) -> dict[str, list[int]]:
        gunicorn, qcluster = self.stack.processes[0].pid, self.stack.processes[1].pid
        from bench.bench_pages import _db_backends

        backends: list[int] = []
        with contextlib.suppress(Exception):
            import psycopg

            with psycopg.connect(self.stack.admin_url, autocommit=True) as conn:
                backends = _db_backends(conn, self.stack.db_name)
        redis_pids = [
            int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit() and _comm(p) == "redis-server"
        ]
        return {
            "app": self._tree(gunicorn),
            "worker": self._tree(qcluster),
            "db": backends,
            "redis": redis_pids,
            "client": [os.getpid()],
        }

    def start(self) -> None:
        from bench.bench_pages import _ticks_by_pid

        self.before = {part: _ticks_by_pid(pids) for part, pids in self._pids().items()}

    def stop(self) -> dict[str, float]:
        """Milliseconds of CPU per part (a process born in the window counts from zero)."""
        from bench.bench_pages import _ticks_by_pid, _ticks_used

        ms_per_tick = 1000 / os.sysconf("SC_CLK_TCK")
        return {
            part: _ticks_used(self.before.get(part, {}), _ticks_by_pid(pids)) * ms_per_tick
            for part, pids in self._pids().items()
        }


def _comm(proc: Path) -> str:
    try:
        return (proc / "comm").read_text().strip()
    except OSError:
        return ""


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] * 1000 if ordered else 0.0


def _wait_http(port: int, path: str, seconds: float, want=(200,)) -> tuple[int, bytes]:
    deadline = time.monotonic() + seconds
    last = (0, b"")
    while time.monotonic() < deadline:
        try:
            status, _, body = Client(port).request("GET", path)
            last = (status, body)
            if status in want:
                return last
        except OSError:
            pass
        time.sleep(0.5)
    return last


def run(ctx) -> dict:
    seconds = min(60, int(os.environ.get("LOAD_SECONDS", "30")))
    threads = os.environ.get("LOAD_THREADS", "4")
    workers_n = os.environ.get("LOAD_WORKERS", "2")
    worker_class = os.environ.get("LOAD_WORKER_CLASS", "gthread")
    figures: dict = {}
    with tempfile.TemporaryDirectory(prefix="dondoc-load-") as tmp:
        stack = _stack(Path(tmp))
        try:
            t0 = time.perf_counter()
            stack.manage("migrate", "--noinput")
            stack.manage("collectstatic", "--noinput")
            plan = stack.helper("prepare")
            figures["load_setup_s"] = time.perf_counter() - t0
            import redis

            redis.Redis.from_url(stack.env["REDIS_URL"]).delete("django_q:dondoc:q")
            stack.env.update(
                {
                    "GUNICORN_BIND": f"127.0.0.1:{stack.port}",
                    "GUNICORN_WORKERS": workers_n,
                    "GUNICORN_WORKER_CLASS": worker_class,
                    "GUNICORN_THREADS": threads,
                    "GUNICORN_TIMEOUT": "120",
                }
            )
            # the production configuration file (README), its values from the variables above
            stack.start("gunicorn", [PYTHON, "-m", "gunicorn", "-c", "config/gunicorn.py", "config.wsgi"])
            stack.start("qcluster", [PYTHON, "manage.py", "qcluster"])
            status, body = _wait_http(stack.port, "/healthz", 60)
            figures["load_healthz_status"] = status
            if status != 200:
                ctx.notes.append(f"healthz before the run: {status} {body[:300]!r}")
            else:
                worker = json.loads(body)["checks"]["worker"]
                ctx.notes.append(
                    f"healthz: worker heartbeat source={worker['source']} age={worker.get('age_s')} s"
                )

            results = Results()
            start = threading.Barrier(HEADS + LEADERS + CALENDARS + 1)
            stop, measuring = threading.Event(), threading.Event()
            workers = (
                [
                    threading.Thread(
                        target=head_client, args=(n, p, stack.port, results, start, stop, measuring)
                    )
                    for n, p in enumerate(plan["heads"])
                ]
                + [
                    threading.Thread(
                        target=leader_client, args=(p, stack.port, results, start, stop, measuring)
                    )
                    for p in plan["leaders"]
                ]
                + [
                    threading.Thread(
                        target=calendar_client, args=(f, stack.port, results, start, stop, measuring)
                    )
                    for f in plan["feeds"]
                ]
            )
            for worker in workers:
                worker.start()
            start.wait(timeout=180)  # everyone signed in
            cpu = CpuMeter(stack)
            measuring.set()
            began = time.perf_counter()
            cpu.start()
            time.sleep(seconds)
            used = cpu.stop()
            stop.set()
            for worker in workers:
                worker.join(timeout=60)
            window = time.perf_counter() - began
            measuring.clear()

            found = stack.helper("verify", stdin=json.dumps(results.posted))
            missing = sorted(set(results.posted) - set(found["markers"]))
            figures.update(
                {
                    "load_clients": len(workers),
                    "load_seconds": round(window, 1),
                    "load_requests": len(results.latencies),
                    "load_rps": len(results.latencies) / window,
                    "load_p95_ms": _p95(results.latencies),
                    "load_errors": len(results.errors),
                    "load_progress_posted": len(results.posted),
                    "load_progress_missing": len(missing),
                    "load_login_p95_ms": _p95(results.logins),
                }
            )
            measured = max(1, len(results.latencies))
            for part, ms in used.items():
                figures[f"load_cpu_{part}_ms"] = ms / measured
            for route, values in sorted(results.by_route.items()):
                ctx.notes.append(f"{route}: {len(values)} requests, p95 {_p95(values):.0f} ms")
            if results.errors:
                ctx.notes.append("first errors: " + "; ".join(results.errors[:5]))
            if missing:
                ctx.notes.append("missing progress reports: " + ", ".join(missing[:10]))
            ctx.notes.append(
                "machine: {} CPUs, load average {:.1f} {:.1f} {:.1f} at the end (shared with other work)".format(
                    os.cpu_count() or 0, *os.getloadavg()
                )
            )
            ctx.notes.append(
                f"load: think time {THINK_S} s, gunicorn {workers_n} {worker_class} workers x {threads} threads, PostgreSQL {stack.db_name}, Redis broker, "
                f"qcluster; {HEADS} heads / {LEADERS} leadership / {CALENDARS} calendar clients"
            )
        finally:
            stack.stop()
            _drop(stack)
    return figures


# --- helpers run inside the load database's Django (python bench/bench_load.py prepare|verify) ---


def _prepare() -> dict:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from deadlines.models import CalendarSubscription
    from deadlines.services import feed_path, subscription_create
    from tasks.models import Task
    from units.demo import seed_demo_district, seed_volume
    from units.models import Membership, Unit

    seed_demo_district()
    seed_volume(tasks=VOLUME_TASKS, units=VOLUME_UNITS, seed=7)
    User = get_user_model()
    password = make_password(LOAD_PASSWORD)  # hashed once: PBKDF2 for 50 users would take half a minute
    # No account keeps the demo password: with DEBUG=0 the system checks refuse to start
    # (qcluster runs them; it used to exit at once and the run had no worker at all).
    User.objects.update(password=password)
    units = list(Unit.objects.filter(name__startswith="Đơn vị thử nghiệm ").order_by("pk"))
    heads = []
    for n in range(HEADS):
        unit = units[n % len(units)]
        user, _ = User.objects.update_or_create(
            username=f"load.truongphong{n:02d}", defaults={"password": password, "first_name": f"Trưởng {n}"}
        )
        Membership.objects.get_or_create(user=user, unit=unit, defaults={"role": Membership.Role.HEAD})
        heads.append((user, unit))
    # Each head client owns a disjoint set of open tasks, so no two clients write the same task.
    heads_plan = []
    for n, (user, unit) in enumerate(heads):
        sharing = [i for i in range(HEADS) if i % len(units) == n % len(units)]
        open_tasks = list(
            Task.objects.filter(lead_unit=unit, status=Task.Status.OPEN)
            .exclude(kind=Task.Kind.RECURRING)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        mine = open_tasks[sharing.index(n) :: len(sharing)][:TASKS_PER_HEAD]
        if not mine:
            raise RuntimeError(f"unit {unit} has no open task for {user}")
        heads_plan.append({"username": user.username, "tasks": mine})
    leadership = Unit.objects.filter(kind=Unit.Kind.LEADERSHIP).order_by("pk").first()
    leaders = []
    for n in range(LEADERS):
        user, _ = User.objects.update_or_create(
            username=f"load.lanhdao{n:02d}", defaults={"password": password, "first_name": f"Lãnh đạo {n}"}
        )
        Membership.objects.get_or_create(
            user=user, unit=leadership, defaults={"role": Membership.Role.DEPUTY}
        )
        leaders.append({"username": user.username})
    feeds = []
    scopes = [
        CalendarSubscription.Scope.UNIT,
        CalendarSubscription.Scope.MINE,
        CalendarSubscription.Scope.OVERDUE,
    ]
    for n in range(CALENDARS):
        user, unit = heads[n]
        scope = scopes[n % len(scopes)]
        if scope == CalendarSubscription.Scope.OVERDUE:
            user = User.objects.get(username=leaders[n % LEADERS]["username"])
        _sub, token = subscription_create(user=user, scope=scope, unit=unit)
        feeds.append(feed_path(token))
    return {"heads": heads_plan, "leaders": leaders, "feeds": feeds}


def _verify(markers: list[str]) -> dict:
    import django

    django.setup()
    from tasks.models import ProgressUpdate

    notes = ProgressUpdate.objects.filter(note__startswith="load-").values_list("note", flat=True)
    return {"markers": sorted({note.split(":", 1)[0] for note in notes})}


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    command = sys.argv[1]
    if command == "prepare":
        print(json.dumps(_prepare()))
    elif command == "verify":
        print(json.dumps(_verify(json.loads(sys.stdin.read() or "[]"))))
    else:
        raise SystemExit(f"unknown command {command!r}")
