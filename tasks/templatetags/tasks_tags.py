from __future__ import annotations

from django import template
from django.urls import NoReverseMatch

from tasks.evidence import file_type

register = template.Library()


@register.filter
def url_or_empty(obj) -> str:
    """``obj.get_absolute_url()``, or "" while the page it points to does not exist yet."""
    try:
        return obj.get_absolute_url() if obj is not None else ""
    except NoReverseMatch:
        return ""


@register.filter
def is_inline_file(name: str) -> bool:
    kind = file_type(name)
    return bool(kind and kind.inline)


@register.filter
def person(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username


@register.simple_tag
def task_badge(task, ctx) -> str:
    """The status-category badge of ``task`` for the dates in ``ctx`` (no template per row)."""
    from django.utils.html import format_html

    from tasks.status import BADGE_CLASSES, category_of

    category = category_of(task, ctx)
    return format_html(
        '<span class="badge {}" data-category="{}">{}</span>',
        BADGE_CLASSES[category],
        category.value,
        category.label,
    )


@register.filter
def history_value(value: str) -> str:
    """A stored history value with its status word in the reader's language."""
    from tasks.history_text import shown_value

    return shown_value(value)


@register.filter
def history_note(value: str) -> str:
    """A stored history note in the reader's language when it was written automatically."""
    from tasks.history_text import shown_note

    return shown_note(value)
