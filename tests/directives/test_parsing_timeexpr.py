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


# --- phrases of the 2025 documents' kind (issue 12); the document is dated 18/11/2025 ---

DOC25 = dt.date(2025, 11, 18)


def deadline25(text: str, *, field: bool = False):
    return extract_deadline([(text, field)], doc_date=DOC25, doc_year=DOC25.year, calendar=WorkCalendar())


@pytest.mark.parametrize(
    ("text", "field", "expected"),
    [
        ("tổ chức lễ khánh thành vào ngày 19 tháng 12 năm 2025", False, dt.date(2025, 12, 19)),
        ("báo cáo Thủ tướng vào ngày 20/12/2025", False, dt.date(2025, 12, 20)),
        ("báo cáo Chính phủ trong tháng 12 năm 2025", False, dt.date(2025, 12, 31)),
        ("bàn giao dự án, hoàn thành trong năm 2025", False, dt.date(2025, 12, 31)),
        ("sớm bàn giao trong năm 2026 cho tỉnh", False, dt.date(2026, 12, 31)),
        ("báo cáo kết quả thực hiện trong Quý I năm 2026", False, dt.date(2026, 3, 31)),
        ("Quí IV-2025", True, dt.date(2025, 12, 31)),
        ("Quý I, II/2026", True, dt.date(2026, 6, 30)),
        ("Tháng 11 - 12/2025", True, dt.date(2025, 12, 31)),
        ("từ tháng 10 đến tháng 12 năm 2026", True, dt.date(2026, 12, 31)),
        ("2026", True, dt.date(2026, 12, 31)),
        ("2025 - 2035", True, dt.date(2035, 12, 31)),
        ("Giai đoạn 2026-2030", True, dt.date(2030, 12, 31)),
        ("bảo đảm mục tiêu đến hết năm 2025", False, dt.date(2025, 12, 31)),
        ("chậm nhất ngày 05/12/2025 gửi Sở Nội vụ", False, dt.date(2025, 12, 5)),
        ("báo cáo trước ngày 20/11", False, dt.date(2025, 11, 20)),  # on or after the document date
        ("báo cáo trước ngày 10/11", False, dt.date(2026, 11, 10)),  # before it: next year
    ],
)
def test_deadline_phrases_2025(text, field, expected):
    assert deadline25(text, field=field).date == expected


@pytest.mark.parametrize(
    "text",
    [
        "xây dựng kịch bản thúc đẩy tăng trưởng từ nay đến hết năm 2025",  # a span, not a deadline
        "đẩy nhanh các dự án có kế hoạch hoàn thành năm 2025",  # describes the projects
        "khắc phục các tiêu chí bị trừ điểm trong năm 2024",  # a past year
        "trong kế hoạch vốn trung hạn giai đoạn 2026 - 2030",  # a period in running text
    ],
)
def test_no_deadline_in_these_2025_phrases(text):
    assert deadline25(text).date is None


def test_several_dates_first_is_the_deadline_periods_included():
    result = deadline25("sớm bàn giao trong năm 2025 dự án, báo cáo kết quả trước ngày 31 tháng 12 năm 2025")
    assert result.text == "trong năm 2025"
    assert [e.date for e in result.extra] == [dt.date(2025, 12, 31)]


def test_a_range_of_quarters_ends_with_the_last_even_before_a_day():
    result = deadline25("Quý IV/2025 - Quý II/2026, báo cáo trước ngày 15/7/2026", field=True)
    assert result.date == dt.date(2026, 6, 30)


def test_a_span_of_years_in_a_time_cell_is_a_period():
    assert find_recurrence("2025 - 2035", field_value=True)[0] == "giai đoạn"
    assert find_recurrence("2026", field_value=True)[0] is None


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("báo cáo trước ngày 31/02/2025", False),  # no such day
        ("gửi Sở Tài chính chậm nhất ngày làm việc cuối cùng của tháng", False),
        ("Tháng 13/2025", True),
    ],
)
def test_a_time_phrase_that_cannot_be_read_is_flagged(text, field):
    result = deadline25(text, field=field)
    assert result.date is None
    assert result.unsure and "deadline_unparsed" in result.flags
    assert result.unparsed


@pytest.mark.parametrize(("text", "field"), [("Theo tiến độ dự án", True), ("khẩn trương thực hiện", False)])
def test_conditions_and_urgency_are_not_unsure(text, field):
    assert not deadline25(text, field=field).unsure


def test_flags_for_a_day_without_year_and_a_day_before_the_document():
    assert deadline25("trước ngày 20/11").flags == ["deadline_no_year"]
    assert "deadline_before_doc" in deadline25("trước ngày 15 tháng 11 năm 2025").flags


def test_working_days_without_a_calendar_do_not_touch_the_database():
    # no django_db mark: any query would fail the test
    result = extract_deadline(
        [("trong thời hạn 05 ngày làm việc kể từ ngày ban hành", False)],
        doc_date=dt.date(2025, 11, 14),  # a Friday
        doc_year=2025,
    )
    assert result.date == dt.date(2025, 11, 21)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20/12/2025", dt.date(2025, 12, 20)),
        ("Ngày 20 tháng 12 năm 2025", dt.date(2025, 12, 20)),
        ("từ 01/12 - 20/12/2025", dt.date(2025, 12, 20)),  # a range ends with its last date
        ("12/2025", dt.date(2025, 12, 31)),  # month/year
        ("Tháng 11 - 12/2025", dt.date(2025, 12, 31)),  # not the 11th of December
    ],
)
def test_a_bare_date_or_month_in_a_time_field(text, expected):
    assert deadline25(text, field=True).date == expected


def test_a_bare_date_in_running_text_is_no_deadline():
    assert deadline25("theo báo cáo số liệu 20/12/2025 của Sở").date is None


def test_following_years_in_a_time_field_recur_yearly():
    assert find_recurrence("Tháng 12 năm 2025 và các năm tiếp theo", field_value=True)[0] == "hằng năm"
    assert find_recurrence("trong năm 2024 và những năm tiếp theo")[0] is None  # running text: no
