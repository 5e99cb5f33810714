import pytest
from django.urls import reverse

from notifications.models import ReminderPolicy


@pytest.mark.django_db
def test_administrator_edits_the_one_policy(client, cast):
    client.force_login(cast.admin)
    changelist = client.get(reverse("admin:notifications_reminderpolicy_changelist"))
    assert changelist.status_code == 200 and ReminderPolicy.objects.count() == 1
    policy = ReminderPolicy.objects.get()
    url = reverse("admin:notifications_reminderpolicy_change", args=[policy.pk])
    data = {
        "before_working_days": "10, 5,1",
        "remind_on_due_date": "on",
        "overdue_daily": "on",
        "weekly_digest": "on",
        "weekly_digest_weekday": "4",
        "escalate_after_working_days": "15",
        "continuous_report_before_days": "5",
    }
    assert client.post(url, data).status_code == 302
    policy.refresh_from_db()
    assert policy.before_days == [10, 5, 1] and policy.escalate_after_working_days == 15
    assert policy.weekly_digest_weekday == 4
    # a second policy cannot be added, the policy cannot be deleted
    assert client.get(reverse("admin:notifications_reminderpolicy_add")).status_code == 403
    assert (
        client.get(reverse("admin:notifications_reminderpolicy_delete", args=[policy.pk])).status_code == 403
    )


@pytest.mark.django_db
def test_bad_day_list_is_refused_in_vietnamese(client, cast):
    client.force_login(cast.admin)
    policy = ReminderPolicy.current()
    url = reverse("admin:notifications_reminderpolicy_change", args=[policy.pk])
    response = client.post(
        url,
        {
            "before_working_days": "7, ba",
            "weekly_digest_weekday": "0",
            "escalate_after_working_days": "10",
            "continuous_report_before_days": "5",
        },
    )
    assert response.status_code == 200
    assert "cách nhau bởi dấu phẩy" in response.content.decode()
    policy.refresh_from_db()
    assert policy.before_working_days == "7,3,1"


@pytest.mark.django_db
def test_ledger_is_read_only_in_the_admin(client, cast):
    client.force_login(cast.admin)
    assert client.get(reverse("admin:notifications_notification_changelist")).status_code == 200
    assert client.get(reverse("admin:notifications_notification_add")).status_code == 403
