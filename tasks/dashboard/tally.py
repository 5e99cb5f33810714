"""A running tally of the dashboard's counts, exact without recounting 100,000 tasks.

The chairman's dashboard (unfiltered, and with only a period for its chart) needs the
status categories per lead unit, completions per month and new overdue items per month.
Counting them from the tasks grows with the table; the tally is a few hundred rows:

- Database triggers on ``tasks_task`` (installed by migration tasks 0006, PostgreSQL and
  SQLite) move a task's contribution from its old buckets to its new ones whenever its
  status, deadline, completion date, lead unit or kind changes, in the same transaction
  as the change, whatever wrote it (services, admin, bulk updates, seeds).
- A category also depends on today's date (sắp đến hạn and quá hạn move at midnight,
  and with the holiday calendar). The tally records the day it was computed for
  (``TaskTallyState.as_of`` and the "due soon" limit); when a read finds another day or
  limit, it rebuilds the tally from the tasks first (one pass, once a day: the nightly
  roll-over; the schedule ``tally_roll_over`` runs it just after midnight so no reader
  has to wait).

Concurrency (PostgreSQL, READ COMMITTED): a trigger takes the state row FOR SHARE before
it reads the date; a rebuild takes it FOR UPDATE, so it waits for writers in flight to
commit and counts what they wrote, and writers that come during the rebuild wait and then
apply their change to the rebuilt tally with the new date. SQLite serialises writers.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from tasks.dashboard.models import TaskTally, TaskTallyState
from tasks.status import COUNTED_TASKS_Q, StatusCategory, StatusContext, category_q

logger = logging.getLogger("dondoc.dashboard")
SC = StatusCategory
MISSED = (SC.OVERDUE.value, SC.DONE_LATE.value)


# --- trigger SQL ------------------------------------------------------------------------


def _category_sql(row: str, as_of: str, until: str) -> str:
    """tasks.status.category_of in SQL, NULL for a recurring series (never counted)."""
    return (
        f"CASE WHEN {row}.kind = 'recurring' THEN NULL"
        f" WHEN {row}.status = 'cancelled' THEN 'cancelled'"
        f" WHEN {row}.status = 'paused' THEN 'paused'"
        f" WHEN {row}.status = 'done' THEN CASE WHEN {row}.deadline IS NULL"
        f" OR {row}.completed_on <= {row}.deadline THEN 'done_on_time' ELSE 'done_late' END"
        f" WHEN {row}.deadline IS NULL OR {row}.deadline > {until} THEN 'in_time'"
        f" WHEN {row}.deadline < {as_of} THEN 'overdue' ELSE 'due_soon' END"
    )


WATCHED = ("status", "deadline", "completed_on", "lead_unit_id", "kind", "directive_id")

POSTGRES_INSTALL = [
    f"""
CREATE OR REPLACE FUNCTION tasks_tally_bump(d varchar, r bigint, c varchar, delta integer)
RETURNS void LANGUAGE sql AS $$
  INSERT INTO tasks_tasktally (dim, ref, category, n) VALUES (d, r, c, delta)
  ON CONFLICT (dim, ref, category) DO UPDATE SET n = tasks_tasktally.n + EXCLUDED.n
$$;

CREATE OR REPLACE FUNCTION tasks_tally_month(d date) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
  SELECT (EXTRACT(YEAR FROM d)::bigint * 100 + EXTRACT(MONTH FROM d)::bigint)
$$;

CREATE OR REPLACE FUNCTION tasks_tally_apply(t tasks_task, s tasks_tasktallystate, delta integer)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE c varchar;
BEGIN
  IF t.directive_id IS NOT NULL THEN
    PERFORM tasks_tally_bump('d', t.directive_id, 'tasks', delta);
  END IF;
  c := {_category_sql("t", "s.as_of", "s.due_soon_until")};
  IF c IS NULL THEN RETURN; END IF;
  PERFORM tasks_tally_bump('u', t.lead_unit_id, c, delta);
  IF c IN ('overdue', 'done_late') THEN
    PERFORM tasks_tally_bump('m', tasks_tally_month(t.deadline), c, delta);
  END IF;
  IF t.status = 'done' THEN
    PERFORM tasks_tally_bump('c', tasks_tally_month(t.completed_on), 'done', delta);
  END IF;
END $$;

CREATE OR REPLACE FUNCTION tasks_tally_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE s tasks_tasktallystate;
BEGIN
  SELECT * INTO s FROM tasks_tasktallystate WHERE id = 1 FOR SHARE;
  IF NOT FOUND OR s.as_of IS NULL THEN RETURN NULL; END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM tasks_tally_apply(OLD, s, -1); END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN PERFORM tasks_tally_apply(NEW, s, 1); END IF;
  RETURN NULL;
END $$;
""",
    "CREATE TRIGGER tasks_tally_ins AFTER INSERT ON tasks_task"
    " FOR EACH ROW EXECUTE FUNCTION tasks_tally_trigger()",
    "CREATE TRIGGER tasks_tally_del AFTER DELETE ON tasks_task"
    " FOR EACH ROW EXECUTE FUNCTION tasks_tally_trigger()",
    "CREATE TRIGGER tasks_tally_upd AFTER UPDATE ON tasks_task FOR EACH ROW WHEN ("
    + " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in WATCHED)
    + ") EXECUTE FUNCTION tasks_tally_trigger()",
]

POSTGRES_REMOVE = [
    "DROP TRIGGER IF EXISTS tasks_tally_ins ON tasks_task",
    "DROP TRIGGER IF EXISTS tasks_tally_del ON tasks_task",
    "DROP TRIGGER IF EXISTS tasks_tally_upd ON tasks_task",
    "DROP FUNCTION IF EXISTS tasks_tally_trigger()",
    "DROP FUNCTION IF EXISTS tasks_tally_apply(tasks_task, tasks_tasktallystate, integer)",
    "DROP FUNCTION IF EXISTS tasks_tally_month(date)",
    "DROP FUNCTION IF EXISTS tasks_tally_bump(varchar, bigint, varchar, integer)",
]


def _sqlite_statements(row: str, delta: int) -> str:
    state = "(SELECT {expr} FROM tasks_tasktallystate s WHERE s.id = 1)"
    category = state.format(expr=_category_sql(row, "s.as_of", "s.due_soon_until"))
    month = "CAST(strftime('%Y%m', {}) AS INTEGER)"
    buckets = [
        ("'u'", f"{row}.lead_unit_id", category, "1"),
        ("'m'", month.format(f"{row}.deadline"), category, f"{category} IN ('overdue', 'done_late')"),
        (
            "'c'",
            month.format(f"{row}.completed_on"),
            "'done'",
            f"{row}.status = 'done' AND {category} IS NOT NULL",
        ),
    ]
    buckets.append(("'d'", f"{row}.directive_id", "'tasks'", f"{row}.directive_id IS NOT NULL"))
    out = []
    for dim, ref, cat, when in buckets:
        out.append(
            f"INSERT OR IGNORE INTO tasks_tasktally (dim, ref, category, n) "
            f"SELECT {dim}, {ref}, {cat}, 0 WHERE {cat} IS NOT NULL AND {when};"
        )
        out.append(
            f"UPDATE tasks_tasktally SET n = n + ({delta}) WHERE dim = {dim} AND ref = {ref} "
            f"AND category = {cat} AND {when};"
        )
    return "\n".join(out)


_SQLITE_BUILT = "(SELECT as_of FROM tasks_tasktallystate WHERE id = 1) IS NOT NULL"
SQLITE_INSTALL = [
    f"CREATE TRIGGER tasks_tally_ins AFTER INSERT ON tasks_task WHEN {_SQLITE_BUILT} BEGIN\n"
    f"{_sqlite_statements('NEW', 1)}\nEND",
    f"CREATE TRIGGER tasks_tally_del AFTER DELETE ON tasks_task WHEN {_SQLITE_BUILT} BEGIN\n"
    f"{_sqlite_statements('OLD', -1)}\nEND",
    f"CREATE TRIGGER tasks_tally_upd AFTER UPDATE ON tasks_task WHEN {_SQLITE_BUILT} AND ("
    + " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in WATCHED)
    + f") BEGIN\n{_sqlite_statements('OLD', -1)}\n{_sqlite_statements('NEW', 1)}\nEND",
]
SQLITE_REMOVE = [f"DROP TRIGGER IF EXISTS tasks_tally_{op}" for op in ("ins", "del", "upd")]


def install_triggers(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": POSTGRES_INSTALL, "sqlite": SQLITE_INSTALL}.get(vendor)
    if statements is None:
        raise NotImplementedError(f"dashboard tally triggers for {vendor}")
    for statement in statements:
        schema_editor.execute(statement, params=None)


def remove_triggers(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    for statement in {"postgresql": POSTGRES_REMOVE, "sqlite": SQLITE_REMOVE}.get(vendor, []):
        schema_editor.execute(statement, params=None)


# --- building and reading -----------------------------------------------------------------


def recount(ctx: StatusContext) -> dict[tuple[str, int, str], int]:
    """Every bucket counted from the tasks (four grouped queries): what the tally must equal."""
    from tasks.models import Task

    counted: dict[tuple[str, int, str], int] = {}
    by_unit = (
        _counted()
        .values("lead_unit_id")
        .annotate(**{c.value: Count("pk", filter=category_q(c, ctx)) for c in SC})
        .order_by()
    )
    for row in by_unit:
        for c in SC:
            if row[c.value]:
                counted["u", row["lead_unit_id"], c.value] = row[c.value]
    by_deadline = (
        _counted()
        .filter(category_q(SC.OVERDUE, ctx) | category_q(SC.DONE_LATE, ctx))
        .values("deadline")
        .annotate(**{c: Count("pk", filter=category_q(c, ctx)) for c in MISSED})
        .order_by()
    )
    for row in by_deadline:
        for c in MISSED:
            if row[c]:
                key = ("m", month_key(row["deadline"]), c)
                counted[key] = counted.get(key, 0) + row[c]
    for completed_on, n in (
        _counted().filter(status="done").values_list("completed_on").annotate(n=Count("pk")).order_by()
    ):
        key = ("c", month_key(completed_on), "done")
        counted[key] = counted.get(key, 0) + n
    directives = (
        Task.objects.filter(directive__isnull=False).values_list("directive_id").annotate(n=Count("pk"))
    )
    for pk, n in directives.order_by():
        counted["d", pk, "tasks"] = n
    return counted


def _counted():
    from tasks.models import Task

    return Task.objects.filter(COUNTED_TASKS_Q)


def rebuild(ctx: StatusContext) -> bool:
    """Recount the tally for ``ctx``'s day unless another process just did; True if rebuilt."""
    TaskTallyState.objects.bulk_create([TaskTallyState(pk=1)], ignore_conflicts=True)
    with transaction.atomic():
        state = TaskTallyState.objects.select_for_update().get(pk=1)
        if state.as_of == ctx.today and state.due_soon_until == ctx.due_soon_until:
            return False
        TaskTally.objects.all().delete()
        TaskTally.objects.bulk_create(
            [TaskTally(dim=d, ref=r, category=c, n=n) for (d, r, c), n in recount(ctx).items()],
            batch_size=1000,
        )
        state.as_of, state.due_soon_until, state.built_at = ctx.today, ctx.due_soon_until, timezone.now()
        state.save()
    logger.info("dashboard tally rebuilt for %s", ctx.today.isoformat())
    return True


@dataclass
class Tally:
    units: dict[int, dict[str, int]]  # lead unit id -> category value -> count
    missed_by_month: dict[int, int]  # yyyymm of the deadline -> overdue + done late
    done_by_month: dict[int, int]  # yyyymm of the completion -> completions


def read(ctx: StatusContext) -> Tally:
    """The tally for ``ctx``'s day (built first if it was for another day): two small queries."""
    state = TaskTallyState.objects.filter(pk=1).values_list("as_of", "due_soon_until").first()
    if state != (ctx.today, ctx.due_soon_until):
        rebuild(ctx)
    tally = Tally(units={}, missed_by_month={}, done_by_month={})
    empty = dict.fromkeys(c.value for c in SC)
    # a few thousand rows of four plain columns: read without building model rows
    table = TaskTally._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT dim, ref, category, n FROM {table} WHERE dim IN ('u', 'm', 'c') AND n <> 0")
        rows = cursor.fetchall()
    for dim, ref, category, n in rows:
        if dim == "u":
            counts = tally.units.get(ref)
            if counts is None:
                counts = tally.units[ref] = dict.fromkeys(empty, 0)
            counts[category] = n
        elif dim == "m":
            tally.missed_by_month[ref] = tally.missed_by_month.get(ref, 0) + n
        elif dim == "c":
            tally.done_by_month[ref] = n
    return tally


def current() -> dict[tuple[str, int, str], int]:
    """The stored tally as a dict (for the exactness test and the bench)."""
    return {
        (d, r, c): n
        for d, r, c, n in TaskTally.objects.exclude(n=0).values_list("dim", "ref", "category", "n")
    }


def month_key(day: dt.date) -> int:
    return day.year * 100 + day.month


def roll_over() -> bool:
    """The nightly job: rebuild for today (nothing to do if a reader already did)."""
    return rebuild(StatusContext.for_today())
