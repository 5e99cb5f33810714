from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from tasks.status import COUNTED_TASKS_Q, StatusCategory, StatusContext, category_q
from units.models import Membership, Unit


def unit_list_with_counts(*, ctx: StatusContext) -> QuerySet[Unit]:
    """Active and inactive units with their open and overdue task counts (one query)."""

    def led(category: str) -> Q:
        return category_q(category, ctx, prefix="led_tasks__") & _prefixed_counted()

    return (
        Unit.objects.select_related("parent")
        .annotate(
            open_count=Count("led_tasks", filter=Q(led_tasks__status="open") & _prefixed_counted()),
            overdue_count=Count("led_tasks", filter=led(StatusCategory.OVERDUE)),
        )
        .order_by("ordering", "name")
    )


def _prefixed_counted() -> Q:
    return ~Q(led_tasks__kind="recurring")


def unit_category_counts(*, unit: Unit, ctx: StatusContext) -> dict[str, int]:
    """Tasks the unit leads, counted by status category in one aggregate query."""
    from tasks.models import Task

    qs = Task.objects.filter(COUNTED_TASKS_Q, lead_unit=unit)
    return qs.aggregate(**{c.value: Count("pk", filter=category_q(c, ctx)) for c in StatusCategory})


def unit_members(*, unit: Unit) -> QuerySet[Membership]:
    return unit.memberships.select_related("user").order_by("role", "user__last_name", "user__first_name")


def active_units() -> QuerySet[Unit]:
    """Units still in use, in the organisation's order: the one query behind unit pickers,
    rankings, feeds and the name resolver (inactive units keep their history only)."""
    return Unit.objects.filter(is_active=True).order_by("ordering", "name")
