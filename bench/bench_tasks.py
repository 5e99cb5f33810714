"""The all-tasks list as the Văn phòng sees it (user ``vanthu``), through the Django test client.

task_list_p95_ms      p95 server time of ``/nhiem-vu/?category=overdue&sort=deadline``, pages 1
                      and 200, with 100,000 tasks over 300 units (target ≤ 100 ms)
task_list_queries     SQL queries for one such page at 100,000 tasks; task_list_1k_queries the
                      same at 1,000 tasks: the two must be equal
"""

from __future__ import annotations

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


def _timings(client, page: int) -> list[float]:
    for _ in range(WARMUP):
        client.get(URL, {**PARAMS, "page": page})
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        response = client.get(URL, {**PARAMS, "page": page})
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    return samples


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20, method="inclusive")[18]


def run(ctx) -> dict[str, float]:
    ctx.seed(1_000, units=300)
    client = _client()
    small = max(_queries(client, 1), _queries(client, 200))
    ctx.seed(100_000, units=300)
    client = _client()
    large = max(_queries(client, 1), _queries(client, 200))
    page1 = _timings(client, 1)
    page200 = _timings(client, 200)
    ctx.notes.append(
        f"task list: {len(page1) + len(page200)} requests; p95 page 1 {_p95(page1):.1f} ms, "
        f"page 200 {_p95(page200):.1f} ms; queries at 1,000 tasks {small}, at 100,000 tasks {large}"
    )
    return {
        "task_list_p95_ms": _p95(page1 + page200),
        "task_list_page1_p95_ms": _p95(page1),
        "task_list_page200_p95_ms": _p95(page200),
        "task_list_1k_queries": small,
        "task_list_queries": large,
    }
