from __future__ import annotations

from django import template

from notifications.forms import PreferenceForm
from notifications.services import preference_get

register = template.Library()


@register.simple_tag(takes_context=True)
def notification_preference_form(context) -> PreferenceForm | None:
    """The signed-in user's preference form, for the profile page's section."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return PreferenceForm(instance=preference_get(user=user))
