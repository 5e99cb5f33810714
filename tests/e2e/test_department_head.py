"""Journey 2: the head of Phòng Nội vụ signs in, finds the new task on the home page,
reports progress with an evidence file and asks for an extension.

Run twice: on a desktop screen and on a 390 px phone, where no page may scroll sideways
(``shots`` checks every page it photographs: accessibility basics, and the width on a phone).
"""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from docx import Document

pytestmark = pytest.mark.e2e

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def evidence_docx() -> bytes:
    doc = Document()
    doc.add_heading("BIÊN BẢN KIỂM TRA HỒ SƠ CÁN BỘ, CÔNG CHỨC", level=1)
    doc.add_paragraph("Đã rà soát 124/250 hồ sơ; 9 hồ sơ thiếu bản sao văn bằng.")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
def test_department_head_reports_progress_and_asks_for_extension(story, open_page, login, shots, width):
    from tasks.models import ExtensionRequest, ProgressUpdate

    phone = width < 600
    page = open_page(width=width, height=844 if phone else 900)

    login(page, "truongphong.noivu")
    title = story.task.title
    # Home page: the new task is in "Sắp đến hạn" and links to the task page.
    soon = page.locator("section", has=page.get_by_role("heading", name="Sắp đến hạn"))
    link = soon.get_by_role("link", name=title)
    assert link.is_visible(), "the new task is listed as due soon on the head's home page"
    shots(page, "home")

    # The unit's task list shows it too.
    page.goto(reverse("tasks:list"))
    assert page.get_by_role("link", name=title).first.is_visible()
    shots(page, "task-list")

    page.goto(reverse("home"))
    page.locator("section", has=page.get_by_role("heading", name="Sắp đến hạn")).get_by_role(
        "link", name=title
    ).click()
    page.wait_for_url(f"**{reverse('tasks:detail', args=[story.task.pk])}")
    assert page.get_by_role("heading", level=1).inner_text().strip() == title
    shots(page, "task")

    # Progress with an evidence file (the form is swapped in place by htmx).
    note = "Đã rà soát 124/250 hồ sơ, đang bổ sung văn bằng còn thiếu."
    form = page.locator("form", has=page.get_by_role("button", name="Gửi báo cáo"))
    form.get_by_label("Tiến độ (%)").fill("50")
    form.get_by_label("Nội dung báo cáo").fill(note)
    form.get_by_label("Tài liệu kiểm chứng").set_input_files(
        {"name": "bien-ban-kiem-tra.docx", "mimeType": DOCX_MIME, "buffer": evidence_docx()}
    )
    form.get_by_role("button", name="Gửi báo cáo").click()
    page.get_by_text("Đã ghi nhận báo cáo tiến độ.").wait_for()
    evidence = page.get_by_role("link", name="bien-ban-kiem-tra.docx")
    assert evidence.is_visible()
    assert page.locator(".updates").get_by_text(note).is_visible()
    # The evidence link serves the file back to a member of the unit.
    response = page.request.get(evidence.get_attribute("href"))
    assert response.ok and response.body()[:2] == b"PK"
    update = ProgressUpdate.objects.get(task=story.task, note=note)
    assert update.percent == 50 and update.evidence.count() == 1
    shots(page, "progress-sent")

    # Ask for an extension.
    page.get_by_text("Xin gia hạn", exact=True).click()
    page.get_by_label("Đề nghị gia hạn đến ngày").fill(story.new_deadline.strftime("%d/%m/%Y"))
    page.get_by_label("Lý do xin gia hạn").fill("Chờ các xã gửi bổ sung bản sao văn bằng, chứng chỉ.")
    shots(page, "extension-form")
    page.get_by_role("button", name="Gửi đề nghị").click()
    page.get_by_text("Đang xin gia hạn").wait_for()
    assert page.get_by_text(story.new_deadline.strftime("%d/%m/%Y")).first.is_visible()
    request = ExtensionRequest.objects.get(task=story.task)
    assert request.status == ExtensionRequest.Status.PENDING
    assert request.requested_deadline == story.new_deadline
    shots(page, "extension-requested")

    # Back home, the request waits in the unit's list of pending extensions.
    page.goto(reverse("home"))
    pending = page.locator("section", has=page.get_by_role("heading", name="Đề nghị gia hạn đang chờ"))
    assert pending.get_by_text(title).is_visible()
    shots(page, "home-after")
