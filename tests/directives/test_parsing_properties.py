"""Property tests: whatever the text, the parser returns a result or raises only
DirectiveParseError."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from directives.parsing import DirectiveParseError, parse_bytes, parse_text

FRAGMENTS = [
    "Số: 12/UBND-VP",
    "Số: /KH-UBND",
    "Hà Tĩnh, ngày 05 tháng 3 năm 2024",
    "ngày tháng năm",
    "KẾ HOẠCH",
    "V/v",
    "Kính gửi:",
    "- Phòng Nội vụ;",
    "I. MỤC ĐÍCH",
    "II.",
    "1.",
    "2.1",
    "a)",
    "b) Phòng Tư pháp chủ trì",
    "- ",
    "+ ",
    "• ",
    "Thời gian thực hiện:",
    "Cơ quan chủ trì:",
    "Cơ quan phối hợp: ",
    "trước ngày 31/02/2024",
    "trước ngày 99/99",
    "Quý V/2024",
    "quý II, III",
    "trong tháng 13/2024",
    "05 ngày làm việc kể từ ngày 30/02/2024",
    "Nơi nhận:",
    "TM. ỦY BAN NHÂN DÂN",
    "CHỦ TỊCH",
    "Nguyễn Văn A",
    "./.",
    "¹",
    "² Cụ thể:",
    "Quyết định số 1/QĐ-UBND ngày 1/1/1",
    "Chỉ thị số 24-CT/TU",
    "yêu cầu",
    "giao",
    "phối hợp với",
    "thường xuyên",
    "hằng năm",
    ":",
    ";",
    ",",
    "\n",
    "\n\n",
    "Điều 1.",
    "UBND các xã, thị trấn",
    "Đề nghị",
    "Trong quá trình thực hiện",
]


def _ok(call):
    try:
        result = call()
    except DirectiveParseError as err:
        assert err.message and err.code
        return
    assert isinstance(result.as_json(), dict)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_arbitrary_text_never_crashes(text):
    _ok(lambda: parse_text(text))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=12), max_size=60).map(" ".join))
def test_directive_like_text_never_crashes(text):
    _ok(lambda: parse_text(text.replace(" \n ", "\n")))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=600), st.sampled_from(["x.txt", "x.docx", "x.pdf", "x", "x.doc"]))
def test_arbitrary_bytes_never_crash(data, name):
    _ok(lambda: parse_bytes(data, name))


@settings(max_examples=60, deadline=None)
@given(st.binary(min_size=1, max_size=300))
def test_pdf_and_zip_headers_with_garbage_never_crash(tail):
    _ok(lambda: parse_bytes(b"%PDF-1.4\n" + tail, "x.pdf"))
    _ok(lambda: parse_bytes(b"PK\x03\x04" + tail, "x.docx"))
