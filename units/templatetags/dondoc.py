from __future__ import annotations

from django import template

from tasks.status import BADGE_CLASSES, StatusCategory
from units.permissions import can

register = template.Library()


@register.simple_tag(takes_context=True)
def can_do(context, action: str, obj=None) -> bool:
    """``{% can_do "task_complete" task as allowed %}`` – the same check the view enforces."""
    request = context.get("request")
    return can(getattr(request, "user", None), action, obj)


@register.inclusion_tag("partials/_status_badge.html")
def status_badge(category: str) -> dict:
    category = StatusCategory(category)
    return {"label": category.label, "css": BADGE_CLASSES[category], "value": category.value}
