"""Journey: a Văn phòng clerk reviews a two-page Kế hoạch on the review screen and corrects
what the parser could not know: three clauses under a heading that names no unit get their
lead unit in one bulk action, a clause the parser skipped becomes a task, a row is split
into two tasks for two units, a past deadline is fixed; then the clerk confirms and the
tasks are there. The test counts the clicks and key presses the corrections take and
prints them (issue 13, "Measured")."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

import pytest
from django.urls import reverse

from tests.e2e.conftest import check_phone_width

pytestmark = pytest.mark.e2e

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def plan_docx() -> bytes:
    """Kế hoạch 52/KH-UBND of 06/03/2026 (two pages): a purpose section (not operative, so
    its clause I.2 is not proposed), four numbered tasks, a heading that names a kind of body
    rather than a unit, and the implementation section."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    doc = Document()
    left, right = doc.add_table(rows=1, cols=2).rows[0].cells
    left.text = "ỦY BAN NHÂN DÂN"
    left.add_paragraph("HUYỆN MỘ ĐỨC")
    left.add_paragraph("Số: 52/KH-UBND")
    right.text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    right.add_paragraph("Độc lập - Tự do - Hạnh phúc")
    right.add_paragraph("Mộ Đức, ngày 06 tháng 3 năm 2026")
    for line in ("KẾ HOẠCH", "Triển khai chuyển đổi số trong cơ quan hành chính huyện năm 2026"):
        doc.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraphs = [
        "Thực hiện Kế hoạch số 145/KH-UBND của UBND tỉnh, UBND huyện ban hành Kế hoạch triển khai như sau:",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "1. Nâng cao hiệu quả quản lý, điều hành của các cơ quan hành chính trên địa bàn huyện; bảo đảm "
        "công khai, minh bạch trong giải quyết thủ tục hành chính.",
        "2. Rà soát, cập nhật danh mục thủ tục hành chính cung cấp dịch vụ công trực tuyến toàn trình của "
        "huyện; hoàn thành trước ngày 30/4/2026.",
        "II. NHIỆM VỤ CỤ THỂ",
        "1. Phòng Nội vụ chủ trì, phối hợp với Văn phòng HĐND và UBND huyện rà soát, số hóa hồ sơ lưu trữ "
        "của các cơ quan; hoàn thành trước ngày 05/3/2026.",
        "2. Phòng Tư pháp tổ chức tập huấn sử dụng chữ ký số cho cán bộ, công chức cấp xã; hoàn thành trước "
        "ngày 15/5/2026.",
        "3. Phòng Tài chính - Kế hoạch bố trí kinh phí thực hiện Kế hoạch; tham mưu UBND huyện phân bổ kinh "
        "phí cho các xã, thị trấn; hoàn thành trước ngày 30/6/2026.",
        "4. Trung tâm Chuyển đổi số huyện hướng dẫn các xã, thị trấn sử dụng phần mềm quản lý văn bản; hoàn "
        "thành trước ngày 30/4/2026.",
        "III. Các cơ quan thông tin, truyền thông của huyện:",
        "1. Tổ chức tuyên truyền lợi ích của dịch vụ công trực tuyến trên hệ thống truyền thanh; thực hiện "
        "hằng tháng.",
        "2. Xây dựng chuyên mục chuyển đổi số trên Cổng thông tin điện tử huyện; hoàn thành trước ngày 31/3/2026.",
        "3. Phát động phong trào thi đua ứng dụng công nghệ số trong cán bộ, công chức; hoàn thành trước "
        "ngày 30/4/2026.",
        "IV. TỔ CHỨC THỰC HIỆN",
        "1. UBND các xã, thị trấn triển khai Kế hoạch tại địa phương; báo cáo kết quả về UBND huyện (qua "
        "Phòng Nội vụ) trước ngày 15/12/2026.",
        "2. Văn phòng HĐND và UBND huyện theo dõi, đôn đốc việc thực hiện Kế hoạch; tổng hợp báo cáo Chủ "
        "tịch UBND huyện hằng quý.",
    ]
    paragraphs += [
        "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các cơ quan, đơn vị phản ánh kịp thời về UBND "
        "huyện để xem xét, giải quyết theo quy định."
    ] * 14  # a second page
    paragraphs += ["Nơi nhận:", "- UBND tỉnh;", "- CT, PCT UBND huyện;", "- Lưu: VT, NV."]
    for text in paragraphs:
        doc.add_paragraph(text)
    for line in ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Thị Bích"):
        doc.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.CENTER
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


@dataclass
class Counter:
    """Every click and key press the clerk makes on the review screen."""

    clicks: int = 0
    keys: int = 0
    log: list[str] = field(default_factory=list)

    def click(self, locator) -> None:
        locator.click()
        self.clicks += 1
        self.log.append("click")

    def type(self, page, text: str) -> None:
        page.keyboard.type(text, delay=15)
        self.keys += len(text)
        self.log.append(f"type {text!r}")

    def press(self, page, key: str) -> None:
        page.keyboard.press(key)
        self.keys += 1
        self.log.append(key)


@pytest.fixture
def inline_worker(monkeypatch):
    """The reading job runs at once (in the web request's on_commit) instead of in a worker."""
    from directives.intake import process

    monkeypatch.setattr(process, "queue_process", lambda draft_id: process.intake_process(draft_id))


def _upload(page) -> None:
    page.goto(reverse("directives:intake"))
    page.get_by_label("Tệp văn bản").set_input_files(
        {"name": "kh-52-ubnd.docx", "mimeType": DOCX_MIME, "buffer": plan_docx()}
    )
    page.get_by_role("button", name="Đọc văn bản").click()
    page.get_by_role("heading", name="Rà soát văn bản trước khi tạo").wait_for()


def _row_of(page, clause_label: str):
    return page.locator(".rv-row").filter(has=page.locator(".rv-to-clause", has_text=f"Mục {clause_label}"))


def _units(row, name: str) -> list[str]:
    return row.locator(f'select[name="{name}"]').evaluate("s => [...s.selectedOptions].map(o => o.text)")


def _first_option_is(page, name: str) -> None:
    """What the clerk sees before pressing Enter: the unit they meant is the first suggestion."""
    option = page.locator(".ts-dropdown:visible .option.active")
    option.wait_for()
    assert option.inner_text() == name


def _version(page) -> int:
    return int(page.locator("#draft-version").get_attribute("data-version"))


def _wait_saved(page, before: int) -> None:
    """Until the edit is stored (the draft's version moved on) and the page has settled."""
    page.wait_for_function(
        "v => Number(document.getElementById('draft-version').dataset.version) > v", arg=before
    )
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(100)


def test_clerk_reviews_a_plan(demo, inline_worker, open_page, login, shots):
    from directives.models import Directive
    from tasks.models import Task

    page = open_page()
    login(page, "vanthu")
    _upload(page)
    shots(page, "review")
    c = Counter()

    # The heading III names no unit: its three rows have no lead and are left out.
    heading = page.locator(".rv-clause", has_text="Các cơ quan thông tin, truyền thông")
    rows_iii = page.locator(".rv-row").filter(
        has=page.locator(".rv-to-clause", has_text=re.compile(r"Mục III\."))
    )
    assert rows_iii.count() == 3
    assert page.locator("#review-summary").get_by_text(re.compile(r"tên đơn vị chưa xác định")).is_visible()

    # 1. All rows under heading III → Phòng Văn hóa và Thông tin, in one action.
    v = _version(page)
    c.click(heading.get_by_role("button", name="Chọn các dòng trong mục này"))
    assert page.locator("#bulk-count").inner_text() == "Đã chọn 3 dòng"
    c.type(page, "van hoa va")  # focus is already in the bulk lead picker; no accents needed
    _first_option_is(page, "Phòng Văn hóa và Thông tin")
    c.press(page, "Enter")
    c.click(page.get_by_role("button", name="Áp dụng cho dòng đã chọn"))
    _wait_saved(page, v)
    for i in range(3):
        row = rows_iii.nth(i)
        assert _units(row, "lead") == ["Phòng Văn hóa và Thông tin"]
        assert row.get_by_label("Tạo nhiệm vụ này").is_checked()

    # 2. The fix first: II.1's deadline 05/03/2026 has passed (today is 10/03/2026).
    row_ii1 = _row_of(page, "II.1")
    assert row_ii1.get_by_text("Hạn 05/03/2026 đã qua").is_visible()
    v = _version(page)
    c.click(row_ii1.get_by_label("Thời hạn", exact=True))
    c.press(page, "Control+a")
    c.type(page, "31/03/2026")
    c.press(page, "Tab")
    _wait_saved(page, v)
    assert not row_ii1.get_by_text("đã qua").is_visible()

    # 3. Split II.1: Phòng Nội vụ keeps its part, Văn phòng HĐND và UBND huyện gets its own task.
    v = _version(page)
    c.click(row_ii1.get_by_role("button", name="Tách thành hai dòng"))
    _wait_saved(page, v)
    split = page.locator(".rv-row").filter(has=page.locator(".badge", has_text="Tách ra"))
    assert split.count() == 1
    v = _version(page)
    c.click(split.locator(".ts-control").first)
    c.press(page, "Backspace")
    c.type(page, "van phong")
    _first_option_is(page, "Văn phòng HĐND và UBND huyện")
    c.press(page, "Enter")
    c.press(page, "Escape")
    _wait_saved(page, v)

    # 4. The clause the parser skipped (I.2, in the purpose section) becomes a task.
    clause_i2 = page.locator(".rv-clause", has_text="Rà soát, cập nhật danh mục thủ tục hành chính")
    v = _version(page)
    c.click(clause_i2.get_by_role("button", name="Tạo nhiệm vụ từ mục này"))
    _wait_saved(page, v)
    added = page.locator(".rv-row").filter(has=page.locator(".badge", has_text="Thêm khi rà soát"))
    assert added.get_by_label("Thời hạn", exact=True).input_value() == "30/04/2026"  # read from the clause
    v = _version(page)
    c.click(added.locator(".ts-control").first)
    c.type(page, "noi vu")
    _first_option_is(page, "Phòng Nội vụ")
    c.press(page, "Enter")
    c.press(page, "Escape")
    _wait_saved(page, v)
    shots(page, "corrected")

    # 5. Confirm.
    c.click(page.get_by_role("button", name="Xác nhận và tạo"))
    page.wait_for_url(re.compile(r"/van-ban/\d+/$"))

    print(f"\nreview corrections: {c.clicks} clicks, {c.keys} key presses ({' · '.join(c.log)})")
    directive = Directive.objects.get(number="52", symbol="KH-UBND")
    tasks = list(Task.objects.filter(directive=directive).select_related("lead_unit").order_by("pk"))
    by_lead: dict[str, list] = {}
    for task in tasks:
        by_lead.setdefault(task.lead_unit.name, []).append(task)
    assert len(by_lead["Phòng Văn hóa và Thông tin"]) == 3
    noi_vu = {t.deadline.strftime("%d/%m/%Y") for t in by_lead["Phòng Nội vụ"]}
    assert noi_vu == {"31/03/2026", "30/04/2026"}  # II.1 fixed, and the added I.2
    office = by_lead["Văn phòng HĐND và UBND huyện"]
    assert any(
        t.deadline and t.deadline.strftime("%d/%m/%Y") == "31/03/2026" for t in office
    )  # the split part
    assert "Trung tâm Chuyển đổi số" not in " ".join(by_lead)  # unresolved and left out
    shots(page, "directive")
    assert c.clicks + c.keys <= 60


def test_review_on_a_phone(demo, inline_worker, open_page, login, shots):
    from units.models import UnitAlias

    page = open_page(width=390)
    login(page, "vanthu")
    _upload(page)
    check_phone_width(page)
    shots(page, "phone-review")

    # An unresolved name: "Gán cho đơn vị…", remembered as an alias for the next document.
    row = _row_of(page, "II.4")
    v = _version(page)
    row.get_by_text("Gán cho đơn vị…").click()
    row.locator(".rv-unresolved .ts-control").click()
    page.keyboard.type("tt vh")
    _first_option_is(page, "Trung tâm Văn hóa - Thông tin và Thể thao huyện")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    row.get_by_role("button", name="Gán", exact=True).click()
    _wait_saved(page, v)
    assert page.get_by_text("sẽ tự nhận là đơn vị này").is_visible()
    alias = UnitAlias.objects.get(source=UnitAlias.Source.LEARNED)
    assert alias.unit.name == "Trung tâm Văn hóa - Thông tin và Thể thao huyện"
    row = _row_of(page, "II.4")
    assert _units(row, "lead") == ["Trung tâm Văn hóa - Thông tin và Thể thao huyện"]
    assert row.get_by_label("Tạo nhiệm vụ này").is_checked()
    check_phone_width(page)
    shots(page, "phone-assigned")


def test_review_with_the_keyboard_only(demo, inline_worker, open_page, login):
    """Tab, type, Enter, Space: a row gets its lead unit and is left out again without the mouse."""
    page = open_page()
    login(page, "vanthu")
    _upload(page)
    row = _row_of(page, "II.4")  # Trung tâm Chuyển đổi số: unresolved, so left out
    assert not row.get_by_label("Tạo nhiệm vụ này").is_checked()
    row.locator("input.rv-select").focus()  # reached with Tab from the top of the page
    for _ in range(3):  # "Mục II.4" link, the include switch, the title
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "title"
    v = _version(page)
    page.keyboard.press("Tab")  # the lead unit picker
    page.keyboard.type("tu phap")
    _first_option_is(page, "Phòng Tư pháp")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    _wait_saved(page, v)
    row = _row_of(page, "II.4")
    assert _units(row, "lead") == ["Phòng Tư pháp"]
    assert row.get_by_label("Tạo nhiệm vụ này").is_checked()  # given a lead, it is to be created
    # a group expands to its member units in the picker, visible before anything is created
    v = _version(page)
    page.keyboard.press("Tab")  # from the lead picker to the cooperating units picker
    page.keyboard.type("ubnd cac xa")
    page.locator(".ts-dropdown:visible .option.active").wait_for()
    assert "13 đơn vị" in page.locator(".ts-dropdown:visible .option.active").inner_text()
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    _wait_saved(page, v)
    row = _row_of(page, "II.4")
    communes = _units(row, "coop")
    assert len(communes) == 13 and all(name.startswith("UBND") for name in communes)
    v = _version(page)
    row.get_by_label("Tạo nhiệm vụ này").focus()
    page.keyboard.press("Space")
    _wait_saved(page, v)
    from directives.models import IntakeDraft

    stored = {r["clause_id"]: r for r in IntakeDraft.objects.get().data["rows"]}
    ii4 = next(r for r in stored.values() if "Trung tâm Chuyển đổi số" in r["text"])
    assert ii4["include"] is False and len(ii4["lead_unit_ids"]) == 1


def test_a_stale_tab_is_told_and_keeps_what_was_typed(demo, inline_worker, open_page, login):
    page = open_page()
    login(page, "vanthu")
    _upload(page)
    other = page.context.new_page()  # the same draft in a second tab
    other.goto(page.url)
    v = _version(page)
    title = _row_of(page, "II.2").get_by_label("Tên nhiệm vụ")
    title.fill("Tập huấn chữ ký số cho cán bộ cấp xã")
    title.press("Tab")
    _wait_saved(page, v)

    stale = _row_of(other, "II.3").get_by_label("Tên nhiệm vụ")
    stale.fill("Bố trí kinh phí thực hiện Kế hoạch")
    stale.press("Tab")
    message = other.locator("#review-messages")
    message.get_by_text("Bản nháp vừa được sửa ở thẻ hoặc máy khác").wait_for()
    assert stale.input_value() == "Bố trí kinh phí thực hiện Kế hoạch"  # nothing the clerk typed is lost
    message.get_by_role("link", name="Tải lại trang").click()
    other.get_by_role("heading", name="Rà soát văn bản trước khi tạo").wait_for()
    assert (
        _row_of(other, "II.2").get_by_label("Tên nhiệm vụ").input_value()
        == "Tập huấn chữ ký số cho cán bộ cấp xã"
    )
