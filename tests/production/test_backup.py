"""manage.py backup / restore: one archive, restored into an empty database, same data and files."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import tarfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection

from config.backup import database_has_data, read_manifest
from directives.models import Directive
from tasks.models import Evidence, ProgressUpdate, Task, TaskEvent
from tasks.services import task_create, task_progress_record
from tests.factories import DirectiveFactory

PDF = b"%PDF-1.4\n% bao cao ket qua\n"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VAR_DIR = tmp_path
    return settings.MEDIA_ROOT


@pytest.fixture
def district(cast, media):
    directive = DirectiveFactory(
        source_file=SimpleUploadedFile("ke-hoach-12.docx", b"PK\x03\x04 ke hoach 12"),
    )
    task = task_create(
        actor=cast.office,
        title="Rà soát thủ tục hành chính",
        lead_unit=cast.unit_a,
        directive=directive,
        cooperating_units=[cast.unit_b],
        deadline=dt.date(2026, 12, 31),
    )
    task_progress_record(
        task=task,
        actor=cast.head_a,
        unit=cast.unit_a,
        note="Đã rà soát 40 thủ tục",
        percent=40,
        files=[SimpleUploadedFile("bao-cao.pdf", PDF, content_type="application/pdf")],
    )
    return task


def snapshot() -> dict:
    """What a user would check after a restore, independent of ids being kept."""
    return {
        "directives": sorted(Directive.objects.values_list("number", "symbol", "source_file")),
        "tasks": sorted(Task.objects.values_list("pk", "title", "lead_unit__name", "progress", "deadline")),
        "cooperating": sorted(Task.cooperating_units.through.objects.values_list("task_id", "unit__name")),
        "history": sorted(
            TaskEvent.objects.values_list("task_id", "kind", "old_value", "new_value", "actor__username")
        ),
        "updates": sorted(
            ProgressUpdate.objects.values_list("task_id", "note", "percent", "author__username")
        ),
        "evidence": sorted(Evidence.objects.values_list("original_name", "file", "size")),
    }


def file_bytes(media) -> dict[str, bytes]:
    return {p.relative_to(media).as_posix(): p.read_bytes() for p in media.rglob("*") if p.is_file()}


def empty_everything(media) -> None:
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(media)
    assert not database_has_data()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("fmt", ["auto", "json"])
def test_restore_into_an_empty_database_brings_back_data_and_files(district, media, tmp_path, fmt):
    before, files_before = snapshot(), file_bytes(media)
    assert len(files_before) == 2 and before["evidence"] and before["history"]
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=archive, format=fmt, stdout=io.StringIO())

    manifest = read_manifest(archive)
    expected_method = (
        {"postgresql": "pg_dump", "sqlite": "sqlite"}[connection.vendor] if fmt == "auto" else "json"
    )
    assert manifest["method"] == expected_method
    assert manifest["counts"]["tasks.Task"] == 1
    assert set(manifest["files"]) == set(files_before)

    empty_everything(media)
    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)
    assert "Restored" in out.getvalue()
    assert snapshot() == before
    assert file_bytes(media) == files_before
    evidence = Evidence.objects.get()
    with evidence.file.open("rb") as handle:
        assert handle.read() == PDF


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_that_holds_data(district, media, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=archive, stdout=io.StringIO())
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive))


@pytest.mark.django_db(transaction=True)
def test_a_tampered_file_is_detected(district, media, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=archive, format="json", stdout=io.StringIO())
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(tampered, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name.startswith("media/evidence/"):
                data = b"%PDF-1.4 forged"
                member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    empty_everything(media)
    with pytest.raises(CommandError, match="checksum"):
        call_command("restore", str(tampered))


def test_archive_paths_cannot_escape_media_root(db, media, tmp_path):
    evil = tmp_path / "evil.tar.gz"
    manifest = json.dumps(
        {"format": 1, "method": "json", "database_file": "database/data.json", "counts": {}, "files": {}}
    )
    with tarfile.open(evil, "w:gz") as archive:
        for name, data in (("manifest.json", manifest.encode()), ("media/../../etc/x", b"x")):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    with pytest.raises(CommandError, match="unsafe path"):
        call_command("restore", str(evil))
