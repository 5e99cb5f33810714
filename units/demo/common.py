"""What every demo profile shares: the password, the organisation row, units with their
seeded aliases, groups, people, a small scenario player for tasks in every status, and a
pass that spreads each task's history over the days it plausibly happened.

Writes go through the services (directive_create, task_create, task_complete …); only the
timestamps those services stamp with "now" are moved back afterwards (``spread_history``).
"""

from __future__ import annotations

import datetime as dt
import functools
import random
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import CommandError
from django.utils import timezone

from directives.models import Directive
from directives.services import directive_create
from tasks.models import ExtensionRequest, ProgressUpdate, Task, TaskEvent
from tasks.services import (
    extension_request_create,
    task_cancel,
    task_complete,
    task_create,
    task_pause,
    task_progress_record,
)
from units.models import Membership, Organization, Unit, UnitAlias, UnitGroup

DEMO_PASSWORD = "dondoc2026"


@functools.cache
def demo_password_hash() -> str:
    """Hashed once per process: every demo user shares the password, and hashing it a dozen
    times was most of the seeding time."""
    return make_password(DEMO_PASSWORD)


ADMIN = ("admin", "Quản trị hệ thống")


@dataclass
class SeedResult:
    created: bool
    logins: list[tuple[str, str]] = field(default_factory=list)
    profile: str = "district"
    org_name: str = ""


@dataclass(frozen=True)
class UnitSpec:
    name: str
    short: str
    kind: str
    aliases: tuple[str, ...] = ()
    level: str = Unit.Level.COMMUNE


@dataclass(frozen=True)
class Person:
    username: str
    full_name: str  # fictional
    unit: str
    role: str
    title: str
    label: str  # what the login list says about this person


# --- organisation, units, groups, people ------------------------------------------------


def seed_organization(*, profile: str, leadership: Unit | None, **fields) -> Organization:
    """Store who we are; refuse to mix two profiles in one database."""
    existing = Organization.objects.filter(pk=1).first()
    held = existing.profile if existing is not None else ""
    if not held and Unit.objects.filter(name="Lãnh đạo UBND huyện").exists():
        held = "district"  # seeded before profiles existed
    if held and held != profile:
        raise CommandError(
            f"This database already holds the '{held}' demo profile; the '{profile}' profile needs a "
            f"fresh database: set DATABASE_URL=sqlite:///var/{profile}.sqlite3 (or remove the SQLite "
            f"file), or keep this one with `make demo PROFILE={held}`."
        )
    org = existing or Organization(pk=1)
    for name, value in {**fields, "profile": profile, "unit": leadership}.items():
        setattr(org, name, value)
    org.save()
    return org


def seed_units(
    specs: Iterable[UnitSpec], *, start: int = 10, parents: dict[str, str] | None = None
) -> dict[str, Unit]:
    by_name: dict[str, Unit] = {}
    for order, spec in enumerate(specs, start=1):
        unit, _ = Unit.objects.get_or_create(
            name=spec.name,
            defaults={
                "short_name": spec.short,
                "kind": spec.kind,
                "level": spec.level,
                "ordering": start + order * 10,
            },
        )
        by_name[spec.name] = unit
        for alias in spec.aliases:
            seed_alias(unit, alias)
    for child, parent in (parents or {}).items():
        if by_name[child].parent_id is None:
            Unit.objects.filter(pk=by_name[child].pk).update(parent=by_name[parent])
    return by_name


def seed_alias(unit: Unit, name: str) -> None:
    if not UnitAlias.objects.filter(name=name).exists():
        UnitAlias.objects.create(unit=unit, name=name, source=UnitAlias.Source.SEEDED)


def seed_groups(groups: Iterable[tuple[str, Iterable[str]]]) -> None:
    for name, kinds in groups:
        UnitGroup.objects.get_or_create(name=name, defaults={"kinds": [str(k) for k in kinds]})


def seed_people(
    people: Iterable[Person], units: dict[str, Unit]
) -> tuple[dict[str, object], list[tuple[str, str]]]:
    User = get_user_model()
    users: dict[str, object] = {}
    admin, created = User.objects.get_or_create(
        username=ADMIN[0],
        defaults={
            "first_name": ADMIN[1],
            "is_staff": True,
            "is_superuser": True,
            "email": "admin@example.vn",
        },
    )
    if created:
        admin.password = demo_password_hash()
        admin.save()
    users["admin"] = admin
    logins = [("admin", "Quản trị viên")]
    for p in people:
        # Vietnamese names read family name first; Django's get_full_name() puts
        # first_name first, so the whole name goes in first_name.
        user, created = User.objects.get_or_create(
            username=p.username, defaults={"first_name": p.full_name, "email": f"{p.username}@example.vn"}
        )
        if created:
            user.password = demo_password_hash()
            user.save()
        Membership.objects.get_or_create(
            user=user, unit=units[p.unit], defaults={"role": p.role, "title": p.title}
        )
        users[p.username] = user
        logins.append((p.username, p.label))
    return users, logins


# --- tasks in every status ----------------------------------------------------------------

# What happens to a task after it is given; the dates are offsets from today, chosen so
# that nothing is completed before the directive was issued (checked in play_task).
OPEN, DUE_SOON, OVERDUE = "open", "due_soon", "overdue"
ON_TIME, LATE, PAUSED, CANCELLED = "done_on_time", "done_late", "paused", "cancelled"
EXTENSION, CONTINUOUS = "extension", "continuous"


@dataclass(frozen=True)
class TaskSpec:
    title: str
    lead: str
    fate: str
    deadline: int | None = None  # days from today
    coop: tuple[str, ...] = ()
    clause: int | None = None  # index into the directive's clauses
    done: int | None = None  # completion, days from today
    progress: tuple[tuple[int, str], ...] = ()  # (percent, note) reports before the end
    note: str = ""  # completion note, pause or cancel reason, extension reason
    reporter: str = ""  # username reporting progress / completion
    is_request: bool = False


@dataclass(frozen=True)
class DirectiveSpec:
    kind: str
    number: str
    symbol: str
    issuer: str
    place: str
    issued: int  # days from today (negative: in the past)
    subject: str
    signer: str
    signer_title: str
    clauses: tuple[tuple[str, str, bool], ...]  # (label, text, is_heading)
    tasks: tuple[TaskSpec, ...]
    recipients: tuple[str, ...] = ()
    origin: str = "own"
    instruction: str = ""
    received: int = 1  # days after issue it reached us


def _directive_fields(spec: DirectiveSpec, issued_on: dt.date) -> dict:
    fields = {
        "kind": spec.kind,
        "number": spec.number,
        "symbol": spec.symbol,
        "issuer": spec.issuer,
        "place": spec.place,
        "issued_on": issued_on,
        "received_on": issued_on + dt.timedelta(days=spec.received),
        "subject": spec.subject,
        "signer": spec.signer,
        "signer_title": spec.signer_title,
        "recipients": list(spec.recipients),
        "distribution": ["Như trên", "Lưu: VT"],
        "full_text": "\n".join(text for _label, text, _h in spec.clauses),
    }
    # origin / instruction arrive with the intake migration (directives 0002)
    model_fields = {f.name for f in Directive._meta.get_fields()}
    if "origin" in model_fields:
        fields["origin"] = spec.origin
    if "instruction" in model_fields and spec.instruction:
        fields["instruction"] = spec.instruction
    return fields


def play_directive(
    spec: DirectiveSpec, *, units: dict[str, Unit], users: dict[str, object], clerk, today: dt.date
) -> Directive:
    issued_on = today + dt.timedelta(days=spec.issued)
    existing = Directive.objects.filter(
        number=spec.number, symbol=spec.symbol, issued_on__year=issued_on.year
    )
    if existing.exists():
        return existing.first()
    directive = directive_create(
        actor=clerk,
        clauses=[
            {"label": label, "text": text, "is_heading": heading} for label, text, heading in spec.clauses
        ],
        **_directive_fields(spec, issued_on),
    )
    clauses = directive._created_clauses
    for task_spec in spec.tasks:
        play_task(
            task_spec,
            directive=directive,
            clause=clauses[task_spec.clause] if task_spec.clause is not None else None,
            units=units,
            users=users,
            clerk=clerk,
            today=today,
        )
    return directive


def _working_day(day: dt.date, today: dt.date) -> dt.date:
    """Deadlines fall on working days: a past one moves back to Friday, a future one on to Monday."""
    step = dt.timedelta(days=-1 if day < today else 1)
    while day.weekday() >= 5:
        day += step
    return day


def play_task(
    spec: TaskSpec,
    *,
    directive: Directive,
    clause,
    units: dict[str, Unit],
    users: dict[str, object],
    clerk,
    today,
) -> Task:
    d = lambda days: today + dt.timedelta(days=days)  # noqa: E731
    reporter = users.get(spec.reporter) or clerk
    deadline = _working_day(d(spec.deadline), today) if spec.deadline is not None else None
    task = task_create(
        actor=clerk,
        directive=directive,
        clause=clause,
        title=spec.title,
        lead_unit=units[spec.lead],
        cooperating_units=[units[name] for name in spec.coop],
        deadline=deadline,
        deadline_text=f"Trước ngày {deadline:%d/%m/%Y}" if deadline else "Thường xuyên",
        kind=Task.Kind.CONTINUOUS if spec.fate == CONTINUOUS else Task.Kind.ONCE,
        recurrence_text="thường xuyên" if spec.fate == CONTINUOUS else "",
        is_request=spec.is_request,
    )
    for percent, note in spec.progress:
        task_progress_record(task=task, actor=reporter, unit=task.lead_unit, percent=percent, note=note)
    if spec.fate in (ON_TIME, LATE):
        completed_on = d(spec.done if spec.done is not None else -1)
        if spec.fate == ON_TIME and deadline is not None:
            completed_on = min(completed_on, deadline)
        if directive.issued_on and completed_on < directive.issued_on:
            raise ValueError(f"demo task {spec.title!r} completed before its directive was issued")
        task_complete(task=task, actor=reporter, completed_on=completed_on, note=spec.note, today=today)
    elif spec.fate == PAUSED:
        task_pause(task=task, actor=clerk, reason=spec.note)
    elif spec.fate == CANCELLED:
        task_cancel(task=task, actor=clerk, reason=spec.note)
    elif spec.fate == EXTENSION:
        extension_request_create(
            task=task,
            actor=reporter,
            requested_deadline=d(max(spec.deadline or 0, 0) + 14),
            reason=spec.note,
            today=today,
        )
    return task


# --- history over time ------------------------------------------------------------------------


def _at(day: dt.date, hour: int, minute: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _office_hours(when: dt.datetime, start: dt.datetime, end: dt.datetime, i: int) -> dt.datetime:
    """The same working day (Monday to Friday) at an office hour, within [start, end]."""
    day = timezone.localtime(when).date()
    while day.weekday() >= 5 and day > timezone.localtime(start).date():
        day -= dt.timedelta(days=1)
    while day.weekday() >= 5 and day < timezone.localtime(end).date():
        day += dt.timedelta(days=1)
    moved = _at(day, 8 + (i * 3) % 9, (i * 17) % 60)
    return min(max(moved, start), end)


def spread_history(directives: Iterable[Directive], *, today: dt.date, seed: int = 2025) -> None:
    """Move the timestamps the services stamped "now" to when things plausibly happened.

    A directive is entered on the day it arrived; its tasks are given that day; the history
    of each task (reports, requests, pauses) is spread in order between that day and its
    completion (or today), and a completion is stamped on its completion date.
    """
    rng = random.Random(seed)
    now = timezone.now()
    for directive in directives:
        received = min(directive.received_on or directive.issued_on or today, today)
        Directive.objects.filter(pk=directive.pk).update(created_at=_at(received, 8, rng.randint(0, 50)))
        for task in Task.objects.filter(directive=directive).order_by("pk"):
            start = _at(received, 9, rng.randint(0, 59))
            end_day = min(task.completed_on or today, today)
            end = _at(end_day, 16, rng.randint(0, 59))
            if end > now:
                end = now
            if end <= start:
                end = start + dt.timedelta(minutes=30)
            items = [("event", e.pk, e.kind, e.at) for e in TaskEvent.objects.filter(task=task)]
            items += [("progress", p.pk, "", p.created_at) for p in ProgressUpdate.objects.filter(task=task)]
            items += [
                ("extension", x.pk, "", x.created_at) for x in ExtensionRequest.objects.filter(task=task)
            ]
            items.sort(key=lambda item: (item[3], item[0] != "event", item[1]))
            span = (end - start).total_seconds()
            last = start
            for i, (what, pk, kind, _old) in enumerate(items):
                if i == 0:
                    when = start
                elif kind == TaskEvent.Kind.COMPLETED:
                    when = end
                else:
                    when = _office_hours(start + dt.timedelta(seconds=span * i / len(items)), start, end, i)
                when = max(when, last)
                last = when
                if what == "event":
                    TaskEvent.objects.filter(pk=pk).update(at=when)
                elif what == "progress":
                    ProgressUpdate.objects.filter(pk=pk).update(created_at=when)
                else:
                    ExtensionRequest.objects.filter(pk=pk).update(created_at=when)
            Task.objects.filter(pk=task.pk).update(created_at=start, updated_at=last)
