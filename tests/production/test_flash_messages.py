"""Flash messages beside the session (config.messages.SharedCacheMessageStorage).

With a shared cache (Redis in production, files here when no Redis runs) a message is kept in
the cache under a hash of the session key, so the post that writes it and the page that shows it
no longer save the session; with a per-process cache (locmem, the test default) they stay in
the session as before. Login and logout change the session key: messages follow it the way
the session's own data does (kept by cycle_key(), dropped by flush()).
"""

from __future__ import annotations

import hashlib
import uuid

import pytest
from django.contrib import messages
from django.contrib.auth import get_user_model, update_session_auth_hash
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.messages.storage.session import SessionStorage
from django.core.cache import caches
from django.db import connection
from django.http import JsonResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import path, reverse
from django.utils.safestring import SafeData, mark_safe

from config import urls as project_urls
from config.messages import SharedCacheMessageStorage, cache_key

PASSWORD = "pass-1234"  # tests.factories.UserFactory
SAVED = "Đã ghi nhận báo cáo tiến độ."


# --- a few views around the real ones: add, show, and log in / out in the same request ---------


def _add(request):
    text = request.GET.get("text", "x")
    if request.GET.get("safe"):
        text = mark_safe(text)  # noqa: S308 - a fixed test string
    messages.success(request, text, extra_tags=request.GET.get("tags", ""))
    return JsonResponse({})


def _show(request):
    shown = [
        {"text": str(m), "safe": isinstance(m.message, SafeData), "tags": m.tags, "level": m.level}
        for m in messages.get_messages(request)
    ]
    return JsonResponse(shown, safe=False)


def _login_and_add(request):
    if request.GET.get("peek"):
        len(messages.get_messages(request))  # read before the key changes
    user = get_user_model().objects.get(username=request.GET["user"])
    auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.info(request, "Chào mừng")
    return JsonResponse({})


def _new_password(request):
    request.user.set_password("pass-5678")
    request.user.save()
    update_session_auth_hash(request, request.user)  # cycle_key(): same user, new key
    return JsonResponse({})


def _logout_and_add(request):
    auth_logout(request)
    messages.info(request, "Đã đăng xuất")
    return JsonResponse({})


urlpatterns = [
    path("_flash/add/", _add),
    path("_flash/show/", _show),
    path("_flash/login/", _login_and_add),
    path("_flash/logout/", _logout_and_add),
    path("_flash/password/", _new_password),
    *project_urls.urlpatterns,
]
handler403 = project_urls.handler403


@pytest.fixture(autouse=True)
def _urls(settings):
    settings.ROOT_URLCONF = __name__


# --- the shared cache: Redis when it runs, else files (shared by processes, no server) ---------


def _shared_cache(kind: str, request, settings, tmp_path):
    """CACHES["default"] shared by every process, sessions in cached_db (as with REDIS_URL)."""
    from deadlines import workdays

    prefix = f"test-flash-{uuid.uuid4().hex}"
    if kind == "redis":
        default = {
            "BACKEND": "config.cache.SharedRedisCache",
            "LOCATION": request.getfixturevalue("redis_url"),
        }
    else:
        default = {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path),
        }
    settings.CACHES = {**settings.CACHES, "default": {**default, "KEY_PREFIX": prefix}}
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    workdays._memo = None
    cache = caches["default"]
    yield cache
    workdays._memo = None
    if kind == "redis":
        client = cache._cache.get_client(write=True)
        for key in client.scan_iter(match=f"{prefix}:*"):
            client.delete(key)


REDIS = pytest.param("redis", marks=pytest.mark.redis)


@pytest.fixture(params=[REDIS, "files"])
def shared(request, settings, tmp_path):
    yield from _shared_cache(request.param, request, settings, tmp_path)


@pytest.fixture(params=[REDIS, "files", "locmem"])
def any_cache(request, settings, tmp_path):
    """The shared caches, and the per-process one of the default test settings."""
    if request.param == "locmem":
        yield caches["default"]
    else:
        yield from _shared_cache(request.param, request, settings, tmp_path)


def _session_key(client: Client) -> str:
    return client.cookies["sessionid"].value


def _entry(cache, client_or_key) -> dict | None:
    key = client_or_key if isinstance(client_or_key, str) else _session_key(client_or_key)
    return cache.get(cache_key(key))


def _shown(client: Client) -> list[str]:
    return [m["text"] for m in client.get("/_flash/show/").json()]


def _session_sql(queries: CaptureQueriesContext) -> tuple[list[str], list[str]]:
    """(writes, all statements) on django_session. Read it before the next request: the test
    client's request_started resets the connection's query log that the context indexes."""
    sql = [q["sql"] for q in queries.captured_queries if "django_session" in q["sql"]]
    return [s for s in sql if s.lstrip().upper().startswith(("UPDATE", "INSERT"))], sql


def _report_progress(client: Client, task, percent: int, version: int = 1):
    return client.post(
        reverse("tasks:progress", args=[task.pk]),
        {"p-version": version, "p-percent": percent, "p-note": "Đã khảo sát 7/13 xã"},
    )


def _log_in(client: Client, username: str):
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]
    return response


# --- 1. the progress report and the page after it, with the shared cache ------------------------


@pytest.mark.django_db
def test_progress_message_is_shown_once_and_neither_request_writes_the_session(shared, client, cast, task_a):
    client.force_login(cast.head_a)

    with CaptureQueriesContext(connection) as post:
        response = _report_progress(client, task_a, 20)
    post_writes, post_sql = _session_sql(post)
    assert response.status_code == 302 and response.url == task_a.get_absolute_url()
    assert "sessionid" not in response.cookies  # nothing to send: the session was not saved
    assert _entry(shared, client) is not None
    assert "_messages" not in client.session

    with CaptureQueriesContext(connection) as page:
        body = client.get(response.url).content.decode()
    page_writes, page_sql = _session_sql(page)
    assert body.count(SAVED) == 1
    assert _entry(shared, client) is None
    assert SAVED not in client.get(response.url).content.decode()  # shown once only

    assert post_writes == [] and page_writes == []
    # no statement at all on the session table: cached_db reads the session from the cache
    assert post_sql == [] and page_sql == []


@pytest.mark.django_db
def test_control_with_session_storage_the_same_two_requests_write_the_session(
    shared, settings, client, cast, task_a
):
    """The assertion above can fail: with the old storage both requests save the session."""
    settings.MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
    client.force_login(cast.head_a)
    with CaptureQueriesContext(connection) as post:
        response = _report_progress(client, task_a, 20)
    post_writes, _ = _session_sql(post)
    with CaptureQueriesContext(connection) as page:
        body = client.get(response.url).content.decode()
    page_writes, _ = _session_sql(page)
    assert body.count(SAVED) == 1
    assert len(post_writes) == 1 and len(page_writes) == 1


@pytest.mark.django_db
def test_the_cache_key_is_a_hash_of_the_session_key(shared, client, cast, task_a):
    client.force_login(cast.head_a)
    _report_progress(client, task_a, 20)
    key = _session_key(client)
    assert shared.get(f"flash:{hashlib.sha256(key.encode()).hexdigest()}") is not None
    if hasattr(shared, "_cache"):  # Redis: no stored key names the session key itself
        names = [k.decode() for k in shared._cache.get_client().scan_iter(match=f"{shared.key_prefix}:*")]
        assert any(":flash:" in n for n in names)
        assert not [n for n in names if key in n and "sessions.cached_db" not in n]


# --- 2. a per-process cache (the default test settings): the session, as before ------------------


@pytest.mark.django_db
def test_with_a_per_process_cache_messages_stay_in_the_session(settings, client, cast, task_a):
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    client.force_login(cast.head_a)
    with CaptureQueriesContext(connection) as post:
        response = _report_progress(client, task_a, 20)
    post_writes, _ = _session_sql(post)
    assert "_messages" in client.session
    assert not caches["default"].get(cache_key(_session_key(client)))
    with CaptureQueriesContext(connection) as page:
        body = client.get(response.url).content.decode()
    page_writes, _ = _session_sql(page)
    assert body.count(SAVED) == 1
    assert "_messages" not in client.session
    assert SAVED not in client.get(response.url).content.decode()
    assert len(post_writes) == 1 and len(page_writes) == 1


def test_the_setting_names_this_storage(settings):
    from django.utils.module_loading import import_string

    storage = import_string(settings.MESSAGE_STORAGE)
    assert storage is SharedCacheMessageStorage and issubclass(storage, SessionStorage)


# --- 3. what a message carries survives --------------------------------------------------------


@pytest.mark.django_db
def test_safe_html_levels_and_extra_tags_survive(any_cache, client, cast):
    client.force_login(cast.head_a)
    client.get("/_flash/add/", {"text": "<b>Mã: abc</b>", "safe": "1", "tags": "token"})
    client.get("/_flash/add/", {"text": "<i>thường</i>"})
    assert client.get("/_flash/show/").json() == [
        {"text": "<b>Mã: abc</b>", "safe": True, "tags": "token success", "level": messages.SUCCESS},
        {"text": "<i>thường</i>", "safe": False, "tags": "success", "level": messages.SUCCESS},
    ]
    # and on a real page: the safe one as HTML, the other escaped
    client.get("/_flash/add/", {"text": "<b>Mã: abc</b>", "safe": "1", "tags": "token"})
    client.get("/_flash/add/", {"text": "<i>thường</i>"})
    body = client.get(reverse("home")).content.decode()
    assert "<b>Mã: abc</b>" in body and "&lt;i&gt;thường&lt;/i&gt;" in body


# --- 4. the session key changes: login, logout ---------------------------------------------------


@pytest.mark.django_db
def test_anonymous_first_visit_keeps_the_message_in_the_session_then_in_the_cache(shared, client, cast):
    client.get("/_flash/add/", {"text": "A"})  # no session yet: the session takes it (and is created)
    assert "_messages" in client.session and _entry(shared, client) is None
    client.get("/_flash/add/", {"text": "B"})  # now there is a key: both move to the cache
    assert "_messages" not in client.session
    assert _shown(client) == ["A", "B"]
    assert _shown(client) == []


@pytest.mark.django_db
def test_message_then_login_on_the_next_request_follows_the_new_key(shared, client, cast):
    client.get("/_flash/add/", {"text": "A"})
    client.get("/_flash/add/", {"text": "B"})  # in the cache under the anonymous session's key
    old_key = _session_key(client)
    assert _entry(shared, old_key) is not None

    _log_in(client, "head_a")  # login() → cycle_key(): the session keeps its data, and so its messages
    assert _session_key(client) != old_key
    assert _entry(shared, old_key) is None  # moved, not copied
    assert _shown(client) == ["A", "B"]
    assert _shown(client) == []


@pytest.mark.django_db
@pytest.mark.parametrize("peek", [False, True], ids=["unread", "read-before-login"])
def test_message_added_in_the_same_request_as_login_is_stored_under_the_new_key(shared, client, cast, peek):
    client.get("/_flash/add/", {"text": "A"})
    client.get("/_flash/add/", {"text": "B"})
    old_key = _session_key(client)

    client.get("/_flash/login/", {"user": "head_a", **({"peek": "1"} if peek else {})})
    new_key = _session_key(client)
    assert new_key != old_key
    assert _entry(shared, old_key) is None
    assert _entry(shared, new_key)["user"] == str(cast.head_a.pk)
    assert "_messages" not in client.session
    assert _shown(client) == ["A", "B", "Chào mừng"]
    assert _shown(client) == []


@pytest.mark.django_db
def test_login_on_a_first_visit_with_a_message_in_the_same_request(shared, client, cast):
    client.get("/_flash/login/", {"user": "head_a"})  # no session before: login() creates the key
    assert _entry(shared, client) is not None and "_messages" not in client.session
    assert _shown(client) == ["Chào mừng"]
    assert _shown(client) == []


@pytest.mark.django_db
@pytest.mark.parametrize("peek", [False, True], ids=["unread", "read-before-login"])
def test_login_as_someone_else_drops_the_previous_users_messages(shared, client, cast, peek):
    """login() of another user flushes the session, and the messages waiting in it with it."""
    client.force_login(cast.head_a)
    client.get("/_flash/add/", {"text": "head_a's"})
    old_key = _session_key(client)

    client.get("/_flash/login/", {"user": "head_b", **({"peek": "1"} if peek else {})})
    assert _entry(shared, old_key) is None
    assert _shown(client) == ["Chào mừng"]


@pytest.mark.django_db
def test_a_password_change_keeps_the_users_waiting_messages(shared, client, cast):
    client.force_login(cast.head_a)
    client.get("/_flash/add/", {"text": "A"})
    old_key = _session_key(client)
    client.get("/_flash/password/")
    assert _session_key(client) != old_key and _entry(shared, old_key) is None
    assert _shown(client) == ["A"]
    assert _shown(client) == []


@pytest.mark.django_db
def test_logout_leaves_nothing_for_the_next_user_of_the_browser(shared, client, cast, task_a):
    client.force_login(cast.head_a)
    _report_progress(client, task_a, 20)  # the message is waiting; the user logs out instead
    old_key = _session_key(client)
    assert _entry(shared, old_key) is not None

    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert _entry(shared, old_key) is None  # deleted, not only unreachable
    assert SAVED not in client.get(reverse("login")).content.decode()

    _log_in(client, "head_b")
    assert _session_key(client) != old_key
    assert SAVED not in client.get(reverse("home")).content.decode()
    assert _shown(client) == []


@pytest.mark.django_db
def test_logout_with_a_message_in_the_same_request_shows_only_that_one(shared, client, cast):
    client.force_login(cast.head_a)
    client.get("/_flash/add/", {"text": "head_a's"})
    client.get("/_flash/logout/")  # flush(): no key until the session is saved, so the session takes it
    assert "_messages" in client.session
    assert _shown(client) == ["Đã đăng xuất"]
    assert _shown(client) == []


@pytest.mark.django_db
def test_a_message_stored_in_the_session_before_the_deploy_is_shown_once(shared, client, cast):
    client.force_login(cast.head_a)
    session = client.session
    session["_messages"] = SessionStorage(type("R", (), {"session": {}})()).serialize_messages(
        [messages.storage.base.Message(messages.INFO, "cũ")]
    )
    session.save()
    client.get("/_flash/add/", {"text": "mới"})  # read together, then moved to the cache
    assert "_messages" not in client.session
    assert _shown(client) == ["cũ", "mới"]
    assert _shown(client) == []


@pytest.mark.django_db
def test_a_made_up_session_cookie_never_names_a_cache_entry(shared, client, cast):
    """A key nobody created (planted by someone else) is dropped by the session before use."""
    made_up = "x" * 32
    client.cookies["sessionid"] = made_up
    client.get("/_flash/add/", {"text": "A"})
    assert _entry(shared, made_up) is None
    assert _session_key(client) != made_up
    assert _shown(client) == ["A"]


# --- 5. two browsers ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_two_browsers_do_not_see_each_others_messages(shared, cast, task_a):
    a, b, anonymous = Client(), Client(), Client()
    a.force_login(cast.head_a)
    b.force_login(cast.head_a)  # even the same user, in two browsers
    _report_progress(a, task_a, 20)
    b.get("/_flash/add/", {"text": "B"})
    anonymous.get("/_flash/add/", {"text": "C"})
    anonymous.get("/_flash/add/", {"text": "D"})
    assert _shown(b) == ["B"]
    assert _shown(anonymous) == ["C", "D"]
    assert _shown(a) == [SAVED]
    assert _shown(a) == _shown(b) == _shown(anonymous) == []
