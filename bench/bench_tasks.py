"""The all-tasks list as the Văn phòng sees it (user ``vanthu``), through the Django test client.

task_list_p95_ms      p95 server time of ``/nhiem-vu/?category=overdue&sort=deadline``, pages 1
                      and 200, with 100,000 tasks over 300 units (target ≤ 100 ms)
task_list_queries     SQL queries for one such page at 100,000 tasks; task_list_1k_queries the
                      same at 1,000 tasks: the two must be equal
"""

from __future__ import annotations

import os
import statistics
import time

URL = "/nhiem-vu/"
PARAMS = {"category": "overdue", "sort": "deadline"}
WARMUP = 3
RUNS = 40


def _client():
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username="vanthu"))
    return client


def _queries(client, page: int) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL, {**PARAMS, "page": page})
    assert response.status_code == 200, response.status_code
    return len(captured)


def _timings(client, page: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds per request (CPU time includes SQLite, which runs
    in-process, and is much less disturbed than wall time when the machine is busy)."""
    for _ in range(WARMUP):
        client.get(URL, {**PARAMS, "page": page})
    wall, cpu = [], []
    for _ in range(RUNS):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(URL, {**PARAMS, "page": page})
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200, response.status_code
    return wall, cpu


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20, method="inclusive")[18]


def run(ctx) -> dict[str, float]:
    from bench.run import analyze_database

    ctx.seed(1_000, units=300)
    analyze_database()
    client = _client()
    small = max(_queries(client, 1), _queries(client, 200))
    ctx.seed(100_000, units=300)
    analyze_database()
    client = _client()
    large = max(_queries(client, 1), _queries(client, 200))
    page1, cpu1 = _timings(client, 1)
    page200, cpu200 = _timings(client, 200)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    ctx.notes.append(
        f"task list: {len(page1) + len(page200)} requests; p95 page 1 {_p95(page1):.1f} ms, "
        f"page 200 {_p95(page200):.1f} ms; queries at 1,000 tasks {small}, at 100,000 tasks {large}; "
        f"load average {load:.1f} on {os.cpu_count()} CPUs"
    )
    return {
        "task_list_p95_ms": _p95(page1 + page200),
        "task_list_page1_p95_ms": _p95(page1),
        "task_list_page200_p95_ms": _p95(page200),
        "task_list_cpu_p95_ms": _p95(cpu1 + cpu200),
        "task_list_1k_queries": small,
        "task_list_queries": large,
    }
