"""Uploaded files are never served from a public media URL."""

from __future__ import annotations

import pytest


@pytest.fixture
def uploaded(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    for folder in ("evidence/2026/05", "directives/2026/05"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "bao-cao.pdf").write_bytes(b"%PDF-1.4 secret report")
    return tmp_path


@pytest.mark.parametrize("debug", [True, False])
@pytest.mark.parametrize("folder", ["evidence/2026/05", "directives/2026/05"])
def test_media_url_serves_nothing_in_any_configuration(client, cast, uploaded, settings, debug, folder):
    settings.DEBUG = debug
    for user in (None, cast.nobody, cast.admin):
        if user is not None:
            client.force_login(user)
        response = client.get(f"{settings.MEDIA_URL}{folder}/bao-cao.pdf")
        assert response.status_code == 404
        assert b"secret report" not in b"".join(getattr(response, "streaming_content", [response.content]))


def test_evidence_is_served_only_to_those_who_may_see_the_task(client, cast, task_a, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from tasks.models import Evidence
    from tasks.services import task_progress_record

    settings.MEDIA_ROOT = tmp_path
    task_progress_record(
        task=task_a,
        actor=cast.head_a,
        unit=cast.unit_a,
        note="Báo cáo",
        percent=10,
        files=[SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 secret report", content_type="application/pdf")],
    )
    evidence = Evidence.objects.get()
    url = reverse("tasks:evidence", args=[evidence.pk])

    response = client.get(url)
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]
    client.force_login(cast.nobody)
    assert client.get(url).status_code in (403, 404)
    client.force_login(cast.head_a)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 secret report"
    # The stored file is not reachable by its media path either.
    client.force_login(cast.nobody)
    assert client.get(settings.MEDIA_URL + evidence.file.name).status_code == 404
