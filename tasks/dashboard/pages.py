"""What each page shows, assembled from the selectors (reads only; views stay thin)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from deadlines.workdays import get_calendar
from tasks.dashboard import links, selectors
from tasks.dashboard.charts import month_chart
from tasks.dashboard.selectors import DashboardFilters, Period, UnitRow
from tasks.status import BADGE_CLASSES, StatusCategory, StatusContext

SC = StatusCategory
UNIT_TABLE_LIMIT = 20


@dataclass
class Card:
    label: str
    value: int
    url: str | None
    css: str
    category: str


def decorate(tasks, today: dt.date, calendar=None) -> list:
    """Days overdue (working days, as reports and reminders count them; calendar days for
    the tooltip) and the detail link for each task shown in a list."""
    tasks = list(tasks)
    if calendar is None and tasks:
        calendar = get_calendar()
    working = working_days_since([t.deadline for t in tasks], today, calendar)
    titles: dict[int, str] = {}
    for task in tasks:
        late = task.deadline is not None and task.deadline < today
        task.days_late = working[task.deadline] if late else 0
        task.calendar_days_late = n = (today - task.deadline).days if late else 0
        if n not in titles:
            titles[n] = calendar_days_title(n)
        task.calendar_days_title = titles[n]
        task.detail_url = links.task_detail_url(task.pk)
    return tasks


def calendar_days_title(n: int) -> str:
    """The tooltip beside a number of working days overdue."""
    return ngettext("%(n)d ngày theo lịch", "%(n)d ngày theo lịch", n) % {"n": n}


def working_days_since(days, today: dt.date, calendar) -> dict[dt.date, int]:
    """For each past day, the working days in (day, today] — one walk back from today to the
    earliest day, not one per task (calendar.working_days_between for each)."""
    past = sorted({d for d in days if d is not None and d < today}, reverse=True)
    result: dict[dt.date, int] = {}
    count, day = 0, today
    for target in past:
        while day > target:
            if calendar.is_working_day(day):
                count += 1
            day -= dt.timedelta(days=1)
        result[target] = count
    return result


def category_cards(counts: dict, filters: DashboardFilters) -> list[Card]:
    """The total and one card per category it is made of, so the cards add up to the total:
    paused work has its own card; cancelled work is outside the total (the page says how many)."""
    cards = [
        Card(
            _("Tổng số nhiệm vụ"), counts["assigned"], filters.link(links.ASSIGNED), "border-dark", "assigned"
        )
    ]
    for category in links.ASSIGNED:
        cards.append(
            Card(
                str(category.label),
                counts[category.value],
                filters.link(category),
                BADGE_CLASSES[category],
                category.value,
            )
        )
    return cards


@dataclass
class UnitLine:
    row: UnitRow
    urls: dict[str, str | None]
    report_url: str | None


def unit_lines(rows: list[UnitRow], filters: DashboardFilters, report_period: Period) -> list[UnitLine]:
    lines = []
    for row in rows:
        unit_filters = filters.for_unit(row.unit_id)
        lines.append(
            UnitLine(
                row=row,
                urls={
                    "assigned": unit_filters.link(links.ASSIGNED),
                    "on_time": unit_filters.link(SC.DONE_ON_TIME),
                    "late": unit_filters.link(SC.DONE_LATE),
                    "overdue": unit_filters.link(SC.OVERDUE),
                },
                report_url=report_url(row.unit_id, report_period),
            )
        )
    return lines


def report_url(unit_id: int, period: Period) -> str | None:
    base = links.url_or_none("dashboard:unit_report", unit_id)
    if base is None:
        return None
    params = []
    if period.start:
        params.append(f"start={period.start.isoformat()}")
    if period.end:
        params.append(f"end={period.end.isoformat()}")
    return base + ("?" + "&".join(params) if params else "")


@dataclass
class Aggregates:
    """The dashboard's figures: the organisation's counts at once, the per-unit rows and the
    monthly series when first used (a cached page needs only the counts)."""

    key: str | None
    counts: dict
    load: Callable[[], tuple[list[UnitRow], list]]

    @cached_property
    def _value(self) -> tuple[list[UnitRow], list]:
        return self.load()

    @property
    def rows(self) -> list[UnitRow]:
        return self._value[0]

    @property
    def points(self) -> list:
        return self._value[1]


def aggregates(*, filters: DashboardFilters, ctx: StatusContext) -> Aggregates:
    """The per-unit rows and the monthly series (the heavy part of the dashboard), their
    totals, and the cache key they are kept under, which the template also uses for the
    fragments built from them (None when caching is off).

    Cached for DONDOC["DASHBOARD_CACHE_SECONDS"] (default 60; 0 turns it off) under a key
    made of the filters, today's date, the language and selectors.data_version(), so a
    task change made through the services shows at once; the cache only spares repeated
    loads of unchanged data. The totals have a small entry of their own: a page whose
    fragments are cached reads only that one."""
    seconds = cache_seconds()

    def compute() -> tuple[list[UnitRow], list]:
        tallied = selectors.dashboard_tally(filters=filters, ctx=ctx)
        return (
            selectors.unit_rows(filters=filters, ctx=ctx, tallied=tallied),
            selectors.monthly_series(filters=filters, ctx=ctx, tallied=tallied),
        )

    if seconds <= 0:
        value = compute()
        return Aggregates(key=None, counts=selectors.totals(value[0]), load=lambda: value)
    raw = repr((filters, ctx, selectors.data_version(), translation.get_language()))
    key = "dondoc:dashboard:" + hashlib.sha256(raw.encode()).hexdigest()
    counts = cache.get(key + ":counts")
    if counts is None:
        value = compute()
        counts = selectors.totals(value[0])
        cache.set_many({key: value, key + ":counts": counts}, seconds)
        return Aggregates(key=key, counts=counts, load=lambda: value)

    def load() -> tuple[list[UnitRow], list]:
        value = cache.get(key)
        if value is None:
            value = compute()
            cache.set(key, value, seconds)
        return value

    return Aggregates(key=key, counts=counts, load=load)


def page_key(context: dict, query: str) -> str:
    """The key the page's whole content is cached under: the data key plus the query string
    (the form and its errors follow from it). With the cache off the content is rendered
    every time ({% cache 0 %} stores nothing)."""
    if not context["fragment_key"]:
        return "off"
    return context["fragment_key"] + ":" + hashlib.sha256(query.encode()).hexdigest()[:16]


def cache_seconds() -> int:
    return int(settings.DONDOC.get("DASHBOARD_CACHE_SECONDS", 60))


def dashboard_context(*, filters: DashboardFilters, ctx: StatusContext, all_units: bool = False) -> dict:
    """The chairman's dashboard: a fixed number of queries whatever the number of tasks or units."""
    figures = aggregates(filters=filters, ctx=ctx)
    key, counts = figures.key, figures.counts
    report_period = filters.period if not filters.period.is_open else Period.year(ctx.today.year)

    def shown() -> list[UnitRow]:
        return figures.rows if all_units else figures.rows[:UNIT_TABLE_LIMIT]

    return {
        "filters": filters,
        "today": ctx.today,
        # rendered fragments (figures, unit table) are cached under the data key too
        "fragment_key": f"{key}:{int(all_units)}" if key else None,
        "fragment_seconds": cache_seconds(),
        "counts": counts,
        "cards": category_cards(counts, filters),
        "rate": counts["rate"],
        # built only when the cached fragments miss
        "unit_lines": SimpleLazyObject(lambda: unit_lines(shown(), filters, report_period)),
        "unit_total": SimpleLazyObject(lambda: len(figures.rows)),
        "units_truncated": SimpleLazyObject(lambda: len(shown()) < len(figures.rows)),
        "chart": SimpleLazyObject(
            lambda: month_chart(
                figures.points, completed_label=_("Hoàn thành"), overdue_label=_("Quá hạn mới")
            )
        ),
        "points": SimpleLazyObject(lambda: figures.points),
        # read only when the cached page content misses
        "overdue": SimpleLazyObject(
            lambda: decorate(
                selectors.overdue_tasks(filters=filters, ctx=ctx), ctx.today, ctx.working_calendar()
            )
        ),
        "overdue_total": counts[SC.OVERDUE.value],
        "overdue_url": filters.link(SC.OVERDUE),
        "pending_extensions": SimpleLazyObject(selectors.pending_extension_count),
        "extensions_url": links.extensions_url(),
    }


def head_context(*, unit_ids: list[int], ctx: StatusContext) -> dict:
    year = Period.year(ctx.today.year)
    items = decorate(
        selectors.unit_due_soon_and_overdue(unit_ids=unit_ids, ctx=ctx), ctx.today, ctx.working_calendar()
    )
    overdue = [t for t in items if t.deadline < ctx.today]
    due_soon = [t for t in items if t.deadline >= ctx.today]
    unit_filters = [DashboardFilters(unit_id=pk) for pk in unit_ids]
    first = unit_filters[0] if unit_filters else DashboardFilters()
    return {
        "today": ctx.today,
        "overdue": overdue,
        "due_soon": due_soon,
        "overdue_url": first.link(SC.OVERDUE) if len(unit_ids) == 1 else None,
        "due_soon_url": first.link(SC.DUE_SOON) if len(unit_ids) == 1 else None,
        "extensions": list(selectors.unit_pending_extensions(unit_ids=unit_ids)),
        "extensions_url": links.extensions_url(),
        "rates": selectors.rate_against_organisation(unit_ids=unit_ids, period=year, ctx=ctx),
        "year": ctx.today.year,
        "report_urls": [report_url(pk, year) for pk in unit_ids],
    }


def office_context(*, ctx: StatusContext) -> dict:
    filters = DashboardFilters()
    figures = aggregates(filters=filters, ctx=ctx)
    rows, counts = figures.rows, figures.counts
    return {
        "today": ctx.today,
        "counts": counts,
        "cards": category_cards(counts, filters),
        "rate": counts["rate"],
        "overdue": decorate(
            selectors.overdue_tasks(filters=filters, ctx=ctx), ctx.today, ctx.working_calendar()
        ),
        "overdue_total": counts[SC.OVERDUE.value],
        "overdue_url": filters.link(SC.OVERDUE),
        # units to chase: something overdue or done late, worst first
        "unit_lines": unit_lines(
            [r for r in rows if r.overdue or r.late][:UNIT_TABLE_LIMIT], filters, Period.year(ctx.today.year)
        ),
        "pending_extensions": selectors.pending_extension_count(),
        "extensions_url": links.extensions_url(),
        "pending_intake": selectors.pending_intake_count(),
        "intake_url": _with_query(links.url_or_none("directives:list"), "status=draft"),
        "new_directive_url": links.url_or_none("directives:intake"),
        "new_task_url": links.url_or_none("tasks:create"),
    }


def specialist_context(*, user, ctx: StatusContext) -> dict:
    tasks = decorate(selectors.user_open_tasks(user=user, ctx=ctx), ctx.today, ctx.working_calendar())
    for task in tasks:
        task.category = task.status_category(ctx)
    counts = selectors.user_category_counts(user=user, ctx=ctx)
    return {
        "today": ctx.today,
        "tasks": tasks,
        "counts": counts,
        "overdue_count": counts[SC.OVERDUE.value],
        "due_soon_count": counts[SC.DUE_SOON.value],
        "list_url": links.task_list_url(),
    }


def _with_query(url: str | None, query: str) -> str | None:
    return f"{url}?{query}" if url else None
