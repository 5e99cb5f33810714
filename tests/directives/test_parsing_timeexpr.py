"""Deadline and recurrence phrases."""

from __future__ import annotations

import datetime as dt

import pytest

from deadlines.workdays import WorkCalendar
from directives.parsing.timeexpr import extract_deadline, find_recurrence

DOC = dt.date(2024, 3, 15)


def deadline(text: str, *, field: bool = False, plan: bool = False):
    return extract_deadline(
        [(text, field)], doc_date=DOC, doc_year=DOC.year, plan_like=plan, calendar=WorkCalendar()
    )


@pytest.mark.parametrize(
    ("text", "field", "expected"),
    [
        ("Trước ngày 08/11/2024.", True, dt.date(2024, 11, 8)),
        ("hoàn thành trước ngày 25.11.2024", False, dt.date(2024, 11, 25)),
        ("báo cáo trước ngày 10/01", False, dt.date(2025, 1, 10)),  # before the document date: next year
        ("chậm nhất là ngày 05 tháng 4 năm 2024", False, dt.date(2024, 4, 5)),
        ("hoàn thành trong tháng 6/2024", False, dt.date(2024, 6, 30)),
        ("Quý II/2024", True, dt.date(2024, 6, 30)),
        ("triển khai trong quý III năm 2024", False, dt.date(2024, 9, 30)),
        ("Quý IV/2024 - Quý II/2025", True, dt.date(2025, 6, 30)),
        ("Năm 2026", True, dt.date(2026, 12, 31)),
        ("hoàn thành trong năm 2025", False, dt.date(2025, 12, 31)),
        ("trong 6 tháng đầu năm 2024", False, dt.date(2024, 6, 30)),
    ],
)
def test_deadlines(text, field, expected):
    assert deadline(text, field=field).date == expected


@pytest.mark.parametrize(
    "text",
    [
        "khẩn trương thực hiện",
        "tiến hành ngay",
        "đúng thời gian quy định",
        "chỉ số năm 2024",
        "Từ 01/7/2025",
        "báo cáo kết quả quý I",
    ],
)
def test_no_false_deadlines(text):
    assert deadline(text, field=text.startswith("Từ")).date is None


def test_first_dated_deadline_wins_and_others_are_extra():
    result = deadline("xây dựng kế hoạch trước ngày 28/3/2024, báo cáo kết quả trước ngày 10/11/2024")
    assert result.date == dt.date(2024, 3, 28)
    assert [e.date for e in result.extra] == [dt.date(2024, 11, 10)]


def test_monthly_day_has_no_single_date():
    result = deadline("báo cáo trước ngày 20 hằng tháng")
    assert result.date is None and result.recurrence_hint == "hằng tháng"


def test_year_and_following_years_only_in_plans():
    assert deadline("trong năm 2024 và các năm tiếp theo", plan=True).date == dt.date(2024, 12, 31)
    assert deadline("trong năm 2024 và các năm tiếp theo", plan=False).date is None


def test_working_days_from_receipt_need_an_anchor():
    result = deadline("trong thời hạn 05 ngày làm việc kể từ ngày nhận được văn bản")
    assert result.date is None
    assert result.rule["count"] == 5 and result.rule["unit"] == "working_day"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thường xuyên kiểm tra", "thường xuyên"),
        ("xây dựng kế hoạch hàng năm", "hằng năm"),
        ("báo cáo hằng quý", "hằng quý"),
        ("định kỳ báo cáo", "định kỳ"),
        ("đối thoại ít nhất 6 tháng/lần", "6 tháng"),
        ("định kỳ 6 tháng báo cáo", "6 tháng"),
        ("đăng nhập ít nhất 04 lần/ngày", "hằng ngày"),
        ("tự đảm bảo chi thường xuyên", None),
        ("tổ chức hội nghị", None),
    ],
)
def test_recurrence(text, expected):
    assert find_recurrence(text)[0] == expected
