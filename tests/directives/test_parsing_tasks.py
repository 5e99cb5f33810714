"""Which clauses are tasks and who leads them: one fixture per kind of document, written for
these tests (invented units and places), one test per rule."""

from __future__ import annotations

import datetime as dt

import pytest

from directives.parsing import parse_text

HEADER = """\
ỦY BAN NHÂN DÂN
TỈNH HÒA LÂM

Số: {number}

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Hòa Lâm, ngày 10 tháng 11 năm 2025

"""

FOOTER = """
Nơi nhận:
- Như trên;
- Lưu: VT.

KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Trần Văn Bình
"""

# Thông báo kết luận: evaluation, a lead-in naming the addressee, "Về …:" conclusions
THONG_BAO = (
    """\
VĂN PHÒNG CHÍNH PHỦ

Số: 700/TB-VPCP

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Hà Nội, ngày 20 tháng 11 năm 2025

THÔNG BÁO
KẾT LUẬN CỦA PHÓ THỦ TƯỚNG TẠI BUỔI LÀM VIỆC VỚI LÃNH ĐẠO TỈNH HÒA LÂM

Ngày 12 tháng 11 năm 2025, Phó Thủ tướng làm việc với lãnh đạo tỉnh Hòa Lâm.

I. ĐÁNH GIÁ CHUNG

Tỉnh Hòa Lâm đã đạt nhiều kết quả quan trọng, tăng trưởng kinh tế ước đạt 8%.

II. NHIỆM VỤ, GIẢI PHÁP TRONG THỜI GIAN TỚI

Đề nghị Thường trực Tỉnh ủy tập trung lãnh đạo, chỉ đạo thực hiện các nhiệm vụ sau:

1. Rà soát các chỉ tiêu phát triển kinh tế - xã hội năm 2025, bảo đảm hoàn thành các mục tiêu đề ra.

2. Đẩy mạnh giải ngân vốn đầu tư công, phân công lãnh đạo trực tiếp phụ trách từng dự án.

III. VỀ MỘT SỐ KIẾN NGHỊ CỦA TỈNH

1. Về kiến nghị đầu tư tuyến đường ven sông: Bộ Giao thông khẩn trương rà soát, báo cáo Thủ tướng Chính phủ trước ngày 15 tháng 12 năm 2025.

2. Về vốn dư của chương trình: giao Bộ Tài chính chủ trì, phối hợp với Ủy ban nhân dân tỉnh Hòa Lâm hoàn thiện hồ sơ trong tháng 12 năm 2025.

3. Về phủ sóng các thôn vùng cao: đề nghị các Tập đoàn: Viễn thông Miền Núi, Bưu chính Đồng Bằng tổ chức triển khai theo quy định.

Văn phòng Chính phủ thông báo để các cơ quan liên quan biết, thực hiện./.
"""
    + FOOTER
)

# Kế hoạch with field blocks, unit headings, a non-operative scope section
KE_HOACH = (
    HEADER.format(number="55/KH-UBND")
    + """\
KẾ HOẠCH
Triển khai chương trình hỗ trợ doanh nghiệp năm 2026

I. MỤC ĐÍCH, YÊU CẦU

1. Nâng cao hiệu quả hỗ trợ doanh nghiệp trên địa bàn tỉnh.

II. PHẠM VI, ĐỐI TƯỢNG

1. Phạm vi: toàn tỉnh.

2. Các doanh nghiệp nhỏ và vừa đăng ký hoạt động trên địa bàn tỉnh.

III. NỘI DUNG

1. Phổ biến chính sách hỗ trợ doanh nghiệp

- Nội dung thực hiện: Tổ chức phổ biến chính sách hỗ trợ bằng nhiều hình thức phù hợp.

- Cơ quan thực hiện: Sở Công Thương chủ trì tham mưu Ủy ban nhân dân tỉnh ban hành kế hoạch; Sở Tư pháp và các sở, ban, ngành tỉnh, Đài Phát thanh và Truyền hình tỉnh, Ủy ban nhân dân các xã, phường chủ động tổ chức triển khai trong phạm vi quản lý.

- Thời gian thực hiện: Năm 2026.

2. Kiểm tra việc thực hiện chính sách

- Cơ quan thực hiện: Sở Công Thương, các sở, ban, ngành tỉnh trong phạm vi chức năng, nhiệm vụ của mình và các cơ quan, tổ chức khác có liên quan.

- Thời gian thực hiện: Quý II năm 2026.

IV. TỔ CHỨC THỰC HIỆN

1. Sở Công Thương - Cơ quan thường trực Ban Chỉ đạo

- Theo dõi, đôn đốc các đơn vị triển khai Kế hoạch.

- Tổng hợp, báo cáo Ủy ban nhân dân tỉnh trước ngày 15/12/2026.

2. Các doanh nghiệp đang hoạt động trong khu công nghiệp

- Cung cấp thông tin về nhu cầu hỗ trợ cho Sở Công Thương.

3. Các Sở, ngành chủ trì, quản lý các dự án thuộc Chương trình

- Phê duyệt kế hoạch kiểm tra các dự án do đơn vị quản lý.

4. Ủy ban nhân dân các xã, phường: Phối hợp với Sở Công Thương tuyên truyền chính sách đến doanh nghiệp.

Trên đây là Kế hoạch triển khai chương trình hỗ trợ doanh nghiệp năm 2026, yêu cầu các cơ quan, đơn vị nghiêm túc thực hiện./.
"""
    + FOOTER
)

# Quyết định issuing a Quy chế: the decision's articles and the general / procedural chapters
# hold no tasks; the implementation chapter does
QUYET_DINH = (
    HEADER.format(number="900/QĐ-UBND")
    + """\
QUYẾT ĐỊNH
Ban hành Quy chế vận hành Hệ thống một cửa điện tử tỉnh Hòa Lâm

CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HÒA LÂM

Căn cứ Luật Tổ chức chính quyền địa phương;

QUYẾT ĐỊNH:

Điều 1. Ban hành kèm theo Quyết định này Quy chế vận hành Hệ thống một cửa điện tử tỉnh Hòa Lâm.

Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày ký.

Điều 3. Giám đốc Sở, Thủ trưởng các cơ quan, đơn vị và các cá nhân có liên quan chịu trách nhiệm thi hành Quyết định này./.
"""
    + FOOTER
    + """
QUY CHẾ
Vận hành Hệ thống một cửa điện tử tỉnh Hòa Lâm

Chương I
QUY ĐỊNH CHUNG

Điều 1. Phạm vi điều chỉnh

1. Quy chế này quy định việc vận hành Hệ thống một cửa điện tử tỉnh.

Chương II
QUY TRÌNH TIẾP NHẬN HỒ SƠ

Điều 2. Tiếp nhận hồ sơ

1. Cơ quan, đơn vị tiếp nhận hồ sơ kiểm tra tính đầy đủ của hồ sơ trong 01 ngày làm việc.

Chương III
TỔ CHỨC THỰC HIỆN

Điều 3. Trách nhiệm của Sở Khoa học và Công nghệ

1. Bảo đảm hạ tầng kỹ thuật của Hệ thống hoạt động ổn định, liên tục.

2. Chủ trì lập dự toán kinh phí hằng năm để duy trì Hệ thống.
"""
)


@pytest.fixture(scope="module")
def thong_bao():
    return parse_text(THONG_BAO)


@pytest.fixture(scope="module")
def ke_hoach():
    return parse_text(KE_HOACH)


@pytest.fixture(scope="module")
def quyet_dinh():
    return parse_text(QUYET_DINH)


def _by_title(parsed, words):
    return next(t for t in parsed.tasks if t.title.startswith(words) or words in t.text)


def test_evaluation_section_holds_no_task(thong_bao):
    assert not any("tăng trưởng kinh tế" in t.text for t in thong_bao.tasks)


def test_items_without_actor_take_the_section_lead_in(thong_bao):
    task = _by_title(thong_bao, "Rà soát các chỉ tiêu")
    assert task.lead_units == ["Thường trực Tỉnh ủy"]
    assert "lead_from_lead_in" in task.flags


def test_conclusion_about_a_matter_names_its_actor_after_the_colon(thong_bao):
    task = _by_title(thong_bao, "Về kiến nghị đầu tư tuyến đường")
    assert task.lead_units == ["Bộ Giao thông"]
    assert task.deadline == dt.date(2025, 12, 15)
    task = _by_title(thong_bao, "Về vốn dư")
    assert task.lead_units == ["Bộ Tài chính"]
    assert task.cooperating_units == ["Ủy ban nhân dân tỉnh Hòa Lâm"]


def test_listed_groups_give_their_members(thong_bao):
    task = _by_title(thong_bao, "Về phủ sóng")
    assert task.lead_units == ["Viễn thông Miền Núi", "Bưu chính Đồng Bằng"]


def test_closing_formula_is_not_a_task(thong_bao, ke_hoach):
    assert not any("trân trọng" in t.text or "thông báo để" in t.text for t in thong_bao.tasks)
    assert not any(t.text.startswith("Trên đây") for t in ke_hoach.tasks)


def test_purpose_and_scope_sections_hold_no_task(ke_hoach):
    assert not any("Nâng cao hiệu quả hỗ trợ" in t.text for t in ke_hoach.tasks)
    assert not any(t.text.startswith("Các doanh nghiệp nhỏ và vừa") for t in ke_hoach.tasks)


def test_field_block_is_one_task_with_split_units(ke_hoach):
    tasks = [t for t in ke_hoach.tasks if t.clause.startswith("III.1")]
    assert len(tasks) == 1
    assert tasks[0].lead_units == [
        "Sở Công Thương",
        "Sở Tư pháp",
        "các sở, ban, ngành tỉnh",
        "Đài Phát thanh và Truyền hình tỉnh",
        "Ủy ban nhân dân các xã, phường",
    ]
    assert tasks[0].deadline == dt.date(2026, 12, 31)


def test_field_value_drops_adverbial_asides(ke_hoach):
    task = next(t for t in ke_hoach.tasks if t.clause == "III.2")
    assert task.lead_units == [
        "Sở Công Thương",
        "các sở, ban, ngành tỉnh",
        "các cơ quan, tổ chức khác có liên quan",
    ]
    assert task.deadline == dt.date(2026, 6, 30)


def test_apposition_after_a_dash_is_the_units_role(ke_hoach):
    task = _by_title(ke_hoach, "Theo dõi, đôn đốc")
    assert task.lead_units == ["Sở Công Thương"]
    assert "lead_from_heading" in task.flags


def test_noun_phrase_heading_names_its_unit_whole(ke_hoach):
    assert _by_title(ke_hoach, "Cung cấp thông tin").lead_units == [
        "Các doanh nghiệp đang hoạt động trong khu công nghiệp"
    ]
    # a unit described by what it does: the whole heading, and no task of its own
    task = _by_title(ke_hoach, "Phê duyệt kế hoạch kiểm tra")
    assert task.lead_units == ["Các Sở, ngành chủ trì, quản lý các dự án thuộc Chương trình"]
    assert not any(t.clause == "IV.3" for t in ke_hoach.tasks)


def test_inline_unit_heading_with_colon(ke_hoach):
    task = next(t for t in ke_hoach.tasks if t.clause == "IV.4")
    assert task.lead_units == ["Ủy ban nhân dân các xã, phường"]
    assert task.cooperating_units == ["Sở Công Thương"]


def test_candidates_carry_node_source_and_json_flags(ke_hoach):
    task = _by_title(ke_hoach, "Theo dõi, đôn đốc")
    assert task.source == "body"
    assert task.node is not None and task.node.label == task.clause
    data = task.as_json()
    assert data["source"] == "body" and "lead_from_heading" in data["flags"]
    assert "node" not in data


def test_decision_articles_and_rule_chapters_are_not_tasks(quyet_dinh):
    texts = " ".join(t.text for t in quyet_dinh.tasks)
    assert "hiệu lực" not in texts and "chịu trách nhiệm thi hành" not in texts
    assert "Phạm vi" not in texts and "tiếp nhận hồ sơ kiểm tra" not in texts


def test_implementation_chapter_duties_lead_from_the_article_heading(quyet_dinh):
    tasks = [t for t in quyet_dinh.tasks if t.clause.startswith("III.3")]
    assert [t.clause for t in tasks] == ["III.3.1", "III.3.2"]
    assert all(t.lead_units == ["Sở Khoa học và Công nghệ"] for t in tasks)
    assert tasks[1].recurrence == "hằng năm"


FIELD_BLOCKS = (
    HEADER.format(number="12/KH-UBND")
    + """\
KẾ HOẠCH
Thực hiện chuyển đổi số năm 2026

I. NHIỆM VỤ TRỌNG TÂM

1. Hoàn thiện cơ sở dữ liệu dân cư

a) Nhiệm vụ: Rà soát, làm sạch dữ liệu dân cư trên địa bàn.

b) Cơ quan thực hiện: Công an tỉnh; phối hợp: UBND các xã, phường.

c) Thời gian: Trước ngày 30/6/2026.

2. Đào tạo kỹ năng số

- Tổ chức tập huấn kỹ năng số cho cán bộ, công chức cấp xã.

- Biên soạn tài liệu hướng dẫn sử dụng dịch vụ công trực tuyến.

+ Đơn vị thực hiện: Sở Nội vụ.

+ Thời gian thực hiện: Năm 2026.

- Tổ chức hội thi tìm hiểu chuyển đổi số.

+ Đơn vị thực hiện: Tỉnh đoàn.

II. TỔ CHỨC THỰC HIỆN

1. Giám đốc Sở Tài chính có trách nhiệm bố trí kinh phí thực hiện Kế hoạch.

Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các cơ quan, đơn vị phản ánh về Sở Khoa học và Công nghệ để tổng hợp, báo cáo UBND tỉnh./.
"""
    + FOOTER
)


@pytest.fixture(scope="module")
def field_blocks():
    return parse_text(FIELD_BLOCKS)


def test_lettered_field_lines_make_one_task(field_blocks):
    tasks = [t for t in field_blocks.tasks if t.clause.startswith("I.1")]
    assert [(t.clause, t.lead_units, t.cooperating_units, t.deadline) for t in tasks] == [
        ("I.1", ["Công an tỉnh"], ["UBND các xã, phường"], dt.date(2026, 6, 30))
    ]
    assert tasks[0].title == "Hoàn thiện cơ sở dữ liệu dân cư"


def test_field_lines_after_a_group_of_bullets_apply_to_the_whole_group(field_blocks):
    tasks = [(t.clause, t.lead_units, t.deadline) for t in field_blocks.tasks if t.clause.startswith("I.2")]
    assert tasks == [
        ("I.2-1", ["Sở Nội vụ"], dt.date(2026, 12, 31)),
        ("I.2-2", ["Sở Nội vụ"], dt.date(2026, 12, 31)),
        ("I.2-3", ["Tỉnh đoàn"], None),
    ]


def test_office_holder_is_the_lead_and_closing_feedback_is_no_task(field_blocks):
    assert next(t for t in field_blocks.tasks if t.clause == "II.1").lead_units == ["Giám đốc Sở Tài chính"]
    assert not any("vướng mắc" in t.text for t in field_blocks.tasks)


def test_recurring_report_in_the_closing_section_is_a_task():
    text = FIELD_BLOCKS.replace(
        "Trong quá trình thực hiện,",
        "Định kỳ trước ngày 01/6 và 15/11 hằng năm, các sở, ban, ngành báo cáo kết quả về Sở Nội vụ để tổng hợp."
        "\n\nTrong quá trình thực hiện,",
    )
    parsed = parse_text(text)
    task = parsed.tasks[-1]
    assert task.text.startswith("Định kỳ trước ngày 01/6")
    assert task.lead_units == ["các sở, ban, ngành"]
    assert task.recurrence == "hằng năm" and task.deadline == dt.date(2026, 6, 1)
    assert "closing_report" in task.flags and task.node.kind == "closing"
    assert not any("vướng mắc" in t.text for t in parsed.tasks)
