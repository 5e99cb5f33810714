"""The chairman's dashboard and the accountability report, through the Django test client.

dashboard_p95_ms        p95 server time of ``/bang-dieu-khien/`` for ``chutich`` with 100,000 tasks
                        over 300 units (target ≤ 150 ms), unfiltered and with a period and a
                        unit-kind filter, as the page runs: its aggregates (and the chart and unit
                        table built from them) are cached under a key that changes with every task
                        write (tasks.dashboard.pages.aggregates)
dashboard_cold_p95_ms   the same with the cache emptied before every request: the full SQL work
                        (the per-unit counts read the covering index tasks_lead_status_cover)
dashboard_queries       SQL queries for one uncached page at 100,000 tasks (target ≤ 15);
                        dashboard_1k_queries the same at 1,000 tasks: the two must be equal
report_docx_s           one unit's accountability report as .docx, the unit leading 2,000 tasks
                        with a year-long period (target ≤ 2 s); report_xlsx_s the same as .xlsx
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import time

URL = "/bang-dieu-khien/"
WARMUP = 3
RUNS = 40
REPORT_TASKS = 2_000
COLD_RUNS = 8


def _client(username: str = "chutich"):
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username=username))
    return client


def _queries(client, params: dict | None = None) -> int:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL, params or {})
    assert response.status_code == 200, response.status_code
    return len(captured)


def _timings(client, params: dict, *, runs: int = RUNS, cold: bool = False) -> list[float]:
    from django.core.cache import cache

    for _ in range(WARMUP):
        client.get(URL, params)
    samples = []
    for _ in range(runs):
        if cold:
            cache.clear()
        started = time.perf_counter()
        response = client.get(URL, params)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    return samples


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20, method="inclusive")[18]


def _unit_with_tasks(count: int):
    """A unit leading ``count`` tasks of every category, a third with a progress note."""
    from django.utils import timezone

    from tasks.models import ProgressUpdate, Task
    from units.models import Unit
    from units.text import fold

    name = "Đơn vị báo cáo thử nghiệm"
    unit, _ = Unit.objects.get_or_create(
        name=name, defaults={"short_name": "ĐV báo cáo", "kind": Unit.Kind.DEPARTMENT, "name_key": fold(name)}
    )
    rng = random.Random(7)
    today = timezone.localdate()
    year_start = dt.date(today.year, 1, 1)
    rows = []
    for i in range(count):
        deadline = year_start + dt.timedelta(days=rng.randint(0, 364))
        done = rng.random() < 0.5 and deadline <= today + dt.timedelta(days=30)
        completed = min(today, deadline + dt.timedelta(days=rng.randint(-10, 8))) if done else None
        title = f"Nhiệm vụ báo cáo thử nghiệm số {i + 1} về rà soát thủ tục hành chính"
        rows.append(
            Task(
                title=title,
                lead_unit=unit,
                deadline=deadline,
                original_deadline=deadline,
                status=Task.Status.DONE if done else Task.Status.OPEN,
                completed_on=completed,
                progress=100 if done else 40,
                search_text=fold(title),
            )
        )
    tasks = Task.objects.bulk_create(rows, batch_size=1000)
    ProgressUpdate.objects.bulk_create(
        [
            ProgressUpdate(
                task=t, unit=unit, note="Đang tổng hợp số liệu, chờ ý kiến của các xã.", percent=40
            )
            for t in tasks[::3]
        ],
        batch_size=1000,
    )
    return unit, today.year


def _report_seconds(client, unit_id: int, year: int, fmt: str) -> float:
    url = f"/bang-dieu-khien/bao-cao/don-vi/{unit_id}/tai-ve.{fmt}"
    params = {"start": f"{year}-01-01", "end": f"{year}-12-31"}
    client.get(url, params)  # warm-up
    samples = []
    for _ in range(3):
        started = time.perf_counter()
        response = client.get(url, params)
        samples.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    return max(samples)


def run(ctx) -> dict[str, float]:
    ctx.seed(1_000, units=300)
    client = _client()
    small = _queries(client)
    ctx.seed(100_000, units=300)
    client = _client()
    large = _queries(client)
    filtered = {"period": "year", "unit_kind": "commune"}
    large_filtered = _queries(client, filtered)
    plain = _timings(client, {})
    with_filters = _timings(client, filtered)
    cold = _timings(client, {}, runs=COLD_RUNS, cold=True) + _timings(
        client, filtered, runs=COLD_RUNS, cold=True
    )
    unit, year = _unit_with_tasks(REPORT_TASKS)
    office = _client("vanthu")
    docx_s = _report_seconds(office, unit.pk, year, "docx")
    xlsx_s = _report_seconds(office, unit.pk, year, "xlsx")
    ctx.notes.append(
        f"dashboard: {len(plain) + len(with_filters)} requests; p95 unfiltered {_p95(plain):.1f} ms, "
        f"year+communes {_p95(with_filters):.1f} ms; queries at 1,000 tasks {small}, at 100,000 tasks "
        f"{large} (filtered {large_filtered}); report of a unit with {REPORT_TASKS} tasks; "
        f"uncached p95 {_p95(cold):.1f} ms; "
        f"load average at the end {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    return {
        "dashboard_p95_ms": _p95(plain + with_filters),
        "dashboard_unfiltered_p95_ms": _p95(plain),
        "dashboard_filtered_p95_ms": _p95(with_filters),
        "dashboard_cold_p95_ms": _p95(cold),
        "dashboard_1k_queries": small,
        "dashboard_queries": max(large, large_filtered),
        "report_docx_s": docx_s,
        "report_xlsx_s": xlsx_s,
    }
