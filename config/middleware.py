from __future__ import annotations

import time

from django.conf import settings
from django.utils import translation


class VietnameseFirstLocaleMiddleware:
    """Vietnamese unless the user picked another language with the switch.

    Django's LocaleMiddleware follows the browser's Accept-Language, which on many
    office machines is English; the product is Vietnamese first, so only the
    language cookie set by the switch (``set_language``) changes it.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class SlidingSessionMiddleware:
    """Keeps the session of someone who is using the site alive: SESSION_COOKIE_AGE counts
    from the last activity, not from the sign-in.

    A session's expiry moves only when it is saved, and a page view does not save it (flash
    messages live in the cache, config.messages). So once half the age has passed since the
    last save, a request marks the session changed: one save every few hours per person,
    instead of one per request (SESSION_SAVE_EVERY_REQUEST).
    """

    STAMP = "_dondoc_refreshed"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is not None and user is not None and user.is_authenticated and session.session_key:
            if int(time.time()) - session.get(self.STAMP, 0) >= settings.SESSION_COOKIE_AGE // 2:
                self.stamp(session)
        return response

    @classmethod
    def stamp(cls, session) -> None:
        session[cls.STAMP] = int(time.time())

    @classmethod
    def connect(cls) -> None:
        """Stamp at sign-in, which saves the session anyway (not on the first page after it)."""
        from django.contrib.auth.signals import user_logged_in

        user_logged_in.connect(cls._signed_in, dispatch_uid="dondoc-sliding-session")

    @classmethod
    def _signed_in(cls, sender, request=None, user=None, **kwargs) -> None:
        if request is not None and hasattr(request, "session"):
            cls.stamp(request.session)
