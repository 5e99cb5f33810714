"""The official status categories (domain.md §5.1), derived in one place.

A task's category follows from its internal status, its current deadline D, its
completion date C and today's date:

- done, C ≤ D (or no deadline)        → hoàn thành đúng hạn
- done, C > D                          → hoàn thành quá hạn
- open, today > D                      → quá hạn
- open, today ≤ D ≤ today + N working days → sắp đến hạn
- open otherwise (incl. no deadline)   → đang thực hiện trong hạn
- paused / cancelled                   → tạm dừng / đã hủy (outside the four official counts)

``category_q`` gives the same rules as ``Q`` objects (for filters and ``Count(filter=...)``),
``category_expression`` as a ``Case`` annotation, ``category_of`` in Python. Recurring
series (templates of occurrences) are never counted: ``COUNTED_TASKS_Q`` excludes them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Case, CharField, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from tasks.models import Task


class StatusCategory(models.TextChoices):
    IN_TIME = "in_time", _("Đang thực hiện trong hạn")
    DUE_SOON = "due_soon", _("Sắp đến hạn")
    OVERDUE = "overdue", _("Quá hạn")
    DONE_ON_TIME = "done_on_time", _("Hoàn thành đúng hạn")
    DONE_LATE = "done_late", _("Hoàn thành quá hạn")
    PAUSED = "paused", _("Tạm dừng")
    CANCELLED = "cancelled", _("Đã hủy")


OPEN_CATEGORIES = (StatusCategory.IN_TIME, StatusCategory.DUE_SOON, StatusCategory.OVERDUE)
DONE_CATEGORIES = (StatusCategory.DONE_ON_TIME, StatusCategory.DONE_LATE)
COUNTED_TASKS_Q = ~Q(kind="recurring")

BADGE_CLASSES = {
    StatusCategory.IN_TIME: "text-bg-primary",
    StatusCategory.DUE_SOON: "text-bg-warning",
    StatusCategory.OVERDUE: "text-bg-danger",
    StatusCategory.DONE_ON_TIME: "text-bg-success",
    StatusCategory.DONE_LATE: "text-bg-secondary",
    StatusCategory.PAUSED: "text-bg-light border",
    StatusCategory.CANCELLED: "text-bg-light border text-decoration-line-through",
}


@dataclass(frozen=True)
class StatusContext:
    """The dates a category depends on: today and the last day that is still "due soon"."""

    today: dt.date
    due_soon_until: dt.date
    # the working-day calendar it was computed with, reused for "days overdue" (one load of
    # the calendar overrides per request); not part of equality or repr (cache keys)
    calendar: object | None = field(default=None, compare=False, repr=False)

    @classmethod
    def for_date(cls, today: dt.date) -> StatusContext:
        from deadlines.workdays import get_calendar

        days = settings.DONDOC["DUE_SOON_WORKING_DAYS"]
        calendar = get_calendar()
        return cls(today=today, due_soon_until=calendar.add_working_days(today, days), calendar=calendar)

    def working_calendar(self):
        """The working-day calendar (deadlines.workdays.WorkCalendar) for this day."""
        if self.calendar is None:
            from deadlines.workdays import get_calendar

            return get_calendar()
        return self.calendar

    @classmethod
    def for_today(cls) -> StatusContext:
        return cls.for_date(timezone.localdate())


def category_q(category: str, ctx: StatusContext, prefix: str = "") -> Q:
    """A ``Q`` selecting the tasks in ``category``; ``prefix`` ("task__") for related lookups."""
    p = prefix

    def q(**kwargs) -> Q:
        return Q(**{p + key: value for key, value in kwargs.items()})

    open_ = q(status="open")
    if category == StatusCategory.OVERDUE:
        return open_ & q(deadline__lt=ctx.today)
    if category == StatusCategory.DUE_SOON:
        return open_ & q(deadline__gte=ctx.today, deadline__lte=ctx.due_soon_until)
    if category == StatusCategory.IN_TIME:
        return open_ & (q(deadline__isnull=True) | q(deadline__gt=ctx.due_soon_until))
    if category == StatusCategory.DONE_ON_TIME:
        return q(status="done") & (q(deadline__isnull=True) | q(completed_on__lte=F(p + "deadline")))
    if category == StatusCategory.DONE_LATE:
        return q(status="done", completed_on__gt=F(p + "deadline"))
    if category == StatusCategory.PAUSED:
        return q(status="paused")
    if category == StatusCategory.CANCELLED:
        return q(status="cancelled")
    raise ValueError(f"unknown status category {category!r}")


def category_expression(ctx: StatusContext) -> Case:
    return Case(
        *(When(category_q(c, ctx), then=Value(c.value)) for c in StatusCategory),
        default=Value(StatusCategory.IN_TIME.value),
        output_field=CharField(),
    )


def category_of(task: Task, ctx: StatusContext) -> StatusCategory:
    status, deadline = task.status, task.deadline
    if status == "cancelled":
        return StatusCategory.CANCELLED
    if status == "paused":
        return StatusCategory.PAUSED
    if status == "done":
        if deadline is None or (task.completed_on is not None and task.completed_on <= deadline):
            return StatusCategory.DONE_ON_TIME
        return StatusCategory.DONE_LATE
    if deadline is None or deadline > ctx.due_soon_until:
        return StatusCategory.IN_TIME
    if deadline < ctx.today:
        return StatusCategory.OVERDUE
    return StatusCategory.DUE_SOON
