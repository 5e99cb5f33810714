"""Routine correspondence for a profile: ``size`` short Công văn spread over the past months,
each giving two or three of the units that usually handle its subject a task whose fate follows from their dates (older work is mostly
done, some late, a few still overdue; recent work is open or due soon)."""

from __future__ import annotations

import datetime as dt
import random

from directives.models import Directive
from units.demo.common import (
    DUE_SOON,
    LATE,
    ON_TIME,
    OPEN,
    OVERDUE,
    DirectiveSpec,
    TaskSpec,
)


def _weekday(today: dt.date, offset: int, *, earliest: int) -> int:
    """``offset`` moved back (or, if that is too early, forward) off a weekend."""
    moved = offset
    while (today + dt.timedelta(days=moved)).weekday() >= 5 and moved > earliest:
        moved -= 1
    while (today + dt.timedelta(days=moved)).weekday() >= 5 and moved < -1:
        moved += 1
    return moved


def routine_specs(
    *,
    size: int,
    today: dt.date,
    issuer: str,
    place: str,
    signer: str,
    signer_title: str,
    subjects: list[tuple[str, list[str]]],
    reporters: dict[str, str],
    number_start: int = 400,
    seed: int = 2025,
) -> list[DirectiveSpec]:
    rng = random.Random(seed)
    specs = []
    for i in range(size):
        issued = -rng.randint(5, 200)
        subject, leads = subjects[i % len(subjects)]
        tasks = []
        for lead in rng.sample(leads, k=min(len(leads), rng.randint(2, 3))):
            deadline = issued + rng.randint(10, 45)
            if deadline < -3:
                roll = rng.random()
                if roll < 0.6:
                    fate, done = ON_TIME, rng.randint(issued + 2, deadline)
                elif roll < 0.85:
                    fate, done = LATE, rng.randint(deadline + 1, -1)
                else:
                    fate, done = OVERDUE, None
            else:
                fate, done = (DUE_SOON if 0 <= deadline <= 2 else OPEN), None
            if done is not None:
                done = _weekday(today, done, earliest=issued + 1)
            progress = (
                ((rng.choice((30, 50, 70)), "Đang triển khai, đã hoàn thành một phần."),)
                if fate != ON_TIME
                else ()
            )
            tasks.append(
                TaskSpec(
                    title=f"{subject} – {lead}",
                    lead=lead,
                    fate=fate,
                    deadline=deadline,
                    done=done,
                    progress=progress,
                    note="Đã hoàn thành, có báo cáo kèm theo." if done is not None else "",
                    reporter=reporters.get(lead, ""),
                )
            )
        specs.append(
            DirectiveSpec(
                kind=Directive.Kind.CONG_VAN,
                number=str(number_start + i),
                symbol="UBND-VP",
                issuer=issuer,
                place=place,
                issued=issued,
                subject=subject,
                signer=signer,
                signer_title=signer_title,
                clauses=(),
                tasks=tuple(tasks),
            )
        )
    return specs
