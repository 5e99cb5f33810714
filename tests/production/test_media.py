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
