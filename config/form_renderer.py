"""A form renderer that writes Django's common widgets in Python.

Django renders every widget through its template engine, and a <select> one template
include per <option>: the unit filter of the task list (300 units) or the directive
filter of the dashboard cost milliseconds a page that way. ``FastRenderer`` produces the
same markup, character for character, as Django's own templates for the input widgets,
<textarea>, <select> and its options (tests/production/test_form_renderer.py compares
the two); any other template (multi-widgets, radio lists, field and form layouts) still
goes through the templates. Settings: ``FORM_RENDERER = "config.form_renderer.FastRenderer"``.
"""

from __future__ import annotations

from django.forms.renderers import DjangoTemplates
from django.template.base import render_value_in_context
from django.template.context import Context
from django.utils.html import conditional_escape

WIDGETS = "django/forms/widgets/"
INPUT_TEMPLATES = frozenset(
    WIDGETS + name + ".html"
    for name in (
        "input",
        "checkbox",
        "color",
        "date",
        "datetime",
        "email",
        "file",
        "hidden",
        "number",
        "password",
        "search",
        "tel",
        "text",
        "time",
        "url",
    )
)
SELECT = WIDGETS + "select.html"
SELECT_OPTION = WIDGETS + "select_option.html"
TEXTAREA = WIDGETS + "textarea.html"

_CONTEXT = Context(autoescape=True)


def _text(value) -> str:
    """``{{ value }}`` in an autoescaping template (localised, escaped unless safe)."""
    return render_value_in_context(value, _CONTEXT)


def _as_string(value) -> str:
    """``{{ value|stringformat:'s' }}``: str(), escaped unless the value was safe."""
    return conditional_escape(value) if hasattr(value, "__html__") else conditional_escape(str(value))


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html"""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(" " + _text(name))
        else:
            parts.append(f' {_text(name)}="{_as_string(value)}"')
    return "".join(parts)


def _input(widget: dict) -> str:
    value = widget["value"]
    shown = f' value="{_as_string(value)}"' if value is not None else ""
    return f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{shown}{_attrs(widget["attrs"])}>'


def _textarea(widget: dict) -> str:
    value = widget["value"]
    return (
        f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n'
        f"{_text(value) if value else ''}</textarea>"
    )


def _option(option: dict) -> str:
    return (
        f'<option value="{_as_string(option["value"])}"{_attrs(option["attrs"])}>'
        f"{_text(option['label'])}</option>"
    )


class FastRenderer(DjangoTemplates):
    """Django's default renderer, with the common widgets written without templates."""

    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        if widget is not None and widget.get("template_name") == template_name:
            if template_name in INPUT_TEMPLATES:
                return _input(widget)
            if template_name == TEXTAREA:
                return _textarea(widget)
            if template_name == SELECT:
                return self._select(widget, request)
        return super().render(template_name, context, request=request)

    def _select(self, widget: dict, request) -> str:
        parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{_text(group_name)}">')
            for option in group_choices:
                if option.get("template_name") == SELECT_OPTION:
                    # the template file ends in a newline, which {% include %} keeps
                    parts.append("\n  " + _option(option) + "\n")
                else:  # an option template of the project's own
                    template = self.get_template(option["template_name"])
                    parts.append("\n  " + template.render({"widget": option}, request=request))
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return "".join(parts)
