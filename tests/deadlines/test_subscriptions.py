"""Calendar subscriptions: create, show once, revoke; who may subscribe to what; admin; command."""

from __future__ import annotations

import hashlib
import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from deadlines.models import CalendarSubscription
from deadlines.services import feed_path, subscription_create, subscription_revoke
from tests.factories import DirectiveFactory, TaskFactory

Scope = CalendarSubscription.Scope
ALL_ROLES = ["office", "chairman", "vice", "head_a", "deputy_a", "specialist_a", "head_b", "admin", "nobody"]
CREATE = reverse("deadlines:create")
LIST = reverse("deadlines:subscriptions")
TOKEN_IN_URL = re.compile(r"/lich/f/([A-Za-z0-9_-]+)\.ics")


def create(client, user, scope, name="Lịch thử"):
    client.force_login(user)
    return client.post(CREATE, {"name": name, "scope": scope})


def test_create_shows_both_urls_once_and_stores_only_a_hash(client, cast):
    response = create(client, cast.head_a, "mine", name="Thời hạn của tôi")
    subscription = CalendarSubscription.objects.get(user=cast.head_a)
    assert response.status_code == 302 and response["Location"] == reverse(
        "deadlines:detail", args=[subscription.pk]
    )

    page = client.get(response["Location"]).content.decode()
    token = TOKEN_IN_URL.search(page).group(1)
    assert len(token) >= 43  # 32 random bytes, URL-safe base64
    # SITE_URL is not configured in tests: the address is the one the page was opened on
    assert f'value="http://testserver/lich/f/{token}.ics"' in page
    assert f"webcal://testserver/lich/f/{token}.ics" in page
    assert 'data-copy-target="#cal-https"' in page and 'data-copy-target="#cal-webcal"' in page
    for app in ("Google Calendar", "Outlook", "iPhone"):
        assert app in page

    assert subscription.token_hash == hashlib.sha256(token.encode()).hexdigest()
    stored = " ".join(str(v) for v in CalendarSubscription.objects.values().get())
    assert token not in stored
    assert subscription.name == "Thời hạn của tôi"

    again = client.get(response["Location"]).content.decode()  # shown once only
    assert token not in again and "chỉ hiện một lần" in again
    assert client.get(feed_path(token)).status_code == 200


def test_name_defaults_to_the_scope(client, cast):
    create(client, cast.head_a, f"unit:{cast.unit_a.pk}", name="")
    assert CalendarSubscription.objects.get().name == "Nhiệm vụ của đơn vị: Nội vụ"


@pytest.mark.parametrize(
    ("scope", "allowed"),
    [
        ("mine", set(ALL_ROLES)),
        ("all_open", {"office", "chairman", "vice", "admin"}),
        ("overdue", {"office", "chairman", "vice", "admin"}),
        ("unit:A", {"office", "chairman", "vice", "head_a", "deputy_a", "specialist_a", "admin"}),
        ("unit:B", {"office", "chairman", "vice", "head_b", "admin"}),
        (
            "directive",
            {"office", "chairman", "vice", "head_a", "deputy_a", "specialist_a", "head_b", "admin"},
        ),
    ],
)
def test_who_may_subscribe_to_what(client, cast, task_a, scope, allowed):
    values = {
        "unit:A": f"unit:{cast.unit_a.pk}",
        "unit:B": f"unit:{cast.unit_b.pk}",
        "directive": f"directive:{task_a.directive_id}",
    }
    got = set()
    for role, user in cast.users().items():
        response = create(client, user, values.get(scope, scope))
        created = CalendarSubscription.objects.filter(user=user).exists()
        if response.status_code == 302 and created:
            got.add(role)
        else:
            assert response.status_code == 400 and not created
            assert "Bạn không được đăng ký lịch với phạm vi này." in response.content.decode()
    assert got == allowed


def test_directive_of_invisible_tasks_cannot_be_subscribed(client, cast):
    hidden = TaskFactory(lead_unit=cast.commune)
    response = create(client, cast.head_b, f"directive:{hidden.directive_id}")
    assert response.status_code == 400 and not CalendarSubscription.objects.exists()
    # and the service refuses it too, whatever the form offered
    with pytest.raises(Exception, match="phạm vi"):
        subscription_create(user=cast.head_b, scope=Scope.DIRECTIVE, directive=hidden.directive)


def test_create_requires_login_and_post(client, cast):
    assert client.post(CREATE, {"scope": "mine"})["Location"].startswith(reverse("login"))
    client.force_login(cast.head_a)
    assert client.get(CREATE).status_code == 405
    assert not CalendarSubscription.objects.exists()


@pytest.mark.parametrize(
    ("role", "status", "revoked"),
    [
        ("head_a", 302, True),
        ("admin", 302, True),
        ("head_b", 404, False),
        ("chairman", 404, False),
        ("nobody", 404, False),
    ],
)
def test_revoke_matrix(client, cast, role, status, revoked):
    subscription, token = subscription_create(user=cast.head_a, scope=Scope.MINE)
    client.force_login(cast.users()[role])
    response = client.post(reverse("deadlines:revoke", args=[subscription.pk]))
    assert response.status_code == status
    subscription.refresh_from_db()
    assert (subscription.revoked_at is not None) is revoked
    assert client.get(feed_path(token)).status_code == (404 if revoked else 200)


def test_revoke_from_the_profile_page_returns_there(client, cast):
    subscription, _token = subscription_create(user=cast.head_a, scope=Scope.MINE, name="Lịch cũ")
    client.force_login(cast.head_a)
    profile = reverse("units:profile")
    response = client.post(reverse("deadlines:revoke", args=[subscription.pk]), {"next": profile})
    assert response["Location"] == profile
    page = client.get(profile).content.decode()
    assert "Đã thu hồi lịch đăng ký “Lịch cũ”." in page
    assert reverse("deadlines:revoke", args=[subscription.pk]) not in page
    bad = client.post(reverse("deadlines:revoke", args=[subscription.pk]), {"next": "https://evil.example/"})
    assert bad["Location"] == LIST


def test_revoke_requires_login(client, cast):
    subscription, _token = subscription_create(user=cast.head_a, scope=Scope.MINE)
    response = client.post(reverse("deadlines:revoke", args=[subscription.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    subscription.refresh_from_db()
    assert subscription.revoked_at is None


def test_detail_of_someone_elses_subscription_is_404(client, cast):
    subscription, _token = subscription_create(user=cast.head_a, scope=Scope.MINE)
    client.force_login(cast.head_b)
    assert client.get(reverse("deadlines:detail", args=[subscription.pk])).status_code == 404
    client.force_login(cast.admin)
    assert client.get(reverse("deadlines:detail", args=[subscription.pk])).status_code == 200


def test_profile_page_has_the_section_and_the_menu_link(client, cast):
    subscription_create(user=cast.head_a, scope=Scope.UNIT, unit=cast.unit_a, name="Lịch Nội vụ")
    client.force_login(cast.head_a)
    page = client.get(reverse("units:profile")).content.decode()
    assert "Lịch Nội vụ" in page and "Nhiệm vụ của đơn vị: Nội vụ" in page
    assert f'value="unit:{cast.unit_a.pk}"' in page
    assert 'value="all_open"' not in page  # not leadership
    assert f'href="{LIST}"' in page  # user menu and the section both link to the full page
    client.force_login(cast.chairman)
    assert 'value="all_open"' in client.get(reverse("units:profile")).content.decode()


def test_profile_quick_form_creates_a_subscription(client, cast):
    response = create(client, cast.specialist_a, f"unit:{cast.unit_a.pk}", name="Phòng tôi")
    assert response.status_code == 302
    assert CalendarSubscription.objects.get().unit == cast.unit_a


@pytest.mark.parametrize("count", [3, 30])
def test_list_page_queries_do_not_grow(client, cast, count, django_assert_max_num_queries):
    directive = DirectiveFactory()
    for i in range(count):
        scope = [Scope.MINE, Scope.UNIT, Scope.DIRECTIVE][i % 3]
        subscription_create(
            user=cast.office, scope=scope, unit=cast.unit_a, directive=directive, name=f"L{i}"
        )
    client.force_login(cast.office)
    with django_assert_max_num_queries(12):
        response = client.get(LIST)
    assert response.status_code == 200
    assert response.content.decode().count(">Thu hồi<") == count
    with django_assert_max_num_queries(14):
        assert client.get(reverse("units:profile")).status_code == 200


def test_list_page_lists_only_own_active_subscriptions(client, cast):
    mine, _t = subscription_create(user=cast.head_a, scope=Scope.MINE, name="Của tôi")
    subscription_create(user=cast.head_b, scope=Scope.MINE, name="Của người khác")
    gone, _t = subscription_create(user=cast.head_a, scope=Scope.MINE, name="Đã bỏ")
    subscription_revoke(subscription=gone, actor=cast.head_a)
    client.force_login(cast.head_a)
    page = client.get(LIST).content.decode()
    assert "Của tôi" in page and "Của người khác" not in page and "Đã bỏ" not in page
    assert page.count("<h1") == 1 and "<title>" in page


def test_admin_lists_and_revokes_any_token(client, cast):
    one, token_one = subscription_create(user=cast.head_a, scope=Scope.MINE)
    two, _ = subscription_create(user=cast.head_b, scope=Scope.MINE)
    client.force_login(cast.admin)
    changelist = reverse("admin:deadlines_calendarsubscription_changelist")
    page = client.get(changelist).content.decode()
    assert one.token_hint in page and two.token_hint in page
    response = client.post(changelist, {"action": "revoke", "_selected_action": [one.pk]})
    assert response.status_code == 302
    one.refresh_from_db(), two.refresh_from_db()
    assert one.revoked_at is not None and two.revoked_at is None
    assert client.get(feed_path(token_one)).status_code == 404


def test_calendar_token_command(client, cast, task_a):
    out, err = io.StringIO(), io.StringIO()
    call_command("calendar_token", "head_a", "--scope", f"unit:{cast.unit_a.pk}", stdout=out, stderr=err)
    path = out.getvalue().strip()
    assert TOKEN_IN_URL.fullmatch(path)
    response = client.get(path)
    assert response.status_code == 200 and task_a.title.encode() in response.content
    assert CalendarSubscription.objects.get().scope == Scope.UNIT

    call_command("calendar_token", "chairman", "--scope", "overdue", stdout=io.StringIO(), stderr=err)
    call_command(
        "calendar_token", "office", "--scope", f"directive:{task_a.directive_id}", stdout=out, stderr=err
    )
    for args in (
        ["specialist_a", "--scope", "overdue"],  # not leadership
        ["head_b", "--scope", f"unit:{cast.unit_a.pk}"],  # not their unit
        ["head_a", "--scope", "unit:999999"],
        ["head_a", "--scope", "everything"],
        ["ghost"],
    ):
        with pytest.raises(CommandError):
            call_command("calendar_token", *args, stdout=io.StringIO(), stderr=io.StringIO())
    assert CalendarSubscription.objects.count() == 3


def test_detail_page_with_the_token_is_not_cached(client, cast):
    response = create(client, cast.head_a, "mine")
    page = client.get(response["Location"])
    assert "no-store" in page["Cache-Control"]


def test_feed_records_its_last_use_at_most_hourly(client, cast):
    subscription, token = subscription_create(user=cast.head_a, scope=Scope.MINE)
    client.get(feed_path(token))
    subscription.refresh_from_db()
    first_use = subscription.last_used_at
    assert first_use is not None
    client.get(feed_path(token))
    subscription.refresh_from_db()
    assert subscription.last_used_at == first_use


def test_a_link_can_preselect_the_scope(client, cast, task_a):
    client.force_login(cast.head_b)
    page = client.get(LIST, {"scope": f"directive:{task_a.directive_id}"}).content.decode()
    assert f'<option value="directive:{task_a.directive_id}" selected>' in page
    hidden = TaskFactory(lead_unit=cast.commune)
    page = client.get(LIST, {"scope": f"directive:{hidden.directive_id}"}).content.decode()
    assert f"directive:{hidden.directive_id}" not in page  # not offered, so not selectable
