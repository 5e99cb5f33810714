"""Select widgets that render their options without a template per option.

Django renders every <option> through the template engine; with a few hundred units and
directives in the filter form that alone costs more than the whole database work of the
task list. These widgets produce the same HTML directly.
"""

from __future__ import annotations

from functools import lru_cache
from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe


class FastSelectMixin:
    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        if self.allow_multiple_selected:
            final["multiple"] = True
        values = value if isinstance(value, list | tuple) else [value]
        selected = {str(v) for v in values if v is not None and v != ""}
        if not selected and not self.allow_multiple_selected:
            selected = {""}
        parts = [f"<select{flatatt(final)}>"]
        choices = tuple((("" if v is None else str(v)), str(label)) for v, label in self.choices)
        for key, head, tail in _escaped_options(choices):
            parts.append(head + (" selected" if key in selected else "") + tail)
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every value and label is escaped above


@lru_cache(maxsize=64)
def _escaped_options(choices: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str, str], ...]:
    """The escaped halves of each <option>, kept for lists that are rendered again and again."""
    return tuple(
        (key, f'<option value="{escape(key)}"', f">{escape(label)}</option>") for key, label in choices
    )


class FastSelect(FastSelectMixin, forms.Select):
    pass


class FastSelectMultiple(FastSelectMixin, forms.SelectMultiple):
    pass
