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


@register.filter
def bs(field):
    """Render a form field with its Bootstrap 5 class: ``{{ form.deadline|bs }}``."""
    widget = field.field.widget
    input_type = getattr(widget, "input_type", "")
    if input_type in ("checkbox", "radio"):
        css = "form-check-input"
    elif input_type == "select" or widget.__class__.__name__.endswith("Select"):
        css = "form-select"
    else:
        css = "form-control"
    if field.errors:
        css += " is-invalid"
    existing = widget.attrs.get("class", "")
    return field.as_widget(attrs={"class": f"{existing} {css}".strip()})
