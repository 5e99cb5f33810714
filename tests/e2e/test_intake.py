"""Journey 1: a Văn phòng clerk uploads a .docx directive (built here with python-docx),
reviews the proposed tasks, corrects one lead unit, confirms, and finds the tasks in the
list. The head of the lead unit then sees the new task on their home page."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.e2e.documents import directive_docx

pytestmark = pytest.mark.e2e

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_clerk_imports_a_directive(demo, open_page, login, shots):
    from django.utils import timezone

    from deadlines.workdays import add_working_days
    from directives.models import Directive
    from tasks.models import Task

    today = timezone.localdate()
    due = [add_working_days(today, 2), add_working_days(today, 15), add_working_days(today, 10)]
    vn = [d.strftime("%d/%m/%Y") for d in due]
    data = directive_docx(
        number="777",
        issued_on=today,
        subject="đẩy mạnh chuyển đổi số trong công tác văn phòng",
        clauses=[
            "Phòng Nội vụ chủ trì, phối hợp với Văn phòng HĐND và UBND huyện rà soát, số hóa hồ sơ "
            f"lưu trữ của các cơ quan; hoàn thành trước ngày {vn[0]}.",
            "Phòng Tư pháp tổ chức tập huấn sử dụng chữ ký số cho cán bộ, công chức cấp xã; "
            f"hoàn thành trước ngày {vn[1]}.",
            # No such unit in the district: the clerk has to choose the lead unit by hand.
            "Trung tâm Chuyển đổi số huyện hướng dẫn các xã, thị trấn sử dụng phần mềm quản lý "
            f"văn bản; hoàn thành trước ngày {vn[2]}.",
        ],
    )

    page = open_page()
    login(page, "vanthu")
    shots(page, "home")

    page.goto(reverse("directives:intake"))
    shots(page, "upload")
    page.get_by_label("Tệp văn bản").set_input_files(
        {"name": "cv-777-ubnd-nv.docx", "mimeType": DOCX_MIME, "buffer": data}
    )
    page.get_by_role("button", name="Đọc văn bản").click()
    page.get_by_role("heading", name="Rà soát văn bản trước khi tạo").wait_for()

    # Review: the metadata read from the document, one row per numbered clause.
    assert page.get_by_label("Số", exact=True).input_value() == "777"
    assert page.get_by_label("Ký hiệu").input_value() == "UBND-NV"
    assert page.get_by_label("Cơ quan ban hành").input_value() == "UBND huyện Mộ Đức"
    assert page.get_by_label("Ngày ban hành").input_value() == today.strftime("%d/%m/%Y")
    rows = page.locator(".intake-table tbody tr")
    assert rows.count() == 3
    lead = [rows.nth(i).get_by_label("Đơn vị chủ trì") for i in range(3)]
    assert lead[0].evaluate("s => [...s.selectedOptions].map(o => o.text)") == ["Phòng Nội vụ"]
    assert lead[1].evaluate("s => [...s.selectedOptions].map(o => o.text)") == ["Phòng Tư pháp"]
    assert lead[2].evaluate("s => s.selectedOptions.length") == 0
    assert rows.nth(2).get_by_text("Chưa xác định được đơn vị: Trung tâm Chuyển đổi số huyện").is_visible()
    assert rows.nth(0).get_by_label("Thời hạn", exact=True).input_value() == vn[0]
    shots(page, "review")

    # The clerk rewrites the first title (proposed from the clause's first sentence) ...
    rows.nth(0).get_by_label("Nhiệm vụ", exact=True).fill("Rà soát, số hóa hồ sơ lưu trữ của các cơ quan")
    # ... and corrects the third row: Phòng Văn hóa và Thông tin leads it, and it is to be created.
    lead[2].select_option(label="Phòng Văn hóa và Thông tin")
    rows.nth(2).get_by_label("Tạo nhiệm vụ").check()
    shots(page, "review-corrected")
    page.get_by_role("button", name="Xác nhận và tạo").click()
    page.wait_for_url(re.compile(r"/van-ban/\d+/$"))

    directive = Directive.objects.get(number="777", symbol="UBND-NV")
    tasks = {
        t.lead_unit.name: t for t in Task.objects.filter(directive=directive).select_related("lead_unit")
    }
    assert set(tasks) == {"Phòng Nội vụ", "Phòng Tư pháp", "Phòng Văn hóa và Thông tin"}
    assert tasks["Phòng Nội vụ"].deadline == due[0]
    assert tasks["Phòng Văn hóa và Thông tin"].deadline == due[2]
    assert tasks["Phòng Nội vụ"].title == "Rà soát, số hóa hồ sơ lưu trữ của các cơ quan"
    assert "777/UBND-NV" in page.get_by_role("heading", level=1).inner_text()
    for task in tasks.values():  # each clause links to its task
        assert page.locator(f'main a[href="{task.get_absolute_url()}"]').first.is_visible()
    shots(page, "directive")

    # The task list, filtered to this directive, shows the three tasks.
    page.goto(reverse("tasks:list"))
    filters = page.get_by_role("search", name="Lọc nhiệm vụ")
    option = filters.locator("option", has_text="777/UBND-NV")
    filters.get_by_label("Văn bản", exact=True).select_option(option.get_attribute("value"))
    filters.get_by_role("button", name="Lọc").click()
    page.wait_for_url(f"**directive={directive.pk}**")
    assert page.get_by_text("3 nhiệm vụ").first.is_visible()
    table = page.locator(".table-responsive table").first
    for task in tasks.values():
        assert table.locator(f'a[href="{task.get_absolute_url()}"]').first.is_visible()
    shots(page, "task-list")

    # The head of Phòng Nội vụ finds the new task on the home page ("sắp đến hạn").
    head = open_page()
    login(head, "truongphong.noivu")
    soon = head.locator("section", has=head.get_by_role("heading", name="Sắp đến hạn"))
    assert soon.get_by_role("link", name=tasks["Phòng Nội vụ"].title).is_visible()
    shots(head, "head-home")
