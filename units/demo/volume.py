"""Synthetic volume for benchmarks: many units, directives and tasks via bulk_create."""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from directives.models import Directive
from tasks.models import Task, TaskEvent
from units.models import Unit
from units.text import fold

BATCH = 2000
TASKS_PER_DIRECTIVE = 400
VERBS = ["Rà soát", "Tổng hợp", "Báo cáo", "Kiểm tra", "Triển khai", "Tuyên truyền", "Đôn đốc", "Cải cách"]
OBJECTS = [
    "thủ tục hành chính",
    "kết quả giải ngân vốn đầu tư công",
    "công tác cải cách hành chính",
    "chỉ số hài lòng của người dân",
    "hồ sơ đất đai tồn đọng",
    "chuyển đổi số cấp xã",
    "kỷ luật, kỷ cương hành chính",
    "phòng, chống thiên tai",
    "an toàn thực phẩm",
]


def _synthetic_units(count: int) -> list[Unit]:
    existing = list(Unit.objects.filter(name__startswith="Đơn vị thử nghiệm ").order_by("pk"))
    missing = count - len(existing)
    if missing > 0:
        start = len(existing)
        new = []
        for i in range(start, start + missing):
            kind = (
                Unit.Kind.COMMUNE if i % 3 == 0 else Unit.Kind.DEPARTMENT if i % 3 == 1 else Unit.Kind.AGENCY
            )
            name = f"Đơn vị thử nghiệm {i + 1:04d}"
            new.append(
                Unit(
                    name=name, name_key=fold(name), short_name=f"ĐV{i + 1:04d}", kind=kind, ordering=1000 + i
                )
            )
        Unit.objects.bulk_create(new, batch_size=BATCH)
        existing = list(Unit.objects.filter(name__startswith="Đơn vị thử nghiệm ").order_by("pk"))
    return existing[:count]


@transaction.atomic
def seed_volume(*, tasks: int, units: int, seed: int = 2026, today: dt.date | None = None) -> int:
    """Add ``tasks`` synthetic tasks spread over ``units`` synthetic units; returns the count added."""
    rng = random.Random(seed)
    today = today or timezone.localdate()
    actor = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    pool = _synthetic_units(units)
    n_directives = max(1, tasks // TASKS_PER_DIRECTIVE)
    base = Directive.objects.filter(symbol="KH-TN").count()
    directives = Directive.objects.bulk_create(
        [
            Directive(
                kind=Directive.Kind.KE_HOACH,
                number=str(base + i + 1),
                symbol="KH-TN",
                issuer="UBND huyện (thử nghiệm)",
                issued_on=today - dt.timedelta(days=rng.randint(30, 400)),
                subject=f"Kế hoạch thử nghiệm số {base + i + 1}",
                created_by=actor,
            )
            for i in range(n_directives)
        ],
        batch_size=BATCH,
    )
    created = 0
    now = timezone.now()
    while created < tasks:
        size = min(BATCH, tasks - created)
        rows = []
        for _ in range(size):
            directive = directives[rng.randrange(len(directives))]
            deadline = today + dt.timedelta(days=rng.randint(-240, 120))
            roll = rng.random()
            status, completed_on, progress = Task.Status.OPEN, None, rng.choice([0, 10, 30, 50, 80])
            if roll < 0.45:
                status, progress = Task.Status.DONE, 100
                completed_on = min(today, deadline + dt.timedelta(days=rng.randint(-20, 15)))
            elif roll < 0.48:
                status = Task.Status.PAUSED
            elif roll < 0.50:
                status = Task.Status.CANCELLED
            title = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} ({created + len(rows) + 1})"
            rows.append(
                Task(
                    directive=directive,
                    title=title,
                    lead_unit=pool[rng.randrange(len(pool))],
                    deadline=deadline,
                    original_deadline=deadline,
                    status=status,
                    completed_on=completed_on,
                    progress=progress,
                    search_text=fold(title),
                    created_by=actor,
                )
            )
        batch = Task.objects.bulk_create(rows, batch_size=BATCH)
        TaskEvent.objects.bulk_create(
            [
                TaskEvent(
                    task=t, actor=actor, at=now, kind=TaskEvent.Kind.CREATED, new_value=t.lead_unit.short_name
                )
                for t in batch
            ],
            batch_size=BATCH,
        )
        created += size
    return created
