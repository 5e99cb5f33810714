"""Head-of-unit accountability report ("báo cáo kết quả thực hiện nhiệm vụ") data.

The tasks a unit answers for in a period are the counted, not cancelled tasks it leads
whose current deadline falls in the period, plus the work still open whose deadline fell
before the period (overdue carried over: still overdue at the end of this period); their
category is today's. Days late are working days (deadlines.workdays). Extension requests are
counted by the day they were filed. The on-time rate is done-on-time over everything
already due (done on time + done late + overdue); the rating is the highest
units.RatingThreshold the unit reaches.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from tasks.dashboard import links
from tasks.dashboard.pages import working_days_since
from tasks.dashboard.selectors import (
    CategoryCounts,
    DashboardFilters,
    Period,
    UnitRow,
    last_progress_note,
)
from tasks.models import ExtensionRequest, Task
from tasks.status import COUNTED_TASKS_Q, StatusCategory, StatusContext, category_expression, category_q
from units.models import Membership, RatingThreshold, Unit
from units.selectors import active_units

logger = logging.getLogger("dondoc.reports")
SC = StatusCategory


@dataclass(frozen=True)
class Rating:
    name: str
    reached: bool  # False: nothing due yet, so no rating


def rate_unit(rate: float | None, overdue: int, thresholds: list[RatingThreshold]) -> Rating:
    if rate is None:
        return Rating(_("Chưa xếp loại"), False)  # nothing due yet in the period
    value = Decimal(str(rate))
    for level in thresholds:  # highest minimum first
        if value >= level.min_on_time_rate and (level.max_overdue is None or overdue <= level.max_overdue):
            return Rating(level.name, True)
    return Rating(_("Chưa đạt mức xếp loại nào"), False)


def thresholds() -> list[RatingThreshold]:
    return list(RatingThreshold.objects.order_by("-min_on_time_rate", "ordering", "pk"))


@dataclass
class Head:
    name: str
    title: str


def heads_of(unit_ids: list[int] | None = None) -> dict[int, Head]:
    qs = Membership.objects.filter(role=Membership.Role.HEAD).select_related("user")
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=unit_ids)
    return {
        m.unit_id: Head(name=m.user.get_full_name() or m.user.username, title=m.title or m.get_role_display())
        for m in qs
    }


def chairman() -> Head | None:
    m = (
        Membership.objects.filter(
            role=Membership.Role.HEAD, unit__kind=Unit.Kind.LEADERSHIP, unit__is_active=True
        )
        .select_related("user")
        .order_by("unit__ordering", "pk")
        .first()
    )
    if m is None:
        return None
    return Head(name=m.user.get_full_name() or m.user.username, title=m.title)


@dataclass
class TaskLine:
    pk: int
    title: str
    directive: str
    deadline: dt.date | None
    completed_on: dt.date | None
    category: str
    category_label: str
    days_late: int  # working days (deadlines.workdays), as Vietnamese reports count them
    note: str
    assignee: str
    calendar_days_late: int = 0


@dataclass
class UnitReport(CategoryCounts):
    unit: Unit
    head: Head | None
    period: Period
    today: dt.date
    counts: dict[str, int]
    extensions_requested: int
    extensions_granted: int
    rating: Rating
    overdue: list[TaskLine] = field(default_factory=list)
    late: list[TaskLine] = field(default_factory=list)
    tasks: list[TaskLine] = field(default_factory=list)
    links: dict[str, str | None] = field(default_factory=dict)


def _directive_code(kind_label: str | None, number: str | None, symbol: str | None) -> str:
    if not symbol and not number:
        return ""
    code = f"{number or '…'}/{symbol}" if symbol else (number or "")
    return f"{kind_label} {code}".strip() if kind_label else code


def _scope(unit_id: int | None, period: Period) -> Q:
    """The tasks a unit answers for in ``period``: deadline in the period, plus the work
    still open whose deadline fell before the period (overdue carried over: it is overdue
    at the end of this period too), never cancelled ones."""
    in_period = period.q("deadline")
    if period.start:
        in_period |= Q(status=Task.Status.OPEN, deadline__lt=period.start)
    condition = COUNTED_TASKS_Q & in_period & ~Q(status=Task.Status.CANCELLED)
    if unit_id is not None:
        condition &= Q(lead_unit_id=unit_id)
    return condition


def unit_report(*, unit: Unit, period: Period, ctx: StatusContext, with_tasks: bool = True) -> UnitReport:
    """Everything the report on one unit shows; a handful of queries whatever the volume."""
    scope = _scope(unit.pk, period)
    counts = Task.objects.filter(scope).aggregate(
        **{c.value: Count("pk", filter=category_q(c, ctx)) for c in SC}
    )
    ext = ExtensionRequest.objects.filter(task__lead_unit_id=unit.pk, **_created_in(period)).aggregate(
        requested=Count("pk"),
        granted=Count("pk", filter=Q(status=ExtensionRequest.Status.APPROVED)),
    )
    report = UnitReport(
        unit=unit,
        head=heads_of([unit.pk]).get(unit.pk),
        period=period,
        today=ctx.today,
        counts=counts,
        extensions_requested=ext["requested"],
        extensions_granted=ext["granted"],
        rating=Rating("", False),
    )
    report.rating = rate_unit(report.rate, report.overdue_count, thresholds())
    if with_tasks:
        lines = _task_lines(scope, ctx)
        report.tasks = lines
        report.overdue = sorted(
            (t for t in lines if t.category == SC.OVERDUE), key=lambda t: (-t.days_late, t.pk)
        )
        report.late = [t for t in lines if t.category == SC.DONE_LATE]
    filters = DashboardFilters(period=period, unit_id=unit.pk)
    report.links = {
        "assigned": filters.link(links.ASSIGNED),
        "on_time": filters.link(SC.DONE_ON_TIME),
        "late": filters.link(SC.DONE_LATE),
        "overdue": _overdue_link(filters),
        "in_progress": filters.link(links.IN_PROGRESS),
        "paused": filters.link(SC.PAUSED),
    }
    logger.info(
        "unit report built: unit=%s period=%s..%s tasks=%s",
        unit.pk,
        period.start,
        period.end,
        report.assigned,
    )
    return report


def _overdue_link(filters: DashboardFilters) -> str | None:
    """The overdue tasks the report counts: deadline on or before the period's end (those in
    the period and those carried over from before it) — exactly the report's overdue figure."""
    return replace(filters, period=Period(None, filters.period.end)).link(SC.OVERDUE)


def _created_in(period: Period) -> dict:
    lookups = {}
    if period.start:
        lookups["created_at__date__gte"] = period.start
    if period.end:
        lookups["created_at__date__lte"] = period.end
    return lookups


def _task_lines(scope: Q, ctx: StatusContext) -> list[TaskLine]:
    labels = {key: str(label) for key, label in SC.choices}
    rows = (
        Task.objects.filter(scope)
        .annotate(cat=category_expression(ctx), last_note=last_progress_note())
        .order_by("deadline", "pk")
        .values_list(
            "pk",
            "title",
            "directive__kind",
            "directive__number",
            "directive__symbol",
            "deadline",
            "completed_on",
            "cat",
            "last_note",
            "assignee__first_name",
            "assignee__last_name",
        )
    )
    from directives.models import Directive

    kinds = {key: str(label) for key, label in Directive.Kind.choices}
    calendar = ctx.working_calendar()
    rows = list(rows)
    overdue_days = working_days_since([r[5] for r in rows if r[7] == SC.OVERDUE], ctx.today, calendar)
    lines = []
    for pk, title, d_kind, d_number, d_symbol, deadline, completed_on, cat, note, first, last in rows:
        late_until = ctx.today if cat == SC.OVERDUE else completed_on if cat == SC.DONE_LATE else None
        if cat == SC.OVERDUE:
            days = overdue_days[deadline]
        else:
            days = calendar.working_days_between(deadline, late_until) if late_until else 0
        calendar_days = (late_until - deadline).days if late_until else 0
        lines.append(
            TaskLine(
                pk=pk,
                title=title,
                directive=_directive_code(kinds.get(d_kind), d_number, d_symbol),
                deadline=deadline,
                completed_on=completed_on,
                category=cat,
                category_label=labels[cat],
                days_late=days,
                note=note or "",
                assignee=f"{last or ''} {first or ''}".strip(),
                calendar_days_late=calendar_days,
            )
        )
    return lines


# --- Organisation-wide summary -------------------------------------------------------------


@dataclass
class SummaryRow:
    rank: int | None
    row: UnitRow
    head: Head | None
    rating: Rating
    extensions_requested: int
    extensions_granted: int
    links: dict[str, str | None]


def organisation_summary(
    *, period: Period, ctx: StatusContext, unit_kind: str | None = None
) -> list[SummaryRow]:
    """Every active unit (except the leadership) ranked best first; units with nothing due
    yet come last, unranked. Four queries whatever the number of units and tasks."""
    units = active_units().exclude(kind=Unit.Kind.LEADERSHIP)
    if unit_kind:
        units = units.filter(kind=unit_kind)
    units = list(units.only("pk", "name", "short_name", "kind"))
    ids = [u.pk for u in units]
    grouped = {
        r["lead_unit"]: r
        for r in Task.objects.filter(_scope(None, period), lead_unit_id__in=ids)
        .values("lead_unit")
        .annotate(**{c.value: Count("pk", filter=category_q(c, ctx)) for c in SC})
        .order_by()
    }
    ext = {
        r["task__lead_unit"]: r
        for r in ExtensionRequest.objects.filter(task__lead_unit_id__in=ids, **_created_in(period))
        .values("task__lead_unit")
        .annotate(
            requested=Count("pk"), granted=Count("pk", filter=Q(status=ExtensionRequest.Status.APPROVED))
        )
        .order_by()
    }
    heads = heads_of(ids)
    levels = thresholds()
    rows = []
    for unit in units:
        counts = {c.value: grouped.get(unit.pk, {}).get(c.value, 0) for c in SC}
        row = UnitRow(unit.pk, unit.name, unit.short_name, unit.kind, counts)
        filters = DashboardFilters(period=period, unit_id=unit.pk)
        rows.append(
            SummaryRow(
                rank=None,
                row=row,
                head=heads.get(unit.pk),
                rating=rate_unit(row.rate, row.overdue, levels),
                extensions_requested=ext.get(unit.pk, {}).get("requested", 0),
                extensions_granted=ext.get(unit.pk, {}).get("granted", 0),
                links={
                    "assigned": filters.link(links.ASSIGNED),
                    "on_time": filters.link(SC.DONE_ON_TIME),
                    "late": filters.link(SC.DONE_LATE),
                    "overdue": _overdue_link(filters),
                },
            )
        )
    rows.sort(
        key=lambda s: (s.row.rate is None, -(s.row.rate or 0.0), s.row.overdue, -s.row.on_time, s.row.name)
    )
    rank = 0
    previous = None
    for position, s in enumerate(rows, start=1):
        if s.row.rate is None:
            break
        key = (s.row.rate, s.row.overdue)
        if key != previous:
            rank = position
            previous = key
        s.rank = rank
    return rows
