"""Directive pages through HTTP: role × action, the intake flow, list and detail."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from directives.models import Directive
from tasks.models import Task
from tests.directives.builders import CONG_VAN, numbered_docx
from tests.factories import DirectiveFactory, TaskFactory
from units.models import Unit, UnitGroup

ALLOWED = {"office", "admin"}


@pytest.fixture
def groups(cast):
    UnitGroup.objects.create(name="UBND các xã, thị trấn", kinds=[Unit.Kind.COMMUNE])


def _review(client, text=CONG_VAN):
    return client.post(reverse("directives:intake"), {"text": text})


def _confirm_data(response, **overrides):
    """The review form as the browser would post it back, with the initial values."""
    formset = response.context["formset"]
    meta = response.context["meta_form"]
    data = {"token": response.context["token"]}
    for key, value in formset.management_form.initial.items():
        data[f"tasks-{key}"] = value
    for field in meta:
        value = meta.initial.get(field.name)
        if value is None:
            continue
        data[field.html_name] = value.strftime("%d/%m/%Y") if isinstance(value, dt.date) else value
    for form in formset.forms:
        for name, value in form.initial.items():
            key = f"{form.prefix}-{name}"
            if isinstance(value, list):
                data[key] = value
            elif isinstance(value, bool):
                if value:
                    data[key] = "on"
            elif isinstance(value, dt.date):
                data[key] = value.strftime("%d/%m/%Y")
            elif value is not None:
                data[key] = value
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    "role", ["office", "admin", "chairman", "vice", "head_a", "deputy_a", "specialist_a", "head_b", "nobody"]
)
def test_intake_role_matrix(client, cast, role):
    client.force_login(cast.users()[role])
    get = client.get(reverse("directives:intake"))
    post = client.post(reverse("directives:intake_confirm"), {"token": "x"})
    if role in ALLOWED:
        assert get.status_code == 200
        assert post.status_code == 400  # allowed, but the token is bad
    else:
        assert get.status_code == 403 and post.status_code == 403
    assert Directive.objects.count() == 0


def test_anonymous_is_sent_to_login(client, db):
    assert client.get(reverse("directives:intake")).status_code == 302
    assert client.get(reverse("directives:list")).status_code == 302


def test_paste_review_confirm_creates_directive_and_tasks(client, cast, groups):
    client.force_login(cast.office)
    review = _review(client)
    assert review.status_code == 200
    assert "Rà soát" in review.content.decode()
    assert review.context["meta_form"].initial["number"] == "0417"
    assert Directive.objects.count() == 0  # nothing saved before confirmation
    response = client.post(reverse("directives:intake_confirm"), _confirm_data(review))
    directive = Directive.objects.get()
    assert response.status_code == 302 and response.url == directive.get_absolute_url()
    assert directive.created_by == cast.office and directive.source_file
    assert directive.tasks.filter(lead_unit=cast.office_unit).count() == 2
    assert directive.tasks.filter(lead_unit=cast.commune).exists()


def test_reviewer_edits_are_applied(client, cast, groups):
    client.force_login(cast.office)
    review = _review(client)
    data = _confirm_data(review)
    data["meta-subject"] = "Trích yếu đã sửa"
    for i in range(int(data["tasks-TOTAL_FORMS"])):
        data.pop(f"tasks-{i}-include", None)
    data["tasks-0-include"] = "on"
    data["tasks-0-title"] = "Rà soát hồ sơ (đã sửa)"
    data["tasks-0-lead_units"] = [cast.unit_b.pk]
    data["tasks-0-deadline"] = "15/06/2025"
    client.post(reverse("directives:intake_confirm"), data)
    directive = Directive.objects.get()
    assert directive.subject == "Trích yếu đã sửa"
    task = directive.tasks.get()
    assert (task.title, task.lead_unit, task.deadline) == (
        "Rà soát hồ sơ (đã sửa)",
        cast.unit_b,
        dt.date(2025, 6, 15),
    )


def test_included_task_without_lead_unit_is_a_form_error(client, cast, groups):
    client.force_login(cast.office)
    review = _review(client)
    data = _confirm_data(review, **{"tasks-0-include": "on", "tasks-0-lead_units": []})
    response = client.post(reverse("directives:intake_confirm"), data)
    assert response.status_code == 400
    assert "Chọn ít nhất một đơn vị chủ trì" in response.content.decode()
    assert Directive.objects.count() == 0


def test_duplicate_warning_and_explicit_confirmation(client, cast, groups):
    DirectiveFactory(
        number="0417", symbol="UBND-VP", issuer="UBND huyện Trà Bồng", issued_on=dt.date(2025, 5, 9)
    )
    client.force_login(cast.office)
    review = _review(client)
    assert review.context["duplicates"]
    assert "Đã có văn bản cùng số" in review.content.decode()
    response = client.post(reverse("directives:intake_confirm"), _confirm_data(review))
    assert response.status_code == 400 and Directive.objects.count() == 1
    response = client.post(
        reverse("directives:intake_confirm"), _confirm_data(review, **{"meta-confirm_duplicate": "on"})
    )
    assert response.status_code == 302 and Directive.objects.count() == 2


def test_upload_docx(client, cast):
    client.force_login(cast.office)
    upload = SimpleUploadedFile("kh.docx", numbered_docx(), content_type="application/octet-stream")
    response = client.post(reverse("directives:intake"), {"file": upload})
    assert response.status_code == 200
    assert response.context["meta_form"].initial["symbol"] == "KH-UBND"


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (b"", "rỗng"),
        (b"khong phai docx", "Word"),
        (b"%PDF-1.4\nrac", "PDF"),
    ],
)
def test_bad_uploads_get_a_vietnamese_message_and_nothing_is_saved(client, cast, payload, message):
    client.force_login(cast.office)
    name = "x.pdf" if payload.startswith(b"%PDF") else "x.docx"
    response = client.post(reverse("directives:intake"), {"file": SimpleUploadedFile(name, payload)})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Directive.objects.count() == 0


def test_neither_file_nor_text(client, cast):
    client.force_login(cast.office)
    response = client.post(reverse("directives:intake"), {})
    assert response.status_code == 400 and "Vui lòng chọn tệp" in response.content.decode()


def test_tampered_token_is_refused(client, cast):
    client.force_login(cast.office)
    review = _review(client)
    data = _confirm_data(review)
    data["token"] = data["token"][:-3] + "abc"
    assert client.post(reverse("directives:intake_confirm"), data).status_code == 400


def test_detail_shows_clauses_tasks_and_cited_documents(client, cast, groups):
    cited = DirectiveFactory(number="88", symbol="KH-UBND", issued_on=dt.date(2025, 2, 20))
    client.force_login(cast.office)
    review = _review(client)
    client.post(reverse("directives:intake_confirm"), _confirm_data(review))
    directive = Directive.objects.exclude(pk=cited.pk).get()
    page = client.get(directive.get_absolute_url()).content.decode()
    assert "Rà soát, cập nhật dữ liệu hồ sơ" in page
    assert cited.get_absolute_url() in page  # the cited plan is in the system: linked
    task = directive.tasks.first()
    assert task.get_absolute_url() in page
    assert directive.get_absolute_url() in client.get(cited.get_absolute_url()).content.decode()  # cited by


def test_detail_hides_tasks_the_user_may_not_see(client, cast):
    directive = DirectiveFactory()
    TaskFactory(directive=directive, lead_unit=cast.unit_a, title="Việc của phòng Nội vụ")
    client.force_login(cast.head_b)
    assert "Việc của phòng Nội vụ" not in client.get(directive.get_absolute_url()).content.decode()
    client.force_login(cast.head_a)
    assert "Việc của phòng Nội vụ" in client.get(directive.get_absolute_url()).content.decode()


def test_detail_404(client, cast):
    client.force_login(cast.office)
    assert client.get(reverse("directives:detail", args=[999999])).status_code == 404


@pytest.mark.parametrize("rows", [3, 30])
def test_list_query_count(client, cast, django_assert_max_num_queries, rows):
    for i in range(rows):
        d = DirectiveFactory(
            number=str(100 + i), symbol="KH-UBND", issued_on=dt.date(2025, 1, 1) + dt.timedelta(days=i)
        )
        TaskFactory(directive=d, lead_unit=cast.unit_a)
    client.force_login(cast.head_a)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("directives:list"))
    assert response.status_code == 200
    assert response.content.decode().count("/van-ban/") >= min(rows, 25)


def test_list_filters_and_sorting(client, cast):
    DirectiveFactory(number="12", symbol="KH-UBND", subject="Kế hoạch chuyển đổi số", kind="ke_hoach")
    DirectiveFactory(number="13", symbol="UBND-VP", subject="Công văn về phòng cháy", kind="cong_van")
    client.force_login(cast.office)
    page = client.get(reverse("directives:list"), {"q": "chuyển đổi"}).content.decode()
    assert "chuyển đổi số" in page and "phòng cháy" not in page
    page = client.get(reverse("directives:list"), {"q": "13/UBND-VP"}).content.decode()
    assert "phòng cháy" in page and "chuyển đổi số" not in page
    page = client.get(reverse("directives:list"), {"kind": "ke_hoach"}).content.decode()
    assert "chuyển đổi số" in page and "phòng cháy" not in page
    for column in ("code", "kind", "issued_on", "issuer", "task_count", "-issued_on"):
        assert client.get(reverse("directives:list"), {"sort": column}).status_code == 200
    assert Task.objects.count() == 0
