"""The task page reads the task without the directive's whole text and the search columns,
and never goes back for them (a deferred field read later would be one query more)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directives.models import Directive
from tests.factories import DirectiveFactory


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["chairman", "head_a", "office"])
def test_task_page_shows_the_directive_without_reading_its_full_text(client, cast, task_a, who):
    directive = DirectiveFactory(
        origin=Directive.Origin.HIGHER,
        issuer="UBND tỉnh Quảng Ngãi",
        signer="Nguyễn Văn Tỉnh",
        subject="Kế hoạch cải cách hành chính năm 2026",
        full_text="Điều 1. " + "Nội dung văn bản rất dài. " * 4000,
        instruction="Giao Văn phòng theo dõi",
    )
    task_a.directive = directive
    task_a.save()
    client.force_login(getattr(cast, who))
    with CaptureQueriesContext(connection) as captured:
        body = client.get(task_a.get_absolute_url()).content.decode()
    assert directive.reference_code in body
    assert "Kế hoạch cải cách hành chính năm 2026" in body
    assert "UBND tỉnh Quảng Ngãi" in body and "Nguyễn Văn Tỉnh" in body
    sql = " ".join(q["sql"] for q in captured.captured_queries)
    assert "full_text" not in sql and "search_text" not in sql and "subject_folded" not in sql
