"""Journey 3: the chairman approves Phòng Nội vụ's extension request, sees the dashboard
counts move, and downloads the unit's accountability report (.docx)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.urls import reverse
from docx import Document

pytestmark = pytest.mark.e2e


def dashboard_counts(page) -> dict[str, int]:
    cards = page.locator("[data-count]")
    return {
        cards.nth(i).get_attribute("data-count"): int(cards.nth(i).inner_text().strip())
        for i in range(cards.count())
    }


def pending_extensions(page) -> int:
    line = page.locator("p", has_text="Đề nghị gia hạn chờ quyết định")
    return int(line.locator("strong").inner_text().strip())


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def test_chairman_approves_extension_and_downloads_report(story, open_page, login, shots):
    from tasks.models import ExtensionRequest
    from tasks.services import extension_request_create

    extension_request_create(
        task=story.task,
        actor=story.users["truongphong.noivu"],
        requested_deadline=story.new_deadline,
        reason="Chờ các xã gửi bổ sung bản sao văn bằng, chứng chỉ.",
    )
    page = open_page()
    login(page, "chutich")

    # The chairman lands on the dashboard.
    assert page.get_by_role("heading", level=1).inner_text().strip() == "Bảng điều khiển của lãnh đạo"
    before = dashboard_counts(page)
    pending_before = pending_extensions(page)
    assert before["due_soon"] >= 1 and pending_before >= 1
    shots(page, "dashboard-before")

    # The pending requests, then "Đồng ý" on the row of our task.
    page.locator("p", has_text="Đề nghị gia hạn chờ quyết định").get_by_role("link").click()
    page.wait_for_url(f"**{reverse('tasks:extensions')}**")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=story.task.title))
    assert row.get_by_text(story.new_deadline.strftime("%d/%m/%Y")).is_visible()
    shots(page, "extensions-pending")
    row.get_by_label("Ý kiến").fill("Đồng ý gia hạn, yêu cầu hoàn thành đúng thời hạn mới.")
    row.get_by_role("button", name="Đồng ý", exact=True).click()
    page.get_by_text(f"Đã đồng ý gia hạn đến {story.new_deadline:%d/%m/%Y}.").wait_for()
    assert page.get_by_role("link", name=story.task.title).count() == 0, "no longer pending"
    request = ExtensionRequest.objects.get(task=story.task)
    assert request.status == ExtensionRequest.Status.APPROVED
    story.task.refresh_from_db()
    assert story.task.deadline == story.new_deadline
    shots(page, "extensions-after")

    # The task page shows the new deadline and the old one struck through.
    page.goto(reverse("tasks:detail", args=[story.task.pk]))
    facts = page.locator(".task-facts")
    assert facts.get_by_text(story.new_deadline.strftime("%d/%m/%Y")).is_visible()
    assert facts.locator("s", has_text=story.deadline.strftime("%d/%m/%Y")).is_visible()
    shots(page, "task-extended")

    # Dashboard: the task moved from "sắp đến hạn" to "trong hạn"; one request fewer.
    page.goto(reverse("dashboard:chairman"))
    after = dashboard_counts(page)
    assert after["due_soon"] == before["due_soon"] - 1
    assert after["in_time"] == before["in_time"] + 1
    assert pending_extensions(page) == pending_before - 1
    shots(page, "dashboard-after")

    # Accountability report of Phòng Nội vụ for a period that holds the new deadline.
    page.goto(reverse("dashboard:reports"))
    shots(page, "reports")
    page.get_by_label("Đơn vị", exact=True).select_option(label="Phòng Nội vụ")
    page.get_by_label("Từ ngày").fill(f"01/01/{story.today.year}")  # typed as users do: dd/mm/yyyy
    page.get_by_label("Đến ngày").fill(f"31/12/{story.new_deadline.year}")
    page.get_by_role("button", name="Xem báo cáo").click()
    page.wait_for_url("**/bao-cao/don-vi/**")
    assert "Phòng Nội vụ" in page.get_by_role("heading", level=1).inner_text()
    shots(page, "unit-report")
    with page.expect_download() as info:
        page.get_by_role("link", name="Tải báo cáo .docx").click()
    download = info.value
    assert download.suggested_filename.endswith(".docx")
    text = docx_text(Path(download.path()).read_bytes())
    assert "của Phòng Nội vụ" in text
    assert story.task.title in text, "the appendix lists the extended task"
    granted = next(line for line in text.splitlines() if "Số lượt được đồng ý gia hạn" in line)
    assert int(granted.rsplit("|", 1)[1].strip()) >= 1
