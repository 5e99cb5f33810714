"""Journey 5: after the daily reminder scan runs, a reminder for the new task appears
in the head's notification bell; reading it clears the count."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.e2e


def bell_count(page) -> int:
    badge = page.locator("#notifications-bell .badge")
    return int(badge.text_content().strip()) if badge.count() else 0


@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
def test_reminder_scan_rings_the_bell(story, open_page, login, shots, width):
    from notifications.models import Notification

    phone = width < 600
    page = open_page(width=width, height=844 if phone else 900)
    login(page, "truongphong.noivu")
    bell = page.locator("#notifications-bell")
    assert bell_count(page) == 0
    assert bell.get_by_text("Không có thông báo chưa đọc").count() == 1
    shots(page, "bell-empty")

    # The 07:00 scan, run as of the task's deadline day: "đến hạn hôm nay" for the lead unit.
    call_command("send_reminders", date=story.deadline, stdout=io.StringIO())
    mine = Notification.objects.filter(recipient__username="truongphong.noivu", task=story.task)
    assert mine.exists(), "the head of the lead unit is reminded of the task"
    unread = Notification.objects.filter(recipient__username="truongphong.noivu", read_at__isnull=True)

    page.reload()
    assert bell_count(page) == unread.count() >= 1
    assert bell.get_by_text(f"{unread.count()} thông báo chưa đọc").count() == 1
    shots(page, "bell-rings")

    if phone:  # on a phone the bell sits in the collapsed menu
        page.get_by_role("button", name="Mở menu").click()
    bell.get_by_role("link").click()
    page.wait_for_url(f"**{reverse('notifications:list')}")
    row = page.locator(".list-group-item").filter(has=page.get_by_role("link", name=story.task.title))
    assert row.count() == 1
    assert row.get_by_text("Mới").is_visible()
    shots(page, "notifications")

    # Reading it (htmx) drops the bell's count by one without a reload.
    before = bell_count(page)
    row.get_by_role("button", name="Đánh dấu đã đọc").click()
    page.wait_for_function(
        "n => { const b = document.querySelector('#notifications-bell .badge');"
        " return (b ? parseInt(b.textContent) : 0) === n; }",
        arg=before - 1,
    )
    assert row.get_by_text("Mới").count() == 0
    assert mine.get().read_at is not None
    shots(page, "notification-read")
    # The head has an email address, so the scan also sent the day's digest.
    assert any("truongphong.noivu@example.vn" in m.to for m in mail.outbox)
