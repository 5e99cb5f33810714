"""Who is told to act: one test per rule of directives.parsing.actors (texts written for these tests)."""

from __future__ import annotations

import pytest

from directives.parsing.actors import (
    clause_actor,
    colon_names,
    expand_named_list,
    heading_units,
    lead_in_actor,
    proper_name_length,
    split_units,
)


@pytest.mark.parametrize(
    ("text", "units"),
    [
        # a proper name ends where a run of lower-case syllables (the verb) begins
        ("Bộ Giao thông đẩy nhanh tiến độ thẩm định hồ sơ", ["Bộ Giao thông"]),
        ("Ủy ban nhân dân tỉnh Hòa Bình rà soát và báo cáo", ["Ủy ban nhân dân tỉnh Hòa Bình"]),
        ("Sở Giáo dục và Đào tạo chủ trì xây dựng kế hoạch", ["Sở Giáo dục và Đào tạo"]),
        # the second syllable of a capitalised word is no verb ("tạo" in "Đào tạo")
        ("Trường Cao đẳng Đào tạo nghề tổ chức lớp học", ["Trường Cao đẳng Đào tạo nghề"]),
        # "các tỉnh X, Y" names its members
        ("Các tỉnh Yên Bình, Hà Lâm khẩn trương hoàn thiện hồ sơ", ["Yên Bình", "Hà Lâm"]),
        (
            "Thành phố Hà Lâm và các tỉnh Yên Bình, Sơn Mỹ đẩy nhanh tiến độ lập dự án",
            ["Thành phố Hà Lâm", "Yên Bình", "Sơn Mỹ"],
        ),
        # a missing comma before a new head still starts a new unit
        (
            "Bộ Công an, Bộ Quốc phòng các tỉnh Yên Bình, Sơn Mỹ đôn đốc",
            ["Bộ Công an", "Bộ Quốc phòng", "Yên Bình", "Sơn Mỹ"],
        ),
        # "các Tập đoàn: A, B" lists the members
        (
            "Các Bộ, cơ quan liên quan và các Tập đoàn: Điện lực Miền Núi, Bưu chính Viễn thông Đồng Bằng theo chức năng",
            ["Các Bộ, cơ quan liên quan", "Điện lực Miền Núi", "Bưu chính Viễn thông Đồng Bằng"],
        ),
        # Thông báo kết luận: "Về <matter>: <actor> …"
        (
            "Về dự án nạo vét luồng tàu: Bộ Giao thông khẩn trương rà soát, báo cáo Thủ tướng Chính phủ",
            ["Bộ Giao thông"],
        ),
        ("Về vốn dư: giao Ủy ban nhân dân tỉnh Hòa Bình rà soát", ["Ủy ban nhân dân tỉnh Hòa Bình"]),
        # "có liên quan" belongs to the name
        (
            "Các sở, ngành, UBND cấp xã và các đơn vị có liên quan triển khai",
            ["Các sở, ngành", "UBND cấp xã", "các đơn vị có liên quan"],
        ),
        # an office holder over a group keeps the group
        (
            "Thủ trưởng các sở, ban, ngành, Chủ tịch UBND các xã, phường triển khai",
            ["Thủ trưởng các sở, ban, ngành", "Chủ tịch UBND các xã, phường"],
        ),
        # a parenthetical member list does not hide the actor
        ("Các cơ quan đăng ký đầu tư (Sở Tài chính, Ban quản lý):", ["Các cơ quan đăng ký đầu tư"]),
        # "Văn phòng X và Y" is one office
        (
            "Văn phòng Đoàn đại biểu Quốc hội và HĐND tỉnh chủ trì",
            ["Văn phòng Đoàn đại biểu Quốc hội và HĐND tỉnh"],
        ),
    ],
)
def test_clause_actor(text, units):
    assert clause_actor(text) == units


def test_capitalised_verb_glued_by_a_line_break_ends_the_name():
    assert clause_actor("Sở Nội vụ Chủ trì tổng hợp kết quả") == ["Sở Nội vụ"]
    # … but "Ban Chỉ đạo" is a name
    assert clause_actor("Ban Chỉ đạo tỉnh kiểm tra") == ["Ban Chỉ đạo tỉnh"]


@pytest.mark.parametrize(
    ("heading", "units"),
    [
        (
            "Các chủ đầu tư xây dựng và kinh doanh hạ tầng khu công nghiệp",
            ["Các chủ đầu tư xây dựng và kinh doanh hạ tầng khu công nghiệp"],
        ),
        (
            "Các doanh nghiệp đang hoạt động trong khu kinh tế",
            ["Các doanh nghiệp đang hoạt động trong khu kinh tế"],
        ),
        ("Cơ quan chủ trì giải quyết thủ tục", ["Cơ quan chủ trì giải quyết thủ tục"]),
        ("Hiệp hội Doanh nghiệp", ["Hiệp hội Doanh nghiệp"]),
        ("Liên hiệp các Hội Khoa học và Kỹ thuật", ["Liên hiệp các Hội Khoa học và Kỹ thuật"]),
        ("Giao Sở Nội vụ:", ["Sở Nội vụ"]),
        # a sentence is no unit heading
        ("Các doanh nghiệp triển khai thực hiện kế hoạch.", []),
        ("Tổ chức tập huấn cho cán bộ", []),
    ],
)
def test_heading_units(heading, units):
    assert heading_units(heading) == units


def test_lead_in_list_with_a_defining_aside():
    text = (
        "Để hoàn thành các chỉ tiêu năm, các sở, ban, ngành, các tổ chức chính trị - xã hội, các doanh nghiệp,"
        " tổ chức Hội (sau đây gọi tắt là cơ quan, đơn vị) và mọi người dân triển khai thực hiện các nội dung sau:"
    )
    assert lead_in_actor(text) == [
        "các sở, ban, ngành",
        "các tổ chức chính trị - xã hội",
        "các doanh nghiệp",
        "tổ chức Hội",
        "mọi người dân",
    ]


def test_thuong_truc_is_an_addressee():
    assert lead_in_actor("Đề nghị Thường trực Tỉnh ủy tập trung lãnh đạo, chỉ đạo các nhiệm vụ sau:") == [
        "Thường trực Tỉnh ủy"
    ]


def test_proper_name_length_keeps_inner_lower_case_words():
    assert proper_name_length("Văn phòng Đoàn đại biểu Quốc hội") is None
    assert proper_name_length("Hội đồng Thi đua - Khen thưởng các cấp") is None
    raw = "Sở Tài chính tham mưu cân đối"
    assert raw[: proper_name_length(raw)] == "Sở Tài chính"


def test_named_lists():
    assert expand_named_list("các tỉnh Yên Bình, Sơn Mỹ") == ["Yên Bình", "Sơn Mỹ"]
    assert expand_named_list("các tỉnh, thành phố") == ["các tỉnh, thành phố"]
    assert colon_names(" Yên Bình, Sơn Mỹ quyết liệt chỉ đạo") == ["Yên Bình", "Sơn Mỹ"]
    assert colon_names(" Phối hợp với Sở Y tế") == []


def test_field_value_units_split_on_semicolons():
    assert split_units("Phòng Nội vụ; UBND các xã, phường") == ["Phòng Nội vụ", "UBND các xã, phường"]


def test_further_actors_of_later_sentences():
    from directives.parsing.actors import further_actors

    text = (
        "Bộ Giao thông khẩn trương rà soát hồ sơ dự án. Bộ Tài chính hoàn thiện dự thảo Nghị định; "
        "Để xác định vị trí dự án, Ủy ban nhân dân các xã, phường phối hợp khảo sát. Dự án đã được phê duyệt."
    )
    assert further_actors(text, ["Bộ Giao thông"]) == ["Bộ Tài chính", "Ủy ban nhân dân các xã, phường"]
    # a unit described, not told to act, adds nothing
    assert further_actors("Sở Y tế chủ trì. Sở Nội vụ đã hoàn thành việc rà soát.", ["Sở Y tế"]) == []
