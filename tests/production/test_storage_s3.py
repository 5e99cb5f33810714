"""Files on S3-compatible object storage (django-storages) when STORAGE_S3_BUCKET is set,
against a local moto server (no network): an evidence file uploaded through one app server
is downloaded through another, and nothing lands on the local disk."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tasks.models import Evidence

boto3 = pytest.importorskip("boto3")
pytest.importorskip("moto")
pytest.importorskip("storages")

PDF = b"%PDF-1.4\n%evidence on object storage\n"
BUCKET = "dondoc-test"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=_free_port(), verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3_settings(settings, s3_endpoint, tmp_path):
    """The settings config/settings.py builds from STORAGE_S3_* (checked below), on moto."""
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        aws_access_key_id="test",
        aws_secret_access_key="test",
        region_name="us-east-1",
    )
    client.create_bucket(Bucket=BUCKET)
    settings.MEDIA_ROOT = tmp_path / "media-must-stay-empty"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": settings_with_env(
            STORAGE_S3_BUCKET=BUCKET,
            STORAGE_S3_ENDPOINT_URL=s3_endpoint,
            STORAGE_S3_ACCESS_KEY="test",
            STORAGE_S3_SECRET_KEY="test",
            STORAGE_S3_REGION="us-east-1",
        )["default"],
    }
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def settings_with_env(*, expr: str = "settings.STORAGES", **env: str):
    """``expr`` evaluated on the settings config/settings.py builds under these variables."""
    code = f"import django, json; django.setup(); from django.conf import settings; print(json.dumps({expr}))"
    clean = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "CACHE_URL", "STORAGE_S3_BUCKET"}}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_settings_choose_object_storage_only_when_a_bucket_is_set():
    assert settings_with_env()["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    s3 = settings_with_env(STORAGE_S3_BUCKET="b", STORAGE_S3_ENDPOINT_URL="http://127.0.0.1:9")["default"]
    assert s3["BACKEND"] == "storages.backends.s3.S3Storage"
    assert s3["OPTIONS"]["bucket_name"] == "b" and s3["OPTIONS"]["endpoint_url"] == "http://127.0.0.1:9"
    assert s3["OPTIONS"]["default_acl"] is None  # private objects


@pytest.mark.django_db
def test_evidence_uploaded_through_one_server_downloads_through_another(cast, task_a, s3_settings, settings):
    server_a, server_b = Client(), Client()
    server_a.force_login(cast.head_a)
    response = server_a.post(
        reverse("tasks:progress", args=[task_a.pk]),
        {
            "p-version": task_a.version,
            "p-percent": 40,
            "p-note": "Kèm biên bản",
            "p-files": [SimpleUploadedFile("bien-ban.pdf", PDF, content_type="application/pdf")],
        },
    )
    assert response.status_code == 302, response.content[:500]
    evidence = Evidence.objects.get()
    keys = [item["Key"] for item in s3_settings.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert keys == [evidence.file.name]
    assert s3_settings.get_object(Bucket=BUCKET, Key=keys[0])["Body"].read() == PDF
    assert not Path(settings.MEDIA_ROOT).exists()  # nothing on this server's disk

    server_b.force_login(cast.chairman)
    download = server_b.get(reverse("tasks:evidence", args=[evidence.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF

    outsider = Client()
    outsider.force_login(cast.nobody)
    assert outsider.get(reverse("tasks:evidence", args=[evidence.pk])).status_code in (403, 404)


@pytest.mark.django_db
def test_directive_source_files_go_to_object_storage(cast, s3_settings):
    from django.core.files.storage import default_storage

    name = default_storage.save(
        "directives/2026/12/van-ban.docx", SimpleUploadedFile("van-ban.docx", b"PK\x03\x04")
    )
    assert [o["Key"] for o in s3_settings.list_objects_v2(Bucket=BUCKET)["Contents"]] == [name]
    with default_storage.open(name, "rb") as handle:
        assert handle.read() == b"PK\x03\x04"
