"""``{% load deadlines %}{% deadline_policy_note task.deadline %}``: next to a deadline that
falls on a day off, say what the day-off policy (settings.DONDOC["DEADLINE_ON_DAY_OFF"])
does with it. Renders nothing for a working day."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils.html import format_html

from deadlines.workdays import WorkCalendar, get_calendar

register = template.Library()

_CACHE_KEY = "_dondoc_work_calendar"


def _calendar(context) -> WorkCalendar:
    """One calendar per request, however many deadlines a page shows: the view's own
    (``work_calendar`` in the context) or the first one read."""
    calendar = context.get("work_calendar")
    if calendar is not None:
        return calendar
    request = context.get("request")
    holder = request if request is not None else context.render_context
    calendar = getattr(holder, _CACHE_KEY, None) if request is not None else holder.get(_CACHE_KEY)
    if calendar is None:
        calendar = get_calendar()
        if request is not None:
            setattr(request, _CACHE_KEY, calendar)
        else:
            holder[_CACHE_KEY] = calendar
    return calendar


@register.simple_tag(takes_context=True)
def deadline_policy_note(context, deadline: dt.date | None) -> str:
    if not isinstance(deadline, dt.date):
        return ""
    note = _calendar(context).policy_note(deadline)
    if not note:
        return ""
    return format_html('<div class="small text-warning-emphasis deadline-policy-note">⚠ {}</div>', note)
