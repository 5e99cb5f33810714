"""Select widgets that render their options without a template per option.

Django renders every <option> through the template engine; with a few hundred units and
directives in the filter form that alone costs more than the whole database work of the
task list. These widgets produce the same HTML directly.
"""

from __future__ import annotations

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
        parts = [f"<select{flatatt(final)}>"]
        for option_value, label in self.choices:
            key = "" if option_value is None else str(option_value)
            mark = (
                " selected"
                if key in selected or (not selected and key == "" and not self.allow_multiple_selected)
                else ""
            )
            parts.append(f'<option value="{escape(key)}"{mark}>{escape(str(label))}</option>')
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every value and label is escaped above


class FastSelect(FastSelectMixin, forms.Select):
    pass


class FastSelectMultiple(FastSelectMixin, forms.SelectMultiple):
    pass
