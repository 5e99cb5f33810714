"""The documents the office signs: reports from Word templates (shipped and uploaded), the Công văn
đôn đốc, the yêu cầu giải trình with the unit's reply, and their PDF."""

from __future__ import annotations

import datetime as dt
import io
import shutil

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tasks.dashboard import reports
from tasks.dashboard.exports import summary_docx, unit_report_docx
from tasks.dashboard.selectors import Period
from tasks.documents import jobs
from tasks.documents.builder import SHIPPED, build_all
from tasks.documents.models import DocumentKind, DocumentTemplate, ExplanationReply, OfficeLetter
from tasks.models import Task, TaskEvent
from tasks.status import StatusContext
from tests.dashboard.conftest import TODAY, make, note
from tests.factories import DirectiveFactory

DAY = dt.timedelta(days=1)
YEAR = Period(start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31))


def _text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


@pytest.fixture
def overdue(cast, today):
    directive = DirectiveFactory(number="45", symbol="KH-UBND")
    a1 = make(cast.unit_a, deadline=TODAY - 30 * DAY, directive=directive, title="Rà soát thủ tục hành chính")
    a2 = make(cast.unit_a, deadline=TODAY - 2 * DAY, directive=directive, title="Báo cáo chuyển đổi số")
    b1 = make(cast.unit_b, deadline=TODAY + DAY, directive=directive, title="Tổng hợp ý kiến cử tri")
    note(a1, "Đang chờ số liệu của các xã")
    return a1, a2, b1


def test_shipped_templates_are_what_the_builder_makes(tmp_path):
    built = {p.name for p in build_all(tmp_path)}
    assert built == {p.name for p in SHIPPED.glob("*.docx")} == {f"{k}.docx" for k in DocumentKind.values}


def test_unit_report_from_the_template_holds_the_numbers(cast, overdue, today):
    report = reports.unit_report(unit=cast.unit_a, period=YEAR, ctx=StatusContext.for_today())
    data = unit_report_docx(report, today=TODAY)
    text = _text(data)
    assert "Phòng Nội vụ" in text and "NHIỆM VỤ QUÁ HẠN CHƯA HOÀN THÀNH" in text
    assert "Rà soát thủ tục hành chính" in text and "Đang chờ số liệu của các xã" in text
    assert "{{" not in text and "{%" not in text
    document = docx.Document(io.BytesIO(data))
    summary = {row.cells[1].text: row.cells[2].text for row in document.tables[1].rows[1:]}
    assert summary["Quá hạn, chưa hoàn thành"] == "2"


def test_a_2000_task_report_renders_and_holds_every_row(cast, today):
    Task.objects.bulk_create(
        [
            Task(
                title=f"Nhiệm vụ số {i}",
                lead_unit=cast.unit_a,
                deadline=TODAY - (i % 40) * DAY,
                original_deadline=TODAY - (i % 40) * DAY,
            )
            for i in range(2000)
        ]
    )
    report = reports.unit_report(unit=cast.unit_a, period=YEAR, ctx=StatusContext.for_today())
    document = docx.Document(io.BytesIO(unit_report_docx(report, today=TODAY)))
    appendix = document.tables[-1]
    assert len(appendix.rows) - 1 == 2000
    assert appendix.rows[2000].cells[0].text == "2000"
    rows = reports.organisation_summary(period=YEAR, ctx=StatusContext.for_today())
    ranking = docx.Document(io.BytesIO(summary_docx(rows, period=YEAR, today=TODAY)))
    names = [r.cells[1].text for r in ranking.tables[1].rows[1:]]
    assert cast.unit_a.name in names


def _edited_template(kind: str, old: str, new: str) -> bytes:
    document = docx.Document(str(SHIPPED / f"{kind}.docx"))
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            if old in run.text:
                run.text = run.text.replace(old, new)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_admin_uploads_a_template_and_the_next_report_follows_it_then_goes_back(client, cast, overdue, today):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("quantri", "qt@example.vn", "pass-1234")
    client.force_login(admin)
    data = _edited_template("unit_report", "I. KẾT QUẢ CHUNG", "I. KẾT QUẢ CHUNG CỦA ĐƠN VỊ (mẫu riêng)")
    response = client.post(
        reverse("admin:tasks_documenttemplate_add"),
        {
            "kind": "unit_report",
            "file": SimpleUploadedFile("mau.docx", data),
            "note": "mẫu của văn phòng",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    report = reports.unit_report(unit=cast.unit_a, period=YEAR, ctx=StatusContext.for_today())
    assert "KẾT QUẢ CHUNG CỦA ĐƠN VỊ (mẫu riêng)" in _text(unit_report_docx(report, today=TODAY))
    row = DocumentTemplate.objects.get()
    preview = client.post(
        reverse("admin:tasks_documenttemplate_changelist"),
        {"action": "preview", "_selected_action": [row.pk]},
    )
    assert preview.status_code == 200 and "mẫu riêng" in _text(preview.content)
    client.post(
        reverse("admin:tasks_documenttemplate_changelist"),
        {"action": "back_to_shipped", "_selected_action": [row.pk]},
    )
    assert "mẫu riêng" not in _text(unit_report_docx(report, today=TODAY))


def test_a_broken_template_is_refused_with_a_message(client, cast):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("quantri", "qt@example.vn", "pass-1234")
    client.force_login(admin)
    data = _edited_template("ranking", "Trên đây là báo cáo", "{% for x in %} Trên đây là báo cáo")
    response = client.post(
        reverse("admin:tasks_documenttemplate_add"),
        {"kind": "ranking", "file": SimpleUploadedFile("hong.docx", data), "is_active": "on"},
    )
    assert response.status_code == 200 and "Mẫu không dùng được" in response.content.decode()
    assert not DocumentTemplate.objects.exists()


# --- the đôn đốc letter -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role,status",
    [("office", 200), ("chairman", 200), ("head_a", 403), ("specialist_a", 403), ("nobody", 403)],
)
def test_who_may_compose_letters(client, cast, role, status):
    client.force_login(getattr(cast, role))
    assert client.get(reverse("documents:compose")).status_code == status
    assert client.get(reverse("documents:explanation_compose")).status_code == status


def test_one_letter_to_every_unit_concerned(client, cast, overdue, today):
    a1, a2, b1 = overdue
    client.force_login(cast.office)
    page = client.get(reverse("documents:compose"))
    assert page.context["selected"] == {a1.pk, a2.pk}  # overdue ones preselected
    response = client.post(
        reverse("documents:compose"),
        {"task": [a1.pk, a2.pk, b1.pk], "one_per_unit": "0", "reply_by": "30/06/2026"},
    )
    letter = OfficeLetter.objects.get()
    assert response.status_code == 302 and response["Location"] == letter.get_absolute_url()
    text = _text(
        b"".join(client.get(reverse("documents:download", args=[letter.pk, "docx"])).streaming_content)
    )
    assert "Kính gửi" in text and "Phòng Nội vụ" in text and "Phòng Tư pháp" in text
    assert (
        "Rà soát thủ tục hành chính" in text
        and "Đang chờ số liệu của các xã" in text
        and "30/06/2026" in text
    )
    assert "V/v đôn đốc thực hiện nhiệm vụ được giao" in text
    assert set(letter.tasks.values_list("pk", flat=True)) == {a1.pk, a2.pk, b1.pk}
    assert TaskEvent.objects.filter(kind=TaskEvent.Kind.LETTER).count() == 3
    history = client.get(a1.get_absolute_url()).content.decode()
    assert "Đôn đốc thực hiện nhiệm vụ được giao" in history


def test_one_letter_per_unit_and_attached_to_the_directive(client, cast, overdue, today):
    a1, a2, b1 = overdue
    client.force_login(cast.office)
    client.post(
        reverse("documents:compose"),
        {"task": [a1.pk, a2.pk, b1.pk], "one_per_unit": "1", "directive": a1.directive_id},
    )
    letters = OfficeLetter.objects.order_by("pk")
    assert [(letter.unit, letter.tasks.count()) for letter in letters] == [(cast.unit_a, 2), (cast.unit_b, 1)]
    assert all(letter.directive_id == a1.directive_id for letter in letters)
    assert "Phòng Tư pháp" not in _text(letters[0].docx.read())


def test_a_letter_needs_tasks_and_a_future_reply_date(client, cast, overdue, today):
    client.force_login(cast.office)
    response = client.post(reverse("documents:compose"), {"one_per_unit": "0"})
    assert response.status_code == 400 and "Chọn ít nhất một nhiệm vụ" in response.content.decode()
    response = client.post(
        reverse("documents:compose"), {"task": [overdue[0].pk], "one_per_unit": "0", "reply_by": "01/01/2026"}
    )
    assert response.status_code == 400 and "Hạn báo cáo phải sau ngày hôm nay" in response.content.decode()
    assert not OfficeLetter.objects.exists()


# --- yêu cầu giải trình ---------------------------------------------------------------------------


def test_explanation_request_reply_and_report(client, cast, overdue, today):
    client.force_login(cast.office)
    page = client.get(reverse("documents:explanation_compose"), {"threshold": 10})
    assert [r["unit"] for r in page.context["rows"]] == [cast.unit_a]  # B has nothing 10+ days late
    client.post(
        reverse("documents:explanation_compose"),
        {"unit": cast.unit_a.pk, "threshold": 10, "reply_by": "25/06/2026"},
    )
    letter = OfficeLetter.objects.get(kind=OfficeLetter.Kind.EXPLANATION)
    text = _text(letter.docx.read())
    assert "Thủ trưởng Phòng Nội vụ" in text and "25/06/2026" in text and "Rà soát thủ tục hành chính" in text
    # the head of another unit can neither see nor answer it
    client.force_login(cast.head_b)
    assert client.get(letter.get_absolute_url()).status_code == 404
    assert client.post(reverse("documents:reply", args=[letter.pk]), {"text": "x"}).status_code == 404
    client.force_login(cast.specialist_a)  # a specialist of unit A sees it but cannot answer for the head
    assert client.post(reverse("documents:reply", args=[letter.pk]), {"text": "x"}).status_code == 403
    client.force_login(cast.head_a)
    response = client.post(
        reverse("documents:reply", args=[letter.pk]),
        {
            "text": "Do chờ số liệu của các xã; cam kết hoàn thành trước 30/06.",
            "file": SimpleUploadedFile("gt.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    reply = ExplanationReply.objects.get()
    assert reply.submitted_by == cast.head_a and reply.file
    assert (
        TaskEvent.objects.filter(kind=TaskEvent.Kind.EXPLANATION, note__startswith="Do chờ số liệu").count()
        == 2
    )
    report = reports.unit_report(unit=cast.unit_a, period=YEAR, ctx=StatusContext.for_today())
    assert "cam kết hoàn thành trước 30/06" in _text(unit_report_docx(report, today=TODAY))


def test_explanation_for_a_unit_without_long_overdue_work_is_refused(client, cast, overdue, today):
    client.force_login(cast.office)
    client.post(
        reverse("documents:explanation_compose"),
        {"unit": cast.unit_b.pk, "threshold": 10, "reply_by": "25/06/2026"},
    )
    assert not OfficeLetter.objects.exists()


@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed; CI installs it"
)
def test_letter_pdf_in_the_worker(client, cast, overdue, today):
    client.force_login(cast.office)
    client.post(reverse("documents:compose"), {"task": [overdue[0].pk], "one_per_unit": "0"})
    letter = OfficeLetter.objects.get()
    assert jobs.letter_pdf(letter.pk) == "done"
    assert jobs.letter_pdf(letter.pk) == "done already"
    letter.refresh_from_db()
    assert letter.pdf.read()[:5] == b"%PDF-"
    response = client.get(reverse("documents:download", args=[letter.pk, "pdf"]))
    assert response.status_code == 200
