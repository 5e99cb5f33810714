"""Journey 4: a user creates a calendar subscription on their profile page; the feed at
the address shown contains the task with its new (extended) deadline."""

from __future__ import annotations

import re
import urllib.error
import urllib.request

import pytest
from django.urls import reverse
from icalendar import Calendar

pytestmark = pytest.mark.e2e


def test_calendar_feed_has_the_extended_deadline(story, open_page, login, shots, live_server, settings):
    from tasks.models import ExtensionRequest
    from tasks.services import extension_request_create, extension_request_decide

    # The address shown is SITE_URL when configured (else the request's): point it at the live server.
    settings.SITE_URL = live_server.url
    request = extension_request_create(
        task=story.task,
        actor=story.users["truongphong.noivu"],
        requested_deadline=story.new_deadline,
        reason="Chờ các xã gửi bổ sung hồ sơ.",
    )
    extension_request_decide(request=request, actor=story.users["chutich"], approve=True)
    assert ExtensionRequest.objects.get(pk=request.pk).status == ExtensionRequest.Status.APPROVED

    page = open_page()
    login(page, "truongphong.noivu")
    page.goto(reverse("units:profile"))
    section = page.locator("section", has=page.get_by_role("heading", name="Lịch đăng ký"))
    assert section.get_by_text("Bạn chưa có lịch đăng ký nào.").is_visible()
    shots(page, "profile")

    section.get_by_label("Tên lịch").fill("Nhiệm vụ Phòng Nội vụ")
    section.get_by_label("Phạm vi").select_option(label="Đơn vị: Nội vụ")
    section.get_by_role("button", name="Tạo", exact=True).click()
    page.wait_for_url(re.compile(r"/lich/\d+/$"))
    assert page.get_by_role("heading", level=1).inner_text().strip() == "Nhiệm vụ Phòng Nội vụ"
    feed_url = page.get_by_label("Địa chỉ lịch (Google Calendar, Outlook)").input_value()
    webcal_url = page.get_by_label("Địa chỉ webcal://").input_value()
    assert feed_url.startswith(live_server.url + "/lich/f/") and feed_url.endswith(".ics")
    assert webcal_url == "webcal://" + feed_url.split("://", 1)[1]
    shots(page, "subscription-created")

    # A calendar app fetches the address without any session: the token is the key.
    with urllib.request.urlopen(feed_url, timeout=10) as response:
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/calendar")
        body = response.read()
    calendar = Calendar.from_ical(body)
    events = [e for e in calendar.walk("VEVENT") if story.task.title in str(e.get("SUMMARY"))]
    assert len(events) == 1, "the unit's feed has the task once"
    assert events[0].decoded("DTSTART") == story.new_deadline, "the feed shows the extended deadline"

    # The address is shown once only; reloading the page no longer reveals it.
    page.reload()
    assert page.get_by_label("Địa chỉ lịch (Google Calendar, Outlook)").count() == 0
    shots(page, "subscription-reloaded")

    # The profile now lists the subscription; revoking it closes the feed.
    page.goto(reverse("units:profile"))
    section = page.locator("section", has=page.get_by_role("heading", name="Lịch đăng ký"))
    assert section.get_by_role("link", name="Nhiệm vụ Phòng Nội vụ").is_visible()
    shots(page, "profile-with-subscription")
    section.get_by_role("button", name="Thu hồi").click()
    page.get_by_text("Đã thu hồi lịch đăng ký").wait_for()
    with pytest.raises(urllib.error.HTTPError) as gone:
        urllib.request.urlopen(feed_url, timeout=10)
    assert gone.value.code == 404
