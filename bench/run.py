#!/usr/bin/env python
"""Benchmarks, run by hand:  python bench/run.py NAME [NAME ...]   (or: all)

Each benchmark lives in ``bench/bench_<name>.py`` and exposes ``run(ctx) -> dict``;
this script prints one ``name: value unit`` line per figure. It always works on a
database of its own, never the user's: a fresh SQLite file under var/bench/<pid>/ (removed at exit), or,
when DATABASE_URL points at PostgreSQL, a database ``<name>_bench_<pid>`` on that
server that it creates (and drops at exit).
"""

from __future__ import annotations

import argparse
import atexit
import importlib
import os
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# benchmarks that also run when another one is asked for: "parse" includes the scans (issue 14.4)
ALSO = {"parse": ["ocr"]}
UNITS = {"_ms": "ms", "_s": "s", "_rps": "req/s", "_queries": "queries", "_ratio": "x", "_errors": "errors"}


def available() -> list[str]:
    return sorted(p.stem.removeprefix("bench_") for p in (ROOT / "bench").glob("bench_*.py"))


def _bench_database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        parts = urlsplit(url)
        name = f"{parts.path.lstrip('/') or 'dondoc'}_bench_{os.getpid()}"
        admin = urlunsplit(parts._replace(path="/postgres"))
        import psycopg

        admin = admin.replace("postgresql://", "postgres://", 1)
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')

        def drop() -> None:
            from django.db import connections

            connections.close_all()
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        atexit.register(drop)
        return urlunsplit(parts._replace(path="/" + name))
    bench_dir = ROOT / "var" / "bench" / str(os.getpid())
    bench_dir.mkdir(parents=True)
    atexit.register(shutil.rmtree, bench_dir, ignore_errors=True)
    return f"sqlite:///{bench_dir / 'bench.sqlite3'}"


@dataclass
class Context:
    """What a benchmark gets: a migrated database with the demo district, and helpers."""

    database_url: str
    seeded_tasks: int = 0
    notes: list[str] = field(default_factory=list)

    def seed(self, tasks: int, units: int = 300) -> float:
        """Bring the synthetic volume up to ``tasks`` tasks; returns the seconds it took."""
        from units.demo import seed_volume

        missing = tasks - self.seeded_tasks
        if missing <= 0:
            return 0.0
        started = time.perf_counter()
        seed_volume(tasks=missing, units=units, seed=self.seeded_tasks + 1)
        self.seeded_tasks = tasks
        elapsed = time.perf_counter() - started
        self.analyze()
        return elapsed

    def analyze(self) -> None:
        analyze_database()


def analyze_database() -> None:
    """Planner statistics and, on PostgreSQL, the visibility map, as autovacuum keeps them on a
    live database. Without VACUUM, tables filled by bulk_create a moment ago allow no
    index-only scan: counting 100,000 tasks' open rows read the heap and took 30 ms, not 1."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def setup() -> Context:
    url = _bench_database_url()
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "1")
    os.environ["VAR_DIR"] = str(ROOT / "var" / "bench" / str(os.getpid()))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("seed_demo", quiet=True)
    return Context(database_url=url)


def format_line(name: str, value: float | int | str) -> str:
    unit = next((u for suffix, u in UNITS.items() if name.endswith(suffix)), "")
    shown = f"{value:.3f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)
    return f"{name}: {shown} {unit}".rstrip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("names", nargs="+", help=f"benchmarks to run: {', '.join(available())} or all")
    args = parser.parse_args(argv)
    names = available() if args.names == ["all"] else args.names
    names += [extra for name in list(names) for extra in ALSO.get(name, []) if extra not in names]
    unknown = [n for n in names if n not in available()]
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}; available: {', '.join(available())}")
    ctx = setup()
    print(f"# database: {ctx.database_url.split('@')[-1]}", flush=True)
    for name in names:
        module = importlib.import_module(f"bench.bench_{name}")
        for key, value in module.run(ctx).items():
            print(format_line(key, value), flush=True)
    for note in ctx.notes:
        print(f"# {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
