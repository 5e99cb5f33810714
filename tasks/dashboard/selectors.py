"""Reads for the dashboard and the home pages, aggregated in SQL.

Period semantics (shown on the pages too): a task belongs to a period when its
current deadline falls in it (both ends included); its status category is the one
it has today (tasks.status). Tasks without a deadline ("thường xuyên") belong to no
period and are counted only when no period is chosen. The monthly chart counts
completions by the month of their completion date and new overdue items by the month
of the deadline they missed. Recurring series (templates) are never counted.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from django.db import connection
from django.db.models import CharField, Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Substr, TruncMonth

from tasks.dashboard import links, tally
from tasks.models import EVENT_NOTE_KINDS, ExtensionRequest, ProgressUpdate, Task, TaskEvent
from tasks.status import COUNTED_TASKS_Q, StatusCategory, StatusContext, category_q
from units.models import Unit

SC = StatusCategory
CHART_MONTHS = 12
OVERDUE_LIST_LIMIT = 20


# --- Period and filters -------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """Inclusive date range; either end may be open (None)."""

    start: dt.date | None = None
    end: dt.date | None = None

    @property
    def is_open(self) -> bool:
        return self.start is None and self.end is None

    def q(self, field_name: str = "deadline") -> Q:
        condition = Q()
        if self.start:
            condition &= Q(**{f"{field_name}__gte": self.start})
        if self.end:
            condition &= Q(**{f"{field_name}__lte": self.end})
        return condition

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        first = 3 * (quarter - 1) + 1
        last = first + 2
        return cls(dt.date(year, first, 1), dt.date(year, last, calendar.monthrange(year, last)[1]))

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls(dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class DashboardFilters:
    period: Period = field(default_factory=Period)
    directive_id: int | None = None
    unit_kind: str | None = None
    unit_id: int | None = None

    def task_q(self) -> Q:
        """Counted tasks in scope: deadline in the period, directive, kind of lead unit."""
        condition = COUNTED_TASKS_Q & self.period.q("deadline")
        return condition & self.scope_q()

    def scope_q(self) -> Q:
        """The filters other than the period (the chart applies its own date ranges)."""
        condition = COUNTED_TASKS_Q
        if self.directive_id:
            condition &= Q(directive_id=self.directive_id)
        if self.unit_kind:
            condition &= Q(lead_unit__kind=self.unit_kind)
        if self.unit_id:
            condition &= Q(lead_unit_id=self.unit_id)
        return condition

    def link_params(self, *, with_period: bool = True) -> dict[str, object]:
        params: dict[str, object] = {
            "directive": self.directive_id,
            "unit_kind": self.unit_kind,
            "unit": self.unit_id,
        }
        if with_period:
            params["deadline_after"] = self.period.start
            params["deadline_before"] = self.period.end
        return params

    def link(self, categories: Iterable[str] | str | None = None, **extra: object) -> str | None:
        params = self.link_params()
        params.update(extra)
        if categories is not None:
            params["category"] = [categories] if isinstance(categories, str) else list(categories)
        return links.task_list_url(**params)

    def for_unit(self, unit_id: int) -> DashboardFilters:
        return replace(self, unit_id=unit_id)

    @property
    def has_scope(self) -> bool:
        """Any filter other than the period (directive, kind of unit, unit)."""
        return bool(self.directive_id or self.unit_kind or self.unit_id)


def dashboard_tally(*, filters: DashboardFilters, ctx: StatusContext) -> tally.Tally | None:
    """The running tally (tasks.dashboard.tally) when it answers for these filters: the unit
    rows with no filter at all, the chart with at most a period. None: count the tasks."""
    if filters.has_scope:
        return None
    return tally.read(ctx)


def on_time_rate(on_time: int, late: int, overdue: int) -> float | None:
    """Share (in %) of the tasks already due that were done on time; None when none is due."""
    due = on_time + late + overdue
    if not due:
        return None
    return round(100.0 * on_time / due, 1)


# --- Counts by category -----------------------------------------------------------------


def category_counts(*, filters: DashboardFilters, ctx: StatusContext) -> dict[str, int]:
    """Every status category counted over the tasks in scope, in one aggregate query."""
    counts = Task.objects.filter(filters.task_q()).aggregate(
        **{c.value: Count("pk", filter=category_q(c, ctx)) for c in SC}
    )
    counts["assigned"] = sum(counts[c.value] for c in links.ASSIGNED)
    counts["rate"] = on_time_rate(counts[SC.DONE_ON_TIME], counts[SC.DONE_LATE], counts[SC.OVERDUE])
    return counts


# plain strings: enum member .value lookups cost more than the arithmetic on 300 rows
_IN_TIME, _DUE_SOON, _OVERDUE = SC.IN_TIME.value, SC.DUE_SOON.value, SC.OVERDUE.value
_ON_TIME, _LATE, _PAUSED = SC.DONE_ON_TIME.value, SC.DONE_LATE.value, SC.PAUSED.value
_ASSIGNED = tuple(c.value for c in links.ASSIGNED)
_KEYS = tuple(c.value for c in SC)


class CategoryCounts:
    """Figures derived from ``counts`` (status category value → number of tasks)."""

    counts: dict[str, int]

    @property
    def assigned(self) -> int:
        counts = self.counts
        return sum(counts[c] for c in _ASSIGNED)

    @property
    def on_time(self) -> int:
        return self.counts[_ON_TIME]

    @property
    def done_late(self) -> int:
        return self.counts[_LATE]

    @property
    def overdue_count(self) -> int:
        return self.counts[_OVERDUE]

    @property
    def in_progress(self) -> int:
        return self.counts[_IN_TIME] + self.counts[_DUE_SOON]

    @property
    def paused(self) -> int:
        return self.counts[_PAUSED]

    @property
    def rate(self) -> float | None:
        counts = self.counts
        return on_time_rate(counts[_ON_TIME], counts[_LATE], counts[_OVERDUE])


@dataclass
class UnitRow(CategoryCounts):
    unit_id: int
    name: str
    short_name: str
    kind: str
    counts: dict[str, int]

    @property
    def late(self) -> int:
        return self.done_late

    @property
    def overdue(self) -> int:
        return self.overdue_count

    def worst_first_key(self) -> tuple:
        # Units with nothing due yet go last; then lowest rate, most overdue, name.
        return (self.rate is None, self.rate or 0.0, -self.overdue, self.name)


def unit_rows(
    *, filters: DashboardFilters, ctx: StatusContext, tallied: tally.Tally | None = None
) -> list[UnitRow]:
    """One row per lead unit with tasks in scope, worst first: from the running tally when
    no filter is chosen, else one grouped query over the tasks (no join, so it can run from
    an index); and one small query for the unit names."""
    if tallied is not None and filters.period.is_open:
        grouped = [
            {"lead_unit": pk, **counts} for pk, counts in tallied.units.items() if any(counts.values())
        ]
    else:
        grouped = list(
            Task.objects.filter(filters.task_q())
            .values("lead_unit")
            .annotate(**{c.value: Count("pk", filter=category_q(c, ctx)) for c in SC})
            .order_by()
        )
    # every unit (a few hundred) rather than an IN list of hundreds: cheaper to plan and run
    units = (
        Unit.objects.all()
        if tallied is not None
        else Unit.objects.filter(pk__in=[r["lead_unit"] for r in grouped])
    )
    names = {u["pk"]: u for u in units.values("pk", "name", "short_name", "kind").order_by()}
    result = [
        UnitRow(
            unit_id=r["lead_unit"],
            name=names[r["lead_unit"]]["name"],
            short_name=names[r["lead_unit"]]["short_name"],
            kind=names[r["lead_unit"]]["kind"],
            counts={key: r[key] for key in _KEYS},
        )
        for r in grouped
    ]
    result.sort(key=UnitRow.worst_first_key)
    return result


def totals(rows: list[UnitRow]) -> dict:
    """The organisation's counts: the per-unit rows summed (every task has one lead unit)."""
    keys = [c.value for c in SC]
    counts: dict = dict.fromkeys(keys, 0)
    for row in rows:
        row_counts = row.counts
        for key in keys:
            counts[key] += row_counts[key]
    counts["assigned"] = sum(counts[c.value] for c in links.ASSIGNED)
    counts["rate"] = on_time_rate(counts[SC.DONE_ON_TIME], counts[SC.DONE_LATE], counts[SC.OVERDUE])
    return counts


# --- Monthly chart ----------------------------------------------------------------------


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def chart_months(period: Period, today: dt.date, limit: int = CHART_MONTHS) -> list[dt.date]:
    """First days of the months the chart shows: the period's (at most ``limit``, the
    latest ones), or the last ``limit`` months up to today when no period is chosen."""
    end = _month_start(period.end or today)
    start = _month_start(period.start) if period.start else _add_months(end, -(limit - 1))
    start = max(start, _add_months(end, -(limit - 1)))
    months = []
    current = start
    while current <= end:
        months.append(current)
        current = _add_months(current, 1)
    return months


def _month(field_name: str):
    """The month of a date column, grouped in SQL. On SQLite Django's TruncMonth is a
    Python function called once per row; the "YYYY-MM" prefix of the stored ISO date is
    native there and an order of magnitude faster."""
    if connection.vendor == "sqlite":
        return Substr(Cast(field_name, CharField()), 1, 7)
    return TruncMonth(field_name)


def _month_value(value: dt.date | dt.datetime | str) -> dt.date:
    if isinstance(value, str):
        return dt.date(int(value[:4]), int(value[5:7]), 1)
    if isinstance(value, dt.datetime):
        value = value.date()
    return value.replace(day=1)


@dataclass
class MonthPoint:
    month: dt.date
    completed: int
    new_overdue: int
    completed_url: str | None
    new_overdue_url: str | None


def monthly_series(
    *, filters: DashboardFilters, ctx: StatusContext, tallied: tally.Tally | None = None
) -> list[MonthPoint]:
    """Completions per month and new overdue items per month: from the running tally when
    only a period is chosen, else two grouped queries."""
    months = chart_months(filters.period, ctx.today)
    if not months:
        return []
    if tallied is not None:
        done_by_month = {m: tallied.done_by_month.get(tally.month_key(m), 0) for m in months}
        late_by_month = {m: tallied.missed_by_month.get(tally.month_key(m), 0) for m in months}
    else:
        done_by_month, late_by_month = _months_counted(filters, ctx, months)
    params = filters.link_params(with_period=False)
    points = []
    for month in months:
        end = _add_months(month, 1) - dt.timedelta(days=1)
        points.append(
            MonthPoint(
                month=month,
                completed=done_by_month.get(month, 0),
                new_overdue=late_by_month.get(month, 0),
                completed_url=links.task_list_url(
                    **params,
                    category=[c.value for c in links.DONE],
                    completed_after=month,
                    completed_before=end,
                ),
                new_overdue_url=links.task_list_url(
                    **params,
                    category=[c.value for c in links.NEW_OVERDUE],
                    deadline_after=month,
                    deadline_before=end,
                ),
            )
        )
    return points


def _months_counted(
    filters: DashboardFilters, ctx: StatusContext, months: list[dt.date]
) -> tuple[dict, dict]:
    first, last = months[0], _add_months(months[-1], 1) - dt.timedelta(days=1)
    window = Period(first, last)
    base = Task.objects.filter(filters.scope_q())
    done = (
        base.filter(window.q("completed_on"), status=Task.Status.DONE)
        .annotate(m=_month("completed_on"))
        .values("m")
        .annotate(n=Count("pk"))
        .order_by()
    )
    missed = category_q(SC.OVERDUE, ctx) | category_q(SC.DONE_LATE, ctx)
    late = (
        base.filter(window.q("deadline"), missed)
        .annotate(m=_month("deadline"))
        .values("m")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {_month_value(r["m"]): r["n"] for r in done}, {_month_value(r["m"]): r["n"] for r in late}


# --- Lists ------------------------------------------------------------------------------


def last_progress_note() -> Subquery:
    """The latest progress note of the lead unit for the task in the outer query."""
    return Subquery(
        ProgressUpdate.objects.filter(task=OuterRef("pk"), is_contribution=False)
        .order_by("-created_at", "-pk")
        .values("note")[:1]
    )


def overdue_tasks(
    *, filters: DashboardFilters, ctx: StatusContext, limit: int | None = OVERDUE_LIST_LIMIT
) -> QuerySet[Task]:
    """Overdue tasks in scope, most days overdue first, with their last progress note."""
    qs = (
        Task.objects.filter(filters.task_q(), category_q(SC.OVERDUE, ctx))
        .select_related("lead_unit", "directive")
        .only(
            "pk",
            "title",
            "deadline",
            "status",
            "lead_unit__name",
            "lead_unit__short_name",
            "directive__kind",
            "directive__number",
            "directive__symbol",
        )
        .annotate(last_note=last_progress_note())
        .order_by("deadline", "pk")
    )
    return qs[:limit] if limit else qs


def data_version() -> tuple:
    """A stamp that changes when a task is created or an event that can change the figures
    is recorded (every write through tasks.services records one): one query of two
    primary-key lookups, the second on a partial index. Progress reports and cooperating
    units' opinions only add a note: they leave the stamp alone, and the one part of the
    page they change, the overdue list with its last notes, is never cached. Writes that
    bypass the services (an admin edit) show when the cache entry expires."""
    latest_event = TaskEvent.objects.exclude(kind__in=EVENT_NOTE_KINDS).order_by("-pk").values("pk")[:1]
    row = (
        Task.objects.order_by("-pk").annotate(event=Subquery(latest_event)).values_list("pk", "event").first()
    )
    return tuple(row or ())


def pending_extension_count(*, unit_ids: Iterable[int] | None = None) -> int:
    qs = ExtensionRequest.objects.filter(status=ExtensionRequest.Status.PENDING)
    if unit_ids is not None:
        qs = qs.filter(task__lead_unit_id__in=list(unit_ids))
    return qs.count()


def directive_choices() -> QuerySet:
    """Directives that have tasks, for the filter (one query, built lazily): read from the
    running tally's per-directive counts once it is built, else tested against the tasks.
    The condition is SQL text: the same test as ORM expressions (Exists, a subquery) cost
    more to build than the query costs to run, on every dashboard, cached or not."""
    from directives.models import Directive

    tally_table, state_table = tally.TaskTally._meta.db_table, tally.TaskTallyState._meta.db_table
    task_table = Task._meta.db_table
    built = f"EXISTS (SELECT 1 FROM {state_table} WHERE id = 1 AND as_of IS NOT NULL)"
    having_tasks = RawSQL(
        f"SELECT ref FROM {tally_table} WHERE dim = 'd' AND n > 0 AND {built}"  # noqa: S608 - model tables
        f" UNION ALL SELECT directive_id FROM {task_table}"
        f" WHERE directive_id IS NOT NULL AND NOT {built}",
        [],
    )
    return (
        Directive.objects.filter(pk__in=having_tasks)
        .only("pk", "kind", "number", "symbol", "subject", "issued_on")
        .order_by("-issued_on", "-pk")
    )


UNIT_KIND_CHOICES = [
    (Unit.Kind.DEPARTMENT.value, Unit.Kind.DEPARTMENT.label),
    (Unit.Kind.COMMUNE.value, Unit.Kind.COMMUNE.label),
    (Unit.Kind.AGENCY.value, Unit.Kind.AGENCY.label),
    (Unit.Kind.OFFICE.value, Unit.Kind.OFFICE.label),
]


# --- Head of unit and specialist ----------------------------------------------------------


def unit_due_soon_and_overdue(*, unit_ids: Iterable[int], ctx: StatusContext) -> QuerySet[Task]:
    ids = list(unit_ids)
    return (
        Task.objects.filter(
            COUNTED_TASKS_Q,
            category_q(SC.OVERDUE, ctx) | category_q(SC.DUE_SOON, ctx),
            lead_unit_id__in=ids,
        )
        .select_related("assignee", "lead_unit")
        .annotate(last_note=last_progress_note())
        .order_by("deadline", "pk")
    )


def unit_pending_extensions(*, unit_ids: Iterable[int]) -> QuerySet[ExtensionRequest]:
    return (
        ExtensionRequest.objects.filter(
            status=ExtensionRequest.Status.PENDING, task__lead_unit_id__in=list(unit_ids)
        )
        .select_related("task", "requested_by")
        .order_by("created_at", "pk")
    )


def rate_against_organisation(*, unit_ids: Iterable[int], period: Period, ctx: StatusContext) -> dict:
    """On-time rate of the given units and of the whole organisation (one query)."""
    ids = list(unit_ids)
    mine = Q(lead_unit_id__in=ids)
    cats = (SC.DONE_ON_TIME, SC.DONE_LATE, SC.OVERDUE)
    aggregates = {}
    for c in cats:
        aggregates[f"all_{c.value}"] = Count("pk", filter=category_q(c, ctx))
        aggregates[f"mine_{c.value}"] = Count("pk", filter=category_q(c, ctx) & mine)
    row = Task.objects.filter(COUNTED_TASKS_Q, period.q("deadline")).aggregate(**aggregates)
    return {
        "mine": on_time_rate(*(row[f"mine_{c.value}"] for c in cats)),
        "all": on_time_rate(*(row[f"all_{c.value}"] for c in cats)),
        "mine_due": sum(row[f"mine_{c.value}"] for c in cats),
        "all_due": sum(row[f"all_{c.value}"] for c in cats),
    }


def user_open_tasks(*, user, ctx: StatusContext) -> QuerySet[Task]:
    return (
        Task.objects.filter(COUNTED_TASKS_Q, assignee=user, status__in=[Task.Status.OPEN, Task.Status.PAUSED])
        .select_related("lead_unit", "directive")
        .order_by("deadline", "pk")
    )


def user_category_counts(*, user, ctx: StatusContext) -> dict[str, int]:
    return Task.objects.filter(COUNTED_TASKS_Q, assignee=user).aggregate(
        **{c.value: Count("pk", filter=category_q(c, ctx)) for c in SC}
    )


def pending_intake_count() -> int:
    """Directives registered but not yet released for tracking (draft)."""
    from directives.models import Directive

    return Directive.objects.filter(status=Directive.Status.DRAFT).count()
