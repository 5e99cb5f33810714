"""Hostile uploads (issue 15.1/15.5): each gets its own Vietnamese message within a bounded
time, through the real job and the real sandboxed child process, and leaves nothing saved."""

from __future__ import annotations

import time

import pytest
from django.core.files.storage import default_storage

from directives.intake import intake_process, intake_submit
from directives.intake.sandbox import SandboxLimits, parse_in_sandbox
from directives.models import Clause, Directive, IntakeDraft
from tasks.models import Task
from tests.directives import hostile
from tests.directives.builders import CONG_VAN, KE_HOACH

BOUND_S = 45  # generous for a loaded 2-core CI machine; typically 1–6 s


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("nested_zip_bomb_docx", "thành phần giải nén quá lớn"),
        ("big_part_docx", "thành phần giải nén quá lớn"),
        ("text_13mb", "quá dài để đọc tự động"),
        ("line_200k", "một đoạn dài bất thường"),
        ("pdf_5000_pages", "Tệp PDF quá dài"),
    ],
)
def test_hostile_upload_gets_its_message_in_bounded_time_and_nothing_is_saved(cast, case, message):
    filename, build = hostile.CASES[case]
    draft = intake_submit(actor=cast.office, data=build(), filename=filename)
    stored = draft.source_file.name
    assert default_storage.exists(stored)
    started = time.monotonic()
    assert intake_process(draft.pk) == IntakeDraft.Status.FAILED
    assert time.monotonic() - started < BOUND_S
    draft.refresh_from_db()
    assert draft.status == "failed" and message in draft.error_message
    assert not draft.source_file and draft.data == {}
    assert not default_storage.exists(stored)
    assert Directive.objects.count() == Clause.objects.count() == Task.objects.count() == 0


def test_a_real_directive_passes_the_same_limits(cast):
    draft = intake_submit(actor=cast.office, data=KE_HOACH.encode(), filename="kh.txt")
    assert intake_process(draft.pk) == "ready"
    draft.refresh_from_db()
    stats = draft.data["stats"]
    assert stats["chars"] > 1000 and stats["longest_paragraph"] < 5000
    assert len(draft.data["text_excerpt"]) <= 20_000


def test_the_review_page_never_echoes_more_than_an_excerpt(client, cast):
    body = CONG_VAN + ("\n\n" + "Nội dung phụ lục dài. " * 40) * 150  # ~140,000 characters
    draft = intake_submit(actor=cast.office, data=body.encode(), filename="dai.txt")
    intake_process(draft.pk)
    draft.refresh_from_db()
    assert draft.status == "ready"
    assert len(draft.data["text_excerpt"]) == 20_000
    client.force_login(cast.office)
    page = client.get(draft.get_absolute_url(), follow=True).content.decode()
    assert len(page) < 120_000 + 20_000


def test_a_document_with_thousands_of_tasks_is_refused(cast):
    data = hostile.huge_text(1)[:400_000]  # ~4,500 one-line clauses, each a task
    draft = intake_submit(actor=cast.office, data=data, filename="nhieu.txt")
    assert intake_process(draft.pk) == "failed"
    draft.refresh_from_db()
    assert "quá nhiều mục hoặc nhiệm vụ" in draft.error_message and not draft.source_file


# --- the child process's own limits ---------------------------------------------------------


def test_cpu_limit_stops_a_long_parse():
    data = hostile.huge_text(1)  # 1 MB of clauses: legal, but takes more than a second to parse
    result = parse_in_sandbox(data, "a.txt", limits=SandboxLimits(cpu_seconds=1, wall_seconds=60))
    assert not result.ok and result.code == "timeout"
    assert "quá nhiều thời gian" in result.message


def test_wall_clock_timeout_kills_the_child():
    data = hostile.huge_text(1)
    started = time.monotonic()
    result = parse_in_sandbox(data, "a.txt", limits=SandboxLimits(cpu_seconds=60, wall_seconds=0.5))
    assert time.monotonic() - started < 10
    assert not result.ok and result.code == "timeout"


def test_memory_limit_fails_cleanly():
    result = parse_in_sandbox(
        CONG_VAN.encode(), "a.txt", limits=SandboxLimits(memory_bytes=40 * 1024 * 1024, wall_seconds=30)
    )
    assert not result.ok and result.code in {"memory", "crash"}
    assert result.message  # a Vietnamese sentence, never a traceback


def test_a_crash_in_the_job_leaves_a_failed_draft_not_a_stuck_one(cast, monkeypatch):
    from directives.intake import process

    def boom(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(process, "parse_in_sandbox", boom)
    draft = intake_submit(actor=cast.office, data=b"van ban", filename="a.txt")
    assert intake_process(draft.pk) == "failed"
    draft.refresh_from_db()
    assert draft.status == "failed" and "lỗi hệ thống" in draft.error_message
