import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def local(day: dt.date, hour: int = 7, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=HCM)


@pytest.fixture
def at():
    """``with at(date, 7, 0): ...`` – the clock stands still at that local time."""

    def travel(day: dt.date, hour: int = 7, minute: int = 0):
        return time_machine.travel(local(day, hour, minute), tick=False)

    return travel
