"""Journey 1: a Văn phòng clerk uploads a .docx directive (built here with python-docx); it is
read in the intake job, the review screen proposes the tasks, the clerk confirms and finds the
tasks in the list. The head of the lead unit then sees the new task on their home page.
(The corrections on the review screen are tests/e2e/test_intake_review.py.)"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.e2e.documents import directive_docx

pytestmark = pytest.mark.e2e

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_clerk_imports_a_directive(demo, open_page, login, shots, monkeypatch):
    from django.utils import timezone

    from deadlines.workdays import add_working_days
    from directives.intake import process
    from directives.models import Directive, IntakeDraft
    from tasks.models import Task

    # the reading job runs at once (no django-q2 cluster in the test), still in its sandbox
    monkeypatch.setattr(process, "queue_process", lambda draft_id: process.intake_process(draft_id))
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
            # No such unit in the district: the row is proposed without a lead unit, left out.
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
    # read in the job (the status page polls), then the review screen
    page.get_by_role("heading", name="Rà soát văn bản trước khi tạo").wait_for()
    draft = IntakeDraft.objects.get()
    assert draft.status == "ready" and draft.data["meta"]["number"] == "777"
    rows = draft.data["rows"]
    assert [r["include"] for r in rows] == [True, True, False]
    assert rows[2]["unresolved"][0].startswith("Trung tâm Chuyển đổi")  # kept by name, flagged
    shots(page, "review")
    page.get_by_role("button", name="Xác nhận và tạo").click()
    page.wait_for_url(re.compile(r"/van-ban/\d+/$"))

    directive = Directive.objects.get(number="777", symbol="UBND-NV")
    tasks = {
        t.lead_unit.name: t for t in Task.objects.filter(directive=directive).select_related("lead_unit")
    }
    assert set(tasks) == {"Phòng Nội vụ", "Phòng Tư pháp"}
    assert tasks["Phòng Nội vụ"].deadline == due[0]
    assert tasks["Phòng Tư pháp"].deadline == due[1]
    assert "777/UBND-NV" in page.get_by_role("heading", level=1).inner_text()
    for task in tasks.values():  # each clause links to its task
        assert page.locator(f'main a[href="{task.get_absolute_url()}"]').first.is_visible()
    shots(page, "directive")

    # A second submit of the same draft (a retried request) lands on the same directive.
    page.goto(reverse("directives:review", args=[draft.pk]))
    page.wait_for_url(re.compile(r"/van-ban/\d+/$"))
    assert Directive.objects.filter(number="777").count() == 1

    # The task list, filtered to this directive, shows the three tasks.
    page.goto(reverse("tasks:list"))
    filters = page.get_by_role("search", name="Lọc nhiệm vụ")
    option = filters.locator("option", has_text="777/UBND-NV")
    filters.get_by_label("Văn bản", exact=True).select_option(option.get_attribute("value"))
    filters.get_by_role("button", name="Lọc").click()
    page.wait_for_url(f"**directive={directive.pk}**")
    assert page.get_by_text("2 nhiệm vụ").first.is_visible()
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


def test_a_file_over_the_limit_is_refused_before_it_is_sent(demo, open_page, login):
    from directives.models import IntakeDraft

    page = open_page(width=390)
    login(page, "vanthu")
    page.goto(reverse("directives:intake"))
    field = page.get_by_label("Tệp văn bản")
    assert field.get_attribute("data-max-bytes") == str(20 * 1024 * 1024)
    field.evaluate("input => input.setAttribute('data-max-bytes', '1000')")  # a small limit for the test
    requests = []
    page.on("request", lambda r: requests.append(r) if r.method == "POST" else None)
    field.set_input_files({"name": "lon.docx", "mimeType": DOCX_MIME, "buffer": b"PK" + b"x" * 5000})
    page.get_by_role("button", name="Đọc văn bản").click()
    assert page.get_by_role("alert").inner_text().startswith("Tệp vượt quá dung lượng")
    assert requests == [] and IntakeDraft.objects.count() == 0
