"""The rows of the dashboard's tables, written in Python.

A row of the unit table is some thirty template nodes, lookups and translations; twenty
of them and twenty overdue tasks were a third of the uncached dashboard's CPU. These tags
write the same rows (same cells, classes and data attributes as before) with format_html.
"""

from __future__ import annotations

from django import template
from django.conf import settings
from django.template.defaultfilters import floatformat
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

register = template.Library()


def _n(value) -> SafeString:
    """``{{ value }}`` for a number: localised as the templates do (an int without thousand
    separators is its digits; localize() would look the formats up for each)."""
    if type(value) is int and not settings.USE_THOUSAND_SEPARATOR:
        return SafeString(value)
    return conditional_escape(localize(value))


def _count(n: int, url: str | None, css: str = "") -> SafeString:
    if not url:
        return _n(n)
    if css:
        return format_html('<a class="{}" href="{}">{}</a>', css, url, _n(n))
    return format_html('<a href="{}">{}</a>', url, _n(n))


@register.simple_tag
def unit_table_rows(lines) -> SafeString:
    """The <tr>s of dashboard/_unit_table.html (lines: tasks.dashboard.pages.UnitLine)."""
    labels = {
        "assigned": _("Được giao"),
        "on_time": _("Đúng hạn"),
        "late": _("Hoàn thành quá hạn"),
        "overdue": _("Quá hạn"),
        "rate": _("Tỷ lệ đúng hạn"),
    }
    report = _("Báo cáo")
    out = []
    for line in lines:
        row, urls = line.row, line.urls
        rate = (
            mark_safe('<span class="text-body-secondary">–</span>')
            if row.rate is None
            else format_html("{}%", floatformat(row.rate, 1))
        )
        overdue_css = "link-danger fw-semibold" if row.overdue else ""
        out.append(
            format_html(
                '<tr data-unit="{}">\n<th scope="row" class="fw-normal">{}</th>\n'
                '<td class="text-end" data-col="assigned" data-label="{}">{}</td>\n'
                '<td class="text-end" data-col="on_time" data-label="{}">{}</td>\n'
                '<td class="text-end" data-col="late" data-label="{}">{}</td>\n'
                '<td class="text-end" data-col="overdue" data-label="{}">{}</td>\n'
                '<td class="text-end text-nowrap" data-col="rate" data-label="{}">{}</td>\n'
                '<td class="text-nowrap">{}</td>\n</tr>\n',
                row.unit_id,
                row.name,
                labels["assigned"],
                _count(row.assigned, urls.get("assigned")),
                labels["on_time"],
                _count(row.on_time, urls.get("on_time")),
                labels["late"],
                _count(row.late, urls.get("late")),
                labels["overdue"],
                _count(row.overdue, urls.get("overdue"), overdue_css),
                labels["rate"],
                rate,
                format_html('<a class="small" href="{}">{}</a>', line.report_url, report)
                if line.report_url
                else "",
            )
        )
    return mark_safe("".join(out))  # noqa: S308 - every part went through format_html


@register.simple_tag
def overdue_rows(tasks) -> SafeString:
    """The <tr>s of dashboard/_overdue_table.html (tasks decorated by pages.decorate)."""
    no_note = _("Chưa báo cáo tiến độ")
    out = []
    for task in tasks:
        title = (
            format_html('<a href="{}">{}</a>', task.detail_url, task.title) if task.detail_url else task.title
        )
        directive = task.directive.reference_code if task.directive_id and task.directive else ""
        note = Truncator(task.last_note or no_note).chars(140)
        out.append(
            format_html(
                "<tr>\n<td>{}</td>\n<td>{}</td>\n"
                '<td class="text-nowrap">{}</td>\n<td class="text-nowrap">{}</td>\n'
                '<td class="text-end"><span class="badge text-bg-danger" title="{}">{}</span></td>\n'
                '<td class="small">{}</td>\n</tr>\n',
                title,
                task.lead_unit.short_name,
                directive or "–",
                task.deadline.strftime("%d/%m/%Y") if task.deadline else "",
                task.calendar_days_title,
                _n(task.days_late),
                note,
            )
        )
    return mark_safe("".join(out))  # noqa: S308 - every part went through format_html


@register.simple_tag
def month_rows(points) -> SafeString:
    """The <tr>s of the chart's figures (month, completed, new overdue)."""
    out = []
    for p in points:
        out.append(
            format_html(
                '<tr><td>{}</td>\n<td class="text-end">{}</td>\n<td class="text-end">{}</td></tr>\n',
                p.month.strftime("%m/%Y"),
                _count(p.completed, p.completed_url),
                _count(p.new_overdue, p.new_overdue_url),
            )
        )
    return mark_safe("".join(out))  # noqa: S308 - every part went through format_html
