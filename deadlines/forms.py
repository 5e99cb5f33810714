from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from deadlines import selectors
from deadlines.models import CalendarSubscription
from directives.models import Directive
from units.models import Unit
from units.permissions import Action, can

Scope = CalendarSubscription.Scope


def scope_choices(user: Any) -> list:
    """Grouped choices "mine", "unit:<id>", "directive:<id>", "all_open", "overdue" for ``user``."""
    choices: list = [(Scope.MINE.value, Scope.MINE.label)]
    if can(user, Action.CALENDAR_SUBSCRIBE_ALL):
        choices += [(Scope.ALL_OPEN.value, Scope.ALL_OPEN.label), (Scope.OVERDUE.value, Scope.OVERDUE.label)]
    units = [(f"unit:{u.pk}", u.name) for u in selectors.unit_choices_for(user=user)]
    if units:
        choices.append((str(Scope.UNIT.label), units))
    directives = [
        (f"directive:{d.pk}", f"{d.reference_code or d.pk} – {d.subject[:80]}".strip(" –"))
        for d in selectors.directive_choices_for(user=user)
    ]
    if directives:
        choices.append((str(Scope.DIRECTIVE.label), directives))
    return choices


class SubscriptionForm(forms.Form):
    name = forms.CharField(
        label=_("Tên lịch"),
        max_length=128,
        required=False,
        help_text=_("Ví dụ: Thời hạn của phòng. Để trống thì dùng tên phạm vi."),
    )
    scope = forms.ChoiceField(
        label=_("Phạm vi"),
        choices=(),
        error_messages={"invalid_choice": _("Bạn không được đăng ký lịch với phạm vi này.")},
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["scope"].choices = scope_choices(user)
        for field in self.fields.values():
            field.widget.attrs.setdefault(
                "class", "form-select" if field is self.fields["scope"] else "form-control"
            )

    def clean_scope(self) -> dict[str, Any]:
        """Turn "unit:5" into {"scope": "unit", "unit": <Unit 5>} (choices were already checked)."""
        value = self.cleaned_data["scope"]
        kind, _sep, ident = value.partition(":")
        result: dict[str, Any] = {"scope": kind, "unit": None, "directive": None}
        if kind == Scope.UNIT:
            result["unit"] = Unit.objects.filter(pk=ident).first()
        elif kind == Scope.DIRECTIVE:
            result["directive"] = Directive.objects.filter(pk=ident).first()
        return result
