from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from notifications.selectors import unread_count


def unread_notifications(request: HttpRequest) -> dict:
    """``notifications_unread`` for the bell: one indexed count, nothing for anonymous users.

    Context processors run again for every template rendered with the request
    (django-tables2 renders its table that way), so the count is computed lazily
    once per request and kept on it.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if not hasattr(request, "_dondoc_unread"):
        request._dondoc_unread = SimpleLazyObject(lambda: unread_count(user=user))
    return {"notifications_unread": request._dondoc_unread}
