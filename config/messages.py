"""Flash messages kept in the shared cache, beside the session rather than inside it.

``SessionStorage`` writes every message into the session and removes it again when it is
shown, so a form post (POST → message → 302) and the page after it (GET shows it) each save
the whole session: an UPDATE of ``django_session`` in a transaction plus, with
``cached_db``, a cache set. :class:`SharedCacheMessageStorage` keeps the same serialized
messages (``SessionStorage``'s JSON: ``SafeData``, levels and ``extra_tags`` survive as before)
in the default cache under a key derived from the session key, and leaves the session alone.

Messages still never go into a cookie (signed, not encrypted): one of them shows a new API
token once (directives.arrival.admin).

The cache is used only when every process sees the same one (Redis, memcached, files): with a
per-process cache (LocMemCache) a message written by one gunicorn worker would be lost to the
next; DummyCache keeps nothing; DatabaseCache would turn each read into a query. Otherwise, and
for a request whose session has no key yet (an anonymous first visit), this is plain
``SessionStorage``. Messages found in the session (that fallback, or written before this
storage was deployed) are read as well, and moved out of it when messages are next stored.

A message is tied to a session key, which ``login()`` (``cycle_key()`` or ``flush()``),
``logout()`` (``flush()``) and ``update_session_auth_hash()`` (``cycle_key()``) change:

* Messages written in the request that changed the key are stored under the new key, the one
  the response carries: the storage writes in ``update()`` (MessageMiddleware's
  process_response), after the view.
* Messages waiting under the old key follow the session the way ``SessionStorage``'s would:
  ``cycle_key()`` keeps the session's data, ``flush()`` drops it. The two are told apart by whose
  messages they are: each entry records the session's user when it was written, and it moves
  to the new key only if it was written anonymously or for the user the session now belongs
  to (anonymous → login, a password change). After logout, or a login as someone else, it is
  dropped. Either way the old key's entry is deleted in that response.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.contrib.auth import SESSION_KEY as USER_SESSION_KEY
from django.contrib.messages.storage.session import SessionStorage
from django.core.cache import caches

CACHE_ALIAS = "default"
CACHE_KEY_PREFIX = "flash:"  # the cache adds its own KEY_PREFIX ("dondoc") in front


def cache_key(session_key: str) -> str:
    """The cache key for a session's messages: a hash, so the cache never holds a usable key."""
    return CACHE_KEY_PREFIX + hashlib.sha256(session_key.encode()).hexdigest()


def shared_cache() -> Any:
    """The default cache when every process sees it and reading it costs no query, else None."""
    from django.core.cache.backends.db import DatabaseCache
    from django.core.cache.backends.dummy import DummyCache
    from django.core.cache.backends.locmem import LocMemCache

    cache = caches[CACHE_ALIAS]
    return None if isinstance(cache, LocMemCache | DummyCache | DatabaseCache) else cache


class SharedCacheMessageStorage(SessionStorage):
    """``SessionStorage`` whose messages live in the shared cache, keyed by the session key.

    Reading or writing messages does not modify the session, so a request whose only session
    change would have been its messages does not save the session.
    """

    def __init__(self, request, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self._cache = shared_cache()
        # The key the request came with (the cookie's; not checked yet, no session load).
        self._incoming_key: str | None = request.session.session_key
        self._read_key: str | None = None  # the (checked) session key when messages were read
        self._read_user: str | None = None  # the session's user then
        self._read_nonempty: set[str] = set()  # session keys whose cache entry had messages

    # --- helpers ------------------------------------------------------------------------------

    def _key_changed(self) -> bool:
        """True once login/logout changed the session key (or a stale cookie was dropped)."""
        return self._incoming_key is not None and self.request.session.session_key != self._incoming_key

    @staticmethod
    def _follows(owner: str | None, user: str | None) -> bool:
        """Whether messages written for ``owner`` stay with a session that now belongs to ``user``:
        as data survives cycle_key() (anonymous → login, same user) and not flush()."""
        return owner is None or owner == user

    # --- BaseStorage --------------------------------------------------------------------------

    def _get(self, *args, **kwargs):
        if self._cache is None:
            return super()._get(*args, **kwargs)
        session = self.request.session
        # Reading the session loads it, which checks the key: an unknown or expired key becomes
        # None, so a key made up by someone else never names a cache entry.
        messages = list(self.deserialize_messages(session.get(self.session_key)) or [])
        key = session.session_key
        user = session.get(USER_SESSION_KEY)
        self._read_key, self._read_user = key, user
        keys = [key] if key else []
        if self._key_changed():
            keys.insert(0, self._incoming_key)  # older: written before this request's login
        if not keys:
            return messages, True
        if len(keys) == 1:  # nearly always: one round trip, a plain GET (~50 µs on Redis)
            entries = {cache_key(keys[0]): self._cache.get(cache_key(keys[0]))}
        else:
            entries = self._cache.get_many([cache_key(k) for k in keys])
        for k in keys:
            entry = entries.get(cache_key(k))
            if not entry:
                continue
            self._read_nonempty.add(k)
            if k == key or self._follows(entry.get("user"), user):
                messages.extend(self.deserialize_messages(entry["messages"]))
        return messages, True

    def _store(self, messages, response, *args, **kwargs):
        if self._cache is None:
            return super()._store(messages, response, *args, **kwargs)
        session = self.request.session
        in_session = self.session_key in session  # loads (and so checks) the session
        key = session.session_key
        stale = set(self._read_nonempty)
        if self._key_changed():
            stale.add(self._incoming_key)
        if key is None:
            # No session yet (an anonymous first visit, or just logged out): the session keeps them,
            # and SessionMiddleware creates it. The next request reads them from there.
            super()._store(messages, response, *args, **kwargs)
        else:
            stale.discard(key)
            if messages:
                entry = {"user": session.get(USER_SESSION_KEY), "messages": self.serialize_messages(messages)}
                # The messages live as long as their session would have kept them: a session lasts
                # SESSION_COOKIE_AGE after its last save, and afterwards its key reaches nothing.
                self._cache.set(cache_key(key), entry, settings.SESSION_COOKIE_AGE)
            elif key in self._read_nonempty:
                self._cache.delete(cache_key(key))
            if in_session:
                session.pop(self.session_key)  # moved to the cache, or shown: once only
        if stale:
            self._cache.delete_many([cache_key(k) for k in stale])
        return []

    def update(self, response):
        if self._cache is None:
            return super().update(response)
        self._prepare_messages(self._queued_messages)
        # When the key changed, store in any case: waiting messages move to the new key (or are
        # dropped) and the old key's entry is deleted.
        key_changed = self._key_changed()
        if key_changed:
            if hasattr(self, "_loaded_data") and self._read_key == self._incoming_key:
                # read before the key changed; after a flush() they were the previous user's
                if not self._follows(self._read_user, self.request.session.get(USER_SESSION_KEY)):
                    self._loaded_data = []
        if self.used:
            return self._store(self._queued_messages, response)
        if self.added_new or key_changed:
            return self._store(self._loaded_messages + self._queued_messages, response)
        return None
