"""POST /api/v1/van-ban-den/: e-office systems push documents with a per-system token; the
document becomes an intake draft on channel "api" in the office's queue. Also the token
services and the admin that shows a new token once."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from directives import api
from directives.arrival.clients import (
    api_client_authenticate,
    api_client_create,
    api_client_revoke,
    token_hash,
)
from directives.models import ApiClient, Directive, DirectiveAttachment, IntakeDraft
from tests.directives.builders import numbered_docx
from tests.directives.test_edxml import DOCX_TYPE, package

URL = "/api/v1/van-ban-den/"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def sync_q(monkeypatch):
    from django_q.conf import Conf

    monkeypatch.setattr(Conf, "SYNC", True)


@pytest.fixture
def connector(cast):
    client, token = api_client_create(name="Hệ thống QLVB tỉnh", user=cast.office)
    return client, token


@pytest.fixture
def http():
    return Client(enforce_csrf_checks=True)  # the token, not a session, authenticates this view


def post(http, token, data=b"", name="goi.edxml", **extra):
    payload = {"file": SimpleUploadedFile(name, data)} if name is not None else {}
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token is not None else {}
    return http.post(URL, payload, **headers, **extra)


# --------------------------------------------------------------------------- authentication


def test_token_is_stored_hashed_and_shown_once(connector):
    client, token = connector
    assert token.startswith("dd_") and len(token) > 40
    stored = ApiClient.objects.get(pk=client.pk)
    assert stored.token_hash == token_hash(token) and token not in (stored.token_hash, stored.token_prefix)
    assert api_client_authenticate(token=token) == client
    assert api_client_authenticate(token=token + "x") is None


@pytest.mark.django_db
@pytest.mark.parametrize("token", [None, "", "dd_wrong", "not-even-ours"])
def test_401_without_or_with_a_bad_token(http, cast, token):
    response = post(http, token, package())
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["error"] == "unauthorized"
    assert not IntakeDraft.objects.exists()


def test_401_with_a_revoked_token(http, connector):
    client, token = connector
    api_client_revoke(client=client)
    assert post(http, token, package()).status_code == 401
    assert ApiClient.objects.get(pk=client.pk).revoked_at is not None


def test_only_post(http, connector):
    response = http.get(URL, HTTP_AUTHORIZATION=f"Bearer {connector[1]}")
    assert response.status_code == 405 and response["Allow"] == "POST"


# --------------------------------------------------------------------------- accepting documents


def test_edxml_becomes_a_draft_in_the_office_queue(http, connector, cast, django_capture_on_commit_callbacks):
    client, token = connector
    with django_capture_on_commit_callbacks(execute=False):
        response = post(http, token, package())
    assert response.status_code == 201
    body = response.json()
    draft = IntakeDraft.objects.get()
    assert set(body) == {"id", "status", "review_url"}
    assert body["id"] == str(draft.pk) and body["status"] == "queued"
    assert body["review_url"] == f"http://testserver{reverse('directives:review', args=[draft.pk])}"
    assert (draft.channel, draft.api_client, draft.created_by) == ("api", client, cast.office)
    assert draft.source_kind == "edxml"
    client.refresh_from_db()
    assert client.last_used_at is not None
    http.force_login(cast.office)
    queue = http.get(reverse("directives:intake_queue"))
    assert queue.status_code == 200 and "goi.edxml" in queue.content.decode()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("van-ban.pdf", b"%PDF-1.4\n%fake but a PDF by its magic\n"),
        ("van-ban.docx", numbered_docx()),
        ("van-ban.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100),
        ("van-ban.rtf", b"{\\rtf1 ...}"),
    ],
)
def test_pdf_and_word_are_accepted(http, connector, name, data):
    response = post(http, connector[1], data, name=name)
    assert response.status_code == 201, response.content
    assert IntakeDraft.objects.get().source_name == name


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        (None, b"", "no_file"),
        ("rong.pdf", b"", "empty"),
        ("ghi-chu.txt", "Số: 1/UBND".encode(), "unsupported"),
        ("bang.xlsx", b"PK\x03\x04not a word file", "unsupported"),
        ("anh.png", b"\x89PNG\r\n\x1a\n", "unsupported"),
    ],
)
def test_400_for_anything_else(http, connector, name, data, code):
    response = post(http, connector[1], data, name=name)
    assert response.status_code == 400
    assert response.json()["error"] == code and response.json()["message"]
    assert not IntakeDraft.objects.exists()


def test_413_over_the_size_limit(http, connector, monkeypatch):
    monkeypatch.setattr(api, "MAX_FILE_BYTES", 1000)
    response = post(http, connector[1], b"%PDF-1.4" + b"0" * 5000, name="lon.pdf")
    assert response.status_code == 413 and response.json()["error"] == "too_large"
    monkeypatch.setattr(api, "MAX_BODY_BYTES", 2000)
    assert post(http, connector[1], b"%PDF-1.4" + b"0" * 5000, name="lon.pdf").status_code == 413
    assert not IntakeDraft.objects.exists()


# --------------------------------------------------------------------------- through the worker


def test_pushed_package_is_read_with_its_envelope_and_confirmed_with_its_attachments(
    http, connector, cast, sync_q, django_capture_on_commit_callbacks
):
    from directives.intake import intake_confirm

    data = package(
        attachments=[
            ("56-KH-UBND.docx", DOCX_TYPE, numbered_docx()),
            ("phu-luc.pdf", "application/pdf", b"%PDF-1.4 phu luc"),
        ],
        issued_on=dt.date(2025, 4, 15),  # the text says 14/4: the envelope wins, the difference is listed
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = post(http, connector[1], data)
    draft = IntakeDraft.objects.get(pk=response.json()["id"])
    assert draft.status == "ready", draft.error_message
    meta = draft.data["meta"]
    assert meta["issued_on"] == "2025-04-15" and meta["issuer_code"] == "000.00.31.H55"
    assert meta["package_id"] == "d7f5c0de-0001" and meta["urgency"] == "thuong_khan"
    assert {"field": "issued_on", "envelope": "2025-04-15", "text": "2025-04-14"} in draft.data[
        "disagreements"
    ]
    assert [a["name"] for a in draft.data["attachments"]] == ["56-KH-UBND.docx", "phu-luc.pdf"]
    assert draft.data["rows"]  # the Word file inside was parsed
    http.force_login(cast.office)
    page = http.get(reverse("directives:review", args=[draft.pk])).content.decode()
    assert "Phong bì edXML ghi khác" in page and "15/04/2025" in page and "14/04/2025" in page
    assert "phu-luc.pdf" in page
    directive, created = intake_confirm(draft=draft, actor=cast.office)
    assert created and directive.package_id == "d7f5c0de-0001" and directive.issuer_code == "000.00.31.H55"
    names = sorted(DirectiveAttachment.objects.filter(directive=directive).values_list("name", flat=True))
    assert names == ["56-KH-UBND.docx", "phu-luc.pdf"]
    # the same package pushed again is flagged on the draft
    with django_capture_on_commit_callbacks(execute=True):
        again = post(http, connector[1], data)
    second = IntakeDraft.objects.get(pk=again.json()["id"])
    assert any("đã có" in w for w in second.data["warnings"]), second.data["warnings"]
    assert Directive.objects.count() == 1


def test_a_hostile_package_ends_as_a_failed_draft_with_a_message(
    http, connector, sync_q, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(http, connector[1], package(attachments=[]))
    draft = IntakeDraft.objects.get(pk=response.json()["id"])
    assert draft.status == "failed" and "không có tệp văn bản" in draft.error_message


# --------------------------------------------------------------------------- admin


def test_admin_shows_a_new_token_once_and_revokes(client, cast):
    client.force_login(cast.admin)
    response = client.post(
        reverse("admin:directives_apiclient_add"), {"name": "QLVB huyện", "is_active": "on"}, follow=True
    )
    assert response.status_code == 200
    shown = [str(m) for m in response.context["messages"]]
    token = next(word for m in shown for word in m.split() if word.startswith("dd_"))
    obj = ApiClient.objects.get(name="QLVB huyện")
    assert api_client_authenticate(token=token) == obj
    page = client.get(reverse("admin:directives_apiclient_change", args=[obj.pk])).content.decode()
    assert token not in page
    client.post(
        reverse("admin:directives_apiclient_changelist"),
        {"action": "revoke", "_selected_action": [obj.pk]},
    )
    assert api_client_authenticate(token=token) is None


@pytest.mark.parametrize("role", ["office", "chairman", "head_a", "nobody"])
def test_admin_is_for_superusers_only(client, cast, role):
    client.force_login(cast.users()[role])
    response = client.get(reverse("admin:directives_apiclient_changelist"))
    assert response.status_code == 302  # to the admin login: not staff


def test_response_is_json(http, connector):
    response = post(http, connector[1], package())
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content)["status"] == "queued"
