"""On a phone the menu is collapsed: unread notifications show next to the menu button."""

import pytest
from django.urls import reverse

from notifications.models import Notification
from tests.factories import TaskFactory


@pytest.mark.django_db
def test_unread_count_is_visible_outside_the_collapsed_menu(client, cast):
    task = TaskFactory(lead_unit=cast.unit_a)
    Notification.objects.create(recipient=cast.head_a, task=task, kind="overdue", for_date="2026-03-10")
    client.force_login(cast.head_a)
    body = client.get(reverse("units:list")).content.decode()
    head, _, _rest = body.partition('id="mainNav"')
    assert "1 thông báo mới" in head


@pytest.mark.django_db
def test_no_phone_badge_without_unread_notifications(client, cast):
    client.force_login(cast.head_a)
    assert "thông báo mới" not in client.get(reverse("units:list")).content.decode()
