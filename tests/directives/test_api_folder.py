"""manage.py watch_folder: files dropped into a folder become intake drafts on channel "folder"
and are moved out of the way (da-nhan/ or loi/ with the reason)."""

from __future__ import annotations

import io
import os
import time

import pytest
from django.core.management import CommandError, call_command

from directives.models import IntakeDraft
from tests.directives.builders import CONG_VAN, numbered_docx
from tests.directives.test_edxml import package


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _drop(folder, name, data, *, age=60):
    path = folder / name
    path.write_bytes(data)
    old = time.time() - age
    os.utime(path, (old, old))
    return path


def test_dropped_files_become_drafts_and_move(tmp_path, cast):
    inbox = tmp_path / "den"
    inbox.mkdir()
    _drop(inbox, "goi.edxml", package())
    _drop(inbox, "kh.docx", numbered_docx())
    _drop(inbox, "dang-chep.pdf", b"%PDF-1.4", age=0)  # still being copied: left for the next pass
    _drop(inbox, "anh.png", b"\x89PNG")  # not a document: ignored
    _drop(inbox, "rong.txt", b"")  # refused with the reason
    out = io.StringIO()
    call_command("watch_folder", str(inbox), "--user", "office", "--once", stdout=out, stderr=io.StringIO())
    drafts = IntakeDraft.objects.order_by("source_name")
    assert [(d.source_name, d.channel, d.created_by) for d in drafts] == [
        ("goi.edxml", "folder", cast.office),
        ("kh.docx", "folder", cast.office),
    ]
    assert sorted(p.name for p in (inbox / "da-nhan").iterdir()) == ["goi.edxml", "kh.docx"]
    assert (inbox / "loi" / "rong.txt.txt").read_text(encoding="utf-8").strip()
    assert sorted(p.name for p in inbox.iterdir() if p.is_file()) == ["anh.png", "dang-chep.pdf"]
    # a second pass submits nothing twice
    call_command(
        "watch_folder", str(inbox), "--user", "office", "--once", "--settle", "3600", stdout=io.StringIO()
    )
    assert IntakeDraft.objects.count() == 2


def test_same_name_twice_is_kept_twice(tmp_path, cast):
    inbox = tmp_path / "den"
    inbox.mkdir()
    for _ in range(2):
        _drop(inbox, "cv.txt", CONG_VAN.encode())
        call_command("watch_folder", str(inbox), "--user", "office", "--once", stdout=io.StringIO())
    assert sorted(p.name for p in (inbox / "da-nhan").iterdir()) == ["cv-2.txt", "cv.txt"]


@pytest.mark.django_db
def test_unknown_user_or_folder(tmp_path):
    with pytest.raises(CommandError):
        call_command("watch_folder", str(tmp_path / "khong-co"), "--user", "x", "--once")
    with pytest.raises(CommandError):
        call_command("watch_folder", str(tmp_path), "--user", "khong-co", "--once")
