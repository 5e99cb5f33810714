import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from deadlines.models import CalendarOverride
from deadlines.workdays import is_working_day


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2026, 3, 2, 3, 0, tzinfo=dt.UTC), tick=False)
def test_override_list_shows_the_national_calendar(client, cast):
    CalendarOverride.objects.create(date=dt.date(2026, 3, 9), is_working_day=False, reason="Nghỉ bầu cử")
    client.force_login(cast.admin)
    html = client.get(reverse("admin:deadlines_calendaroverride_changelist")).content.decode()
    assert "Lịch nghỉ quốc gia" in html
    assert "27/04/2026 – Ngày Giỗ Tổ Hùng Vương (nghỉ bù)" in html
    assert "22/08/2026 – Thứ Bảy làm việc bù (làm việc)" in html
    assert "Nghỉ bầu cử" in html and "Thứ Hai" in html  # the override row and its weekday


@pytest.mark.django_db
def test_admin_adds_an_extra_day_off_and_the_calendar_follows(client, cast):
    client.force_login(cast.admin)
    response = client.post(
        reverse("admin:deadlines_calendaroverride_add"),
        {
            "date": "10/03/2026",
            "is_working_day": "",
            "reason": "Nghỉ bổ sung",
            "source_document": "TB 12/TB-UBND",
        },
    )
    assert response.status_code == 302
    assert not is_working_day(dt.date(2026, 3, 10))


@pytest.mark.django_db
def test_non_staff_cannot_reach_the_admin(client, cast):
    client.force_login(cast.chairman)
    response = client.get(reverse("admin:deadlines_calendaroverride_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
