"""Calendar feeds (issue 6).

ical_5k_ms:  a GET of a feed with 5,000 deadlines, through the full Django stack (median of 7).
ical_304_ms: the same GET with If-None-Match and nothing changed: answered from one aggregate
             query, no task loaded (median of 21).
*_cpu_ms:    the same, as process CPU time (the wall-clock figures grow on a shared, busy machine).
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time

EVENTS = 5_000


def _seed() -> str:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from deadlines.services import feed_path, subscription_create
    from directives.models import Clause, Directive
    from tasks.models import Task
    from units.models import Membership, Unit
    from units.text import fold

    rng = random.Random(6)
    today = timezone.localdate()
    name = "Phòng Đo lường hiệu năng lịch"
    unit = Unit.objects.create(name=name, short_name="ĐL lịch", kind=Unit.Kind.DEPARTMENT)
    user = get_user_model().objects.create_user("bench.calendar", password=None)
    Membership.objects.create(user=user, unit=unit, role=Membership.Role.HEAD)
    directives = Directive.objects.bulk_create(
        Directive(
            kind=Directive.Kind.KE_HOACH,
            number=str(500 + i),
            symbol="KH-UBND",
            subject=f"Triển khai thực hiện nhiệm vụ cải cách hành chính, chuyển đổi số năm 2026 (đợt {i + 1})",
            issued_on=today - dt.timedelta(days=60),
        )
        for i in range(25)
    )
    clauses = Clause.objects.bulk_create(
        Clause(directive=d, label=f"II.{j + 1}", order=j + 1, text="Nội dung")
        for d in directives
        for j in range(4)
    )
    rows = []
    for i in range(EVENTS):
        clause = clauses[rng.randrange(len(clauses))]
        deadline = today + dt.timedelta(days=rng.randint(-60, 240))
        title = (
            f"Rà soát, đánh giá và báo cáo kết quả thực hiện thủ tục hành chính; "
            f"đề xuất giải pháp nâng cao chỉ số hài lòng của người dân (số {i + 1})"
        )
        rows.append(
            Task(
                directive_id=clause.directive_id,
                clause=clause,
                title=title,
                lead_unit=unit,
                deadline=deadline,
                original_deadline=deadline,
                deadline_text=f"Trước ngày {deadline:%d/%m/%Y}",
                progress=rng.choice([0, 20, 50, 80]),
                search_text=fold(title),
            )
        )
    Task.objects.bulk_create(rows, batch_size=1000)
    _subscription, token = subscription_create(user=user, scope="mine", name="Đo lường")
    return feed_path(token)


def _median_ms(fn, runs: int) -> tuple[float, float]:
    """Median wall-clock and median process-CPU milliseconds (CPU shows the cost on a busy machine)."""
    wall, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def run(ctx) -> dict[str, float]:
    from django.test import Client

    path = _seed()
    client = Client(HTTP_HOST="127.0.0.1")
    first = client.get(path)
    assert first.status_code == 200, first.status_code
    events = first.content.count(b"BEGIN:VEVENT")
    assert events == EVENTS, events
    etag = first["ETag"]

    def full() -> None:
        response = client.get(path)
        assert response.status_code == 200

    def conditional() -> None:
        response = client.get(path, headers={"if-none-match": etag})
        assert response.status_code == 304

    ical_5k, ical_5k_cpu = _median_ms(full, 7)
    ical_304, ical_304_cpu = _median_ms(conditional, 21)
    ctx.notes.append(f"calendar: {events} events, {len(first.content) / 1e6:.1f} MB per feed")
    return {
        "ical_5k_ms": ical_5k,
        "ical_304_ms": ical_304,
        "ical_5k_cpu_ms": ical_5k_cpu,
        "ical_304_cpu_ms": ical_304_cpu,
    }
