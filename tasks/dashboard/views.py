from __future__ import annotations

import logging

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify

from tasks.dashboard import exports, pages, reports
from tasks.dashboard.forms import DashboardFilterForm, ReportForm
from tasks.status import StatusContext
from units.models import Unit
from units.permissions import Action, can_view_unit_report, require, roles_for
from units.selectors import active_units
from units.text import fold

logger = logging.getLogger("dondoc.reports")
FORMATS = {"docx": exports.DOCX_MIME, "xlsx": exports.XLSX_MIME}


@login_required
def chairman_dashboard(request: HttpRequest) -> HttpResponse:
    """Bảng điều khiển của lãnh đạo: counts, per-unit table, chart, overdue list."""
    require(request.user, Action.DASHBOARD_VIEW)
    ctx = StatusContext.for_today()
    form = DashboardFilterForm(request.GET)
    context = pages.dashboard_context(
        filters=form.filters(ctx.today), ctx=ctx, all_units=request.GET.get("all_units") == "1"
    )
    context["page_key"] = pages.page_key(context, request.GET.urlencode())
    return render(request, "dashboard/chairman.html", {"form": form, **context})


def office_home(request: HttpRequest) -> HttpResponse:
    context = pages.office_context(ctx=StatusContext.for_today())
    return render(request, "home_office.html", context)


def head_home(request: HttpRequest) -> HttpResponse:
    roles = roles_for(request.user)
    unit_ids = sorted(roles.managed_unit_ids)
    context = pages.head_context(unit_ids=unit_ids, ctx=StatusContext.for_today())
    context["units"] = list(Unit.objects.filter(pk__in=unit_ids).order_by("ordering", "name"))
    return render(request, "home_head.html", context)


def specialist_home(request: HttpRequest) -> HttpResponse:
    context = pages.specialist_context(user=request.user, ctx=StatusContext.for_today())
    return render(request, "home_specialist.html", context)


def _report_units(user):
    roles = roles_for(user)
    units = active_units().exclude(kind=Unit.Kind.LEADERSHIP)
    if roles.sees_everything:
        return units
    return units.filter(pk__in=roles.managed_unit_ids)


@login_required
def report_index(request: HttpRequest) -> HttpResponse:
    """Choose a unit and a period; leadership and Văn phòng also see every unit ranked."""
    require(request.user, Action.REPORT_VIEW)
    ctx = StatusContext.for_today()
    allow_summary = can_view_unit_report(request.user, None)
    form = ReportForm(request.GET or None, units=_report_units(request.user), allow_summary=allow_summary)
    period = form.period(ctx.today)
    unit = form.cleaned_data.get("unit") if form.is_bound and form.is_valid() else None
    if unit is not None:
        return redirect(f"{reverse('dashboard:unit_report', args=[unit.pk])}?{_period_query(period)}")
    rows = reports.organisation_summary(period=period, ctx=ctx) if allow_summary else []
    return render(
        request,
        "dashboard/report_index.html",
        {
            "form": form,
            "period": period,
            "rows": rows,
            "allow_summary": allow_summary,
            "units": list(form.fields["unit"].queryset),
            "period_query": _period_query(period),
            "report_urls": {r.row.unit_id: pages.report_url(r.row.unit_id, period) for r in rows},
            "today": ctx.today,
        },
    )


def _period_query(period) -> str:
    return f"start={period.start.isoformat()}&end={period.end.isoformat()}"


def _unit_and_period(request: HttpRequest, pk: int):
    require(request.user, Action.REPORT_VIEW)
    unit = get_object_or_404(Unit, pk=pk)
    if not can_view_unit_report(request.user, unit.pk):
        logger.warning("report denied: user=%s unit=%s", request.user.pk, unit.pk)
        raise PermissionDenied
    ctx = StatusContext.for_today()
    form = ReportForm(request.GET, units=Unit.objects.filter(pk=unit.pk), allow_summary=True)
    return unit, form, form.period(ctx.today), ctx


@login_required
def unit_report(request: HttpRequest, pk: int) -> HttpResponse:
    unit, form, period, ctx = _unit_and_period(request, pk)
    report = reports.unit_report(unit=unit, period=period, ctx=ctx)
    return render(
        request,
        "dashboard/unit_report.html",
        {"report": report, "form": form, "period_query": _period_query(period), "today": ctx.today},
    )


def _filename(stem: str, period, fmt: str) -> str:
    slug = slugify(fold(stem))[:60] or "bao-cao"
    return f"bao-cao-{slug}-{period.start:%Y%m%d}-{period.end:%Y%m%d}.{fmt}"


def _file(data: bytes, filename: str, fmt: str) -> HttpResponse:
    response = HttpResponse(data, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def unit_report_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    unit, _form, period, ctx = _unit_and_period(request, pk)
    report = reports.unit_report(unit=unit, period=period, ctx=ctx)
    data = (
        exports.unit_report_docx(report, today=ctx.today)
        if fmt == "docx"
        else exports.unit_report_xlsx(report)
    )
    logger.info("report exported: user=%s unit=%s format=%s", request.user.pk, unit.pk, fmt)
    return _file(data, _filename(unit.short_name, period, fmt), fmt)


@login_required
def summary_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    require(request.user, Action.REPORT_VIEW)
    if not can_view_unit_report(request.user, None):
        raise PermissionDenied
    ctx = StatusContext.for_today()
    form = ReportForm(request.GET, units=Unit.objects.none(), allow_summary=True)
    period = form.period(ctx.today)
    rows = reports.organisation_summary(period=period, ctx=ctx)
    if fmt == "docx":
        data = exports.summary_docx(rows, period=period, today=ctx.today)
    else:
        data = exports.summary_xlsx(rows, period=period)
    logger.info("summary exported: user=%s format=%s units=%s", request.user.pk, fmt, len(rows))
    return _file(data, _filename("tong-hop", period, fmt), fmt)
