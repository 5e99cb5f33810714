"""The project's django-q2 schedules, declared once; ``manage.py setup_schedules``
installs them (update_or_create by name) and deletes any other schedule.

Times are local (settings.TIME_ZONE, Asia/Ho_Chi_Minh; Vietnam has no daylight saving,
so a DAILY schedule stays at 07:00).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone


@dataclass(frozen=True)
class ScheduleSpec:
    name: str
    func: str
    schedule_type: str  # django_q.models.Schedule.DAILY / WEEKLY / MINUTES
    at: dt.time | None = None  # local time of day (DAILY, WEEKLY)
    weekday: int | None = None  # 0 = Monday (WEEKLY)
    minutes: int | None = None  # MINUTES

    def next_run(self, now: dt.datetime | None = None) -> dt.datetime:
        """The first run after ``now``, as an aware datetime in the local time zone."""
        local = timezone.localtime(now or timezone.now())
        if self.at is None:
            return local.replace(second=0, microsecond=0) + dt.timedelta(minutes=self.minutes or 1)
        candidate = local.replace(hour=self.at.hour, minute=self.at.minute, second=0, microsecond=0)
        if self.weekday is not None:
            candidate += dt.timedelta(days=(self.weekday - candidate.weekday()) % 7)
            step = dt.timedelta(days=7)
        else:
            step = dt.timedelta(days=1)
        while candidate <= local:
            candidate += step
        return candidate


# Imported lazily by the command so this module needs no django_q at import time.
DAILY, WEEKLY, MINUTES = "D", "W", "I"

#: local time of the daily scan; no digest goes out before it (so a digest carries that day's items)
DAILY_SCAN_AT = dt.time(7, 0)

SCHEDULES: list[ScheduleSpec] = [
    ScheduleSpec(
        name="Nhắc việc: tổng hợp quá hạn hằng tuần cho lãnh đạo",
        func="notifications.jobs.weekly_digest",
        schedule_type=WEEKLY,
        at=dt.time(6, 55),  # just before the daily scan, so leaders get one email that day
        weekday=0,
    ),
    ScheduleSpec(
        name="Nhắc việc: quét hằng ngày",
        func="notifications.jobs.daily_scan",
        schedule_type=DAILY,
        at=DAILY_SCAN_AT,
    ),
    ScheduleSpec(
        name="Nhắc việc: gửi thư tổng hợp theo giờ đã chọn",
        func="notifications.jobs.deliver_digests",
        schedule_type=MINUTES,
        minutes=15,
    ),
    ScheduleSpec(
        name="Dọn thông báo cũ",
        func="notifications.jobs.purge_notifications",
        schedule_type=WEEKLY,
        at=dt.time(3, 0),
        weekday=6,  # Sunday night
    ),
    ScheduleSpec(
        name="Xóa văn bản nhập dở quá hạn lưu",
        func="directives.jobs.intake_purge_stale",
        schedule_type=DAILY,
        at=dt.time(2, 30),
    ),
    ScheduleSpec(
        # the dashboard's running tally moves to the new day (tasks.dashboard.tally); a reader
        # would otherwise do it on the first load of the day
        name="Bảng điều khiển: chuyển số liệu sang ngày mới",
        func="tasks.dashboard.tally.roll_over",
        schedule_type=DAILY,
        at=dt.time(0, 1),
    ),
]
