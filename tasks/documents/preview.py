"""Contexts filled with this office's real data, to preview (and check) a template."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count
from django.utils import timezone

from tasks.dashboard import reports
from tasks.dashboard.selectors import Period
from tasks.documents.contexts import ranking_context, unit_report_context
from tasks.documents.models import DocumentKind
from tasks.documents.render import org_context
from tasks.documents.selectors import explanations_for_report
from tasks.models import Task
from tasks.status import StatusCategory, StatusContext, category_q
from units.models import Unit


def _year(today: dt.date) -> Period:
    return Period(start=dt.date(today.year, 1, 1), end=dt.date(today.year, 12, 31))


def _busiest_unit() -> Unit | None:
    row = (
        Task.objects.values("lead_unit")
        .annotate(n=Count("pk"))
        .order_by("-n", "lead_unit")
        .values_list("lead_unit", flat=True)
        .first()
    )
    return (
        Unit.objects.filter(pk=row).first()
        if row
        else Unit.objects.filter(is_active=True).order_by("ordering").first()
    )


def sample_context(kind: str) -> dict:
    today = timezone.localdate()
    ctx = StatusContext.for_today()
    period = _year(today)
    if kind == DocumentKind.UNIT_REPORT:
        unit = _busiest_unit()
        if unit is None:
            return _letter_sample(today)
        report = reports.unit_report(unit=unit, period=period, ctx=ctx)
        return unit_report_context(report, today=today, explanations=explanations_for_report(report))
    if kind == DocumentKind.RANKING:
        return ranking_context(
            reports.organisation_summary(period=period, ctx=ctx), period=period, today=today
        )
    return _letter_sample(today)


def _letter_sample(today: dt.date) -> dict:
    from tasks.documents.services import _task_line, days_late, letter_tasks

    ctx = StatusContext.for_date(today)
    ids = Task.objects.filter(category_q(StatusCategory.OVERDUE, ctx)).values_list("pk", flat=True)[:10]
    tasks = letter_tasks(ids)
    late = days_late(tasks, today, ctx.working_calendar())
    units: dict[int, dict] = {}
    for task in tasks:
        units.setdefault(task.lead_unit_id, {"name": task.lead_unit.name, "tasks": []})["tasks"].append(
            _task_line(task, late)
        )
    first = next(iter(units.values()), {"name": "…", "tasks": []})
    context = org_context(today)
    context.update(
        {
            "count": len(tasks),
            "units": list(units.values()),
            "unit": first["name"],
            "addressee": f"Thủ trưởng {first['name']}",
            "threshold": 10,
            "tasks": first["tasks"],
            "reply_by": (today + dt.timedelta(days=7)).strftime("%d/%m/%Y"),
            "signer": "",
            "recipients": ["- Như trên;", "- Lưu: VT, VP."],
        }
    )
    return context
