"""Directive pages through HTTP: list, search and detail (the intake: test_intake_flow.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from directives.intake import intake_confirm, intake_process, intake_submit
from directives.models import Directive
from tasks.models import Task
from tests.directives.builders import CONG_VAN
from tests.factories import DirectiveFactory, TaskFactory
from units.models import Unit, UnitGroup


@pytest.fixture
def groups(cast):
    UnitGroup.objects.create(name="UBND các xã, thị trấn", kinds=[Unit.Kind.COMMUNE])


def _imported(cast, text=CONG_VAN) -> Directive:
    """A directive created the way the intake creates it (read in the job, then confirmed)."""
    draft = intake_submit(actor=cast.office, data=None, text=text)
    intake_process(draft.pk)
    draft.refresh_from_db()
    directive, _created = intake_confirm(draft=draft, actor=cast.office)
    return directive


def test_anonymous_is_sent_to_login(client, db):
    assert client.get(reverse("directives:list")).status_code == 302


def test_detail_shows_clauses_tasks_and_cited_documents(client, cast, groups):
    cited = DirectiveFactory(number="88", symbol="KH-UBND", issued_on=dt.date(2025, 2, 20))
    directive = _imported(cast)
    client.force_login(cast.office)
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


@pytest.mark.parametrize("query", ["ke hoach", "KẾ HOẠCH", "kế hoạch", "Ke Hoach chuyen doi"])
def test_search_ignores_accents_and_case(client, cast, query):
    DirectiveFactory(number="12", symbol="UBND-VP", subject="Kế hoạch chuyển đổi số năm 2026")
    DirectiveFactory(number="13", symbol="UBND-VP", subject="Công văn về phòng cháy")
    client.force_login(cast.office)
    page = client.get(reverse("directives:list"), {"q": query}).content.decode()
    assert "chuyển đổi số" in page and "phòng cháy" not in page


def test_subject_in_capitals_is_shown_in_sentence_case_without_ve_viec(client, cast):
    directive = DirectiveFactory(subject="VỀ VIỆC TRIỂN KHAI KẾ HOẠCH PHÒNG CHỐNG THIÊN TAI")
    DirectiveFactory(subject="V/v tăng cường chuyển đổi số")
    client.force_login(cast.office)
    page = client.get(reverse("directives:list")).content.decode()
    assert "Triển khai kế hoạch phòng chống thiên tai" in page and "VỀ VIỆC" not in page
    assert "Tăng cường chuyển đổi số" in page
    directive.refresh_from_db()
    assert directive.subject == "VỀ VIỆC TRIỂN KHAI KẾ HOẠCH PHÒNG CHỐNG THIÊN TAI"  # the original is kept
    assert directive.subject in client.get(directive.get_absolute_url()).content.decode()


def test_list_pages_are_linked_in_vietnamese_and_english(client, cast):
    """django-tables2 ships no Vietnamese: its "previous"/"next" links are ours (tables/table.html)."""
    for n in range(30):
        DirectiveFactory(number=str(100 + n))
    client.force_login(cast.office)
    html = client.get(reverse("directives:list"), {"page": 2}).content.decode()
    assert 'aria-label="Phân trang"' in html and "Trang trước" in html
    assert "</span> previous" not in html
    first = client.get(reverse("directives:list")).content.decode()
    assert "Trang sau" in first and "next <span" not in first
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = client.get(reverse("directives:list")).content.decode()
    assert 'aria-label="Pagination"' in english and "Next page <span" in english
