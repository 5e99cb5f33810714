"""The bell, the list, mark as read, preferences – through HTTP."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification, NotificationPreference
from tests.factories import TaskFactory

K = Notification.Kind


def notify(user, count=1, **extra):
    rows = []
    for i in range(count):
        task = TaskFactory(title=f"Nhiệm vụ nhắc {i}")
        rows.append(
            Notification.objects.create(
                recipient=user,
                task=task,
                kind=extra.get("kind", K.OVERDUE),
                for_date=dt.date(2026, 3, 10),
                days=2,
            )
        )
    return rows


@pytest.mark.django_db
def test_bell_shows_the_unread_count_on_every_page(client, cast):
    notify(cast.head_a, 3)
    Notification.objects.filter(pk=notify(cast.head_a)[0].pk).update(read_at=timezone.now())
    notify(cast.head_b, 2)  # someone else's
    client.force_login(cast.head_a)
    html = client.get(reverse("units:profile")).content.decode()
    assert 'id="notifications-bell"' in html
    assert '<span class="badge rounded-pill text-bg-danger">3</span>' in html
    assert "3 thông báo chưa đọc" in html


@pytest.mark.django_db
def test_bell_costs_one_query_and_nothing_for_anonymous(client, cast, django_assert_num_queries):
    from notifications.context_processors import unread_notifications

    class Req:
        user = cast.head_a

    with django_assert_num_queries(1):
        assert unread_notifications(Req()) == {"notifications_unread": 0}
    from django.contrib.auth.models import AnonymousUser

    Req.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert unread_notifications(Req()) == {}


@pytest.mark.django_db
def test_list_requires_login(client):
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("count", [3, 30])
def test_list_shows_only_my_notifications_with_constant_queries(
    client, cast, count, django_assert_max_num_queries
):
    notify(cast.head_a, count)
    notify(cast.head_b, 1, kind=K.ESCALATION)
    client.force_login(cast.head_a)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("notifications:list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="fw-semibold"') == min(count, 30)
    assert "Quá hạn kéo dài" not in html  # head_b's escalation
    assert "<h1" in html and html.count("<h1") == 1
    assert "Phòng thử nghiệm" in html or "Đơn vị chủ trì" in html


@pytest.mark.django_db
def test_unread_filter(client, cast):
    first, second = notify(cast.head_a, 2)
    Notification.objects.filter(pk=first.pk).update(read_at=timezone.now())
    client.force_login(cast.head_a)
    response = client.get(reverse("notifications:list"), {"loc": "chua-doc"})
    assert [n.pk for n in response.context["notifications"]] == [second.pk]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "username",
    ["office", "chairman", "vice", "head_a", "deputy_a", "specialist_a", "head_b", "admin", "nobody"],
)
def test_mark_read_own_only_for_every_role(client, cast, username):
    user = cast.users()[username]
    mine = notify(user)[0]
    theirs = notify(cast.head_b if username != "head_b" else cast.head_a)[0]
    client.force_login(user)
    response = client.post(reverse("notifications:mark_read", args=[theirs.pk]))
    assert response.status_code == 404  # someone else's notification does not exist for you
    theirs.refresh_from_db()
    assert theirs.read_at is None
    response = client.post(reverse("notifications:mark_read", args=[mine.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("notifications:list")
    mine.refresh_from_db()
    assert mine.read_at is not None


@pytest.mark.django_db
def test_mark_read_requires_post_and_login(client, cast):
    row = notify(cast.head_a)[0]
    url = reverse("notifications:mark_read", args=[row.pk])
    assert client.post(url).status_code == 302 and Notification.objects.get().read_at is None  # to login
    client.force_login(cast.head_a)
    assert client.get(url).status_code == 405


@pytest.mark.django_db
def test_mark_read_with_htmx_returns_the_row_and_the_new_count(client, cast):
    first, _second = notify(cast.head_a, 2)
    client.force_login(cast.head_a)
    response = client.post(reverse("notifications:mark_read", args=[first.pk]), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="notification-{first.pk}"' in html and "Đánh dấu đã đọc" not in html
    assert 'hx-swap-oob="true"' in html and "1 thông báo chưa đọc" in html


@pytest.mark.django_db
def test_mark_all_read_touches_only_mine(client, cast):
    notify(cast.head_a, 3)
    notify(cast.head_b, 2)
    client.force_login(cast.head_a)
    response = client.post(reverse("notifications:mark_all_read"), follow=True)
    assert "Đã đánh dấu 3 thông báo là đã đọc." in response.content.decode()
    assert Notification.objects.filter(read_at__isnull=True).count() == 2
    assert not Notification.objects.filter(recipient=cast.head_a, read_at__isnull=True).exists()


@pytest.mark.django_db
def test_mark_all_read_anonymous_is_sent_to_login(client, cast):
    notify(cast.head_a)
    response = client.post(reverse("notifications:mark_all_read"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert Notification.objects.filter(read_at__isnull=True).count() == 1


@pytest.mark.django_db
def test_profile_page_has_the_preferences_section(client, cast):
    client.force_login(cast.specialist_a)
    html = client.get(reverse("units:profile")).content.decode()
    assert "Nhận thông báo nhắc việc" in html
    assert f'action="{reverse("notifications:preferences")}"' in html
    assert 'for="id_digest_time"' in html and 'for="id_email_enabled"' in html
    assert 'value="07:00"' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "username", ["office", "chairman", "head_a", "specialist_a", "head_b", "admin", "nobody"]
)
def test_everyone_saves_their_own_preferences(client, cast, username):
    user = cast.users()[username]
    client.force_login(user)
    response = client.post(reverse("notifications:preferences"), {"digest_time": "16:30"})
    assert response.status_code == 302 and response["Location"] == reverse("units:profile")
    pref = NotificationPreference.objects.get(user=user)
    assert (pref.email_enabled, pref.digest_time) == (False, dt.time(16, 30))
    assert NotificationPreference.objects.count() == 1


@pytest.mark.django_db
def test_bad_time_is_a_vietnamese_form_error_and_saves_nothing(client, cast):
    client.force_login(cast.head_a)
    response = client.post(
        reverse("notifications:preferences"), {"email_enabled": "on", "digest_time": "25:99"}
    )
    assert response.status_code == 400
    assert "Nhập giờ theo dạng HH:MM" in response.content.decode()
    assert not NotificationPreference.objects.exists()


@pytest.mark.django_db
def test_email_on_without_an_address_is_refused(client, cast):
    cast.head_a.email = ""
    cast.head_a.save()
    client.force_login(cast.head_a)
    response = client.post(
        reverse("notifications:preferences"), {"email_enabled": "on", "digest_time": "07:00"}
    )
    assert response.status_code == 400
    assert "chưa có địa chỉ thư điện tử" in response.content.decode()
    assert not NotificationPreference.objects.exists()


@pytest.mark.django_db
def test_preferences_anonymous_is_sent_to_login(client):
    response = client.post(reverse("notifications:preferences"), {"digest_time": "08:00"})
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert not NotificationPreference.objects.exists()
