"""Submitting a document and reading it: the request stores the file and queues a job; the job
reads it with limits (``sandbox``) and stores the draft's data. Nothing is parsed in a web
request."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from deadlines.workdays import get_calendar
from directives.intake.draft import build_data
from directives.intake.sandbox import SandboxLimits, parse_in_sandbox
from directives.models import IntakeDraft
from directives.parsing.readers import MAX_FILE_BYTES

logger = logging.getLogger("dondoc.intake")

Status = IntakeDraft.Status
# A draft left "reading" this long (the worker died mid-job) may be claimed again.
STALE_READING = dt.timedelta(minutes=15)
# A PDF read with fewer characters than this may be a scan with a text stamp (AR).
SCAN_SUSPECT_CHARS = 1000


def _limits() -> SandboxLimits:
    return SandboxLimits(
        cpu_seconds=getattr(settings, "INTAKE_PARSE_CPU_SECONDS", 60),
        memory_bytes=getattr(settings, "INTAKE_PARSE_MEMORY_MB", 1536) * 1024 * 1024,
        wall_seconds=getattr(settings, "INTAKE_PARSE_WALL_SECONDS", 90),
    )


def guess_kind(data: bytes, filename: str) -> str:
    """The draft's source_kind from the content first and the name second (the job may refine
    it: a PDF without a text layer becomes "scan")."""
    ext = PurePosixPath(filename or "").suffix.lower()
    head = data[:8]
    if head.startswith(b"%PDF"):
        return IntakeDraft.SourceKind.PDF
    if head.startswith(b"\xd0\xcf\x11\xe0") or ext in {".doc", ".rtf", ".odt"} or head.startswith(b"{\\rtf"):
        return IntakeDraft.SourceKind.DOC
    if ext in {".edxml", ".xml"} or (head.lstrip().startswith(b"<") and b"edXML" in data[:4096]):
        return IntakeDraft.SourceKind.EDXML
    if head.startswith(b"PK"):
        return IntakeDraft.SourceKind.DOCX
    return IntakeDraft.SourceKind.TEXT


def _store_name(filename: str, kind: str) -> str:
    name = get_valid_filename(PurePosixPath(filename or "").name)[:120] if filename else ""
    return name or f"van-ban.{'txt' if kind == 'text' else kind}"


def intake_submit(
    *,
    actor: Any,
    data: bytes | None,
    filename: str = "",
    text: str | None = None,
    channel: str = IntakeDraft.Channel.UPLOAD,
    api_client: Any = None,
) -> IntakeDraft:
    """Store the document (after the size check) as a queued draft and queue the reading job.
    ``text`` is pasted text (stored as a .txt file)."""
    if text is not None:
        data = text.strip().encode("utf-8")
        filename = filename or "van-ban-dan.txt"
        if channel == IntakeDraft.Channel.UPLOAD:
            channel = IntakeDraft.Channel.PASTE
    if not data:
        raise ValidationError(_("Tệp rỗng, không có nội dung để đọc."), code="empty")
    if len(data) > MAX_FILE_BYTES:
        raise ValidationError(_("Tệp vượt quá dung lượng cho phép (20 MB)."), code="too_large")
    kind = guess_kind(data, filename)
    draft = IntakeDraft(
        created_by=actor if getattr(actor, "pk", None) else None,
        source_name=(filename or "")[:255],
        source_kind=kind,
        channel=channel,
        status=Status.QUEUED,
    )
    if api_client is not None:
        draft.api_client = api_client
    draft.source_file.save(_store_name(filename, kind), ContentFile(data), save=False)
    try:
        with transaction.atomic():
            draft.save()
            transaction.on_commit(lambda: queue_process(draft.pk))
    except Exception:
        default_storage.delete(draft.source_file.name)
        raise
    logger.info(
        "intake draft %s queued: %s, %d bytes, channel %s, user %s",
        draft.pk,
        kind,
        len(data),
        channel,
        getattr(actor, "pk", None),
    )
    return draft


def queue_process(draft_id) -> None:
    from django_q.tasks import async_task

    async_task(
        "directives.jobs.intake_process", str(draft_id), task_name=f"intake-{draft_id}", group="intake"
    )


def _claim(draft_id) -> bool:
    """queued → reading, or a reading draft the worker abandoned; one worker wins."""
    now = timezone.now()
    claimed = IntakeDraft.objects.filter(pk=draft_id, status=Status.QUEUED).update(
        status=Status.READING, updated_at=now
    )
    if not claimed:
        claimed = IntakeDraft.objects.filter(
            pk=draft_id, status=Status.READING, updated_at__lt=now - STALE_READING
        ).update(status=Status.READING, updated_at=now)
    return bool(claimed)


def _fail(draft: IntakeDraft, message: str, log_message: str) -> None:
    """Nothing is kept of a document that could not be read but the message on the draft."""
    logger.info("intake draft %s failed: %s", draft.pk, log_message)
    if draft.source_file:
        default_storage.delete(draft.source_file.name)
    IntakeDraft.objects.filter(pk=draft.pk).update(
        status=Status.FAILED, error_message=message, source_file="", data={}, updated_at=timezone.now()
    )


def intake_process(draft_id) -> str:
    """The job: read the stored document with limits and build the draft's data. Idempotent:
    a second delivery finds the draft claimed or done and does nothing. Returns the status."""
    if not _claim(draft_id):
        status = IntakeDraft.objects.filter(pk=draft_id).values_list("status", flat=True).first()
        logger.info("intake draft %s not claimed (status %s)", draft_id, status)
        return status or "missing"
    draft = IntakeDraft.objects.get(pk=draft_id)
    try:
        return _process(draft)
    except Exception as exc:  # noqa: BLE001 - the draft must end failed with a message, never stuck
        logger.exception("intake draft %s crashed", draft.pk)
        _fail(draft, _("Không đọc được tệp do lỗi hệ thống. Vui lòng thử lại."), repr(exc))
        return Status.FAILED


def _process(draft: IntakeDraft) -> str:
    from directives.parsing import DirectiveParseError

    with draft.source_file.open("rb") as handle:
        data = handle.read()
    name = draft.source_name or PurePosixPath(draft.source_file.name).name
    calendar = get_calendar()
    overrides = [(d.isoformat(), w) for d, w in calendar.overrides.items()]
    arrival = None
    try:
        if draft.source_kind in (IntakeDraft.SourceKind.EDXML, IntakeDraft.SourceKind.DOC):
            arrival = _arrive(draft, data, name)
            if arrival is not None:
                data, name = arrival.main_bytes, arrival.main_name
        result = parse_in_sandbox(data, name, overrides=overrides, limits=_limits())
        if arrival is None and draft.source_kind == IntakeDraft.SourceKind.PDF and _maybe_scan(result):
            # a scan: OCR (directives.arrival) adds a text layer, then it is read like any PDF
            arrival = _arrive(draft, data, name)
            if arrival is not None and arrival.ocr_used:
                data, name = arrival.main_bytes, arrival.main_name
                result = parse_in_sandbox(data, name, overrides=overrides, limits=_limits())
    except DirectiveParseError as exc:
        _fail(draft, exc.message, exc.log_message)
        return Status.FAILED
    logger.info(
        "intake draft %s read in %.2fs (peak %d kB): %s",
        draft.pk,
        result.seconds,
        result.peak_rss_kb,
        "ok" if result.ok else result.code,
    )
    if not result.ok:
        _fail(draft, result.message, result.log_message or result.code)
        return Status.FAILED
    payload = result.payload
    built = build_data(payload, calendar=calendar)
    text_path = default_storage.save(
        f"intake/{draft.pk}.txt", ContentFile(payload.get("full_text", "").encode())
    )
    built["text_file"] = text_path
    built["stats"]["peak_rss_kb"] = result.peak_rss_kb
    built["stats"]["sandbox_s"] = round(result.seconds, 3)
    kind = draft.source_kind
    ocr_used = False
    if arrival is not None:
        kind = arrival.kind or kind
        ocr_used = arrival.ocr_used
        _apply_arrival(draft, arrival, built)
    _mark_relevance(built)
    updated = IntakeDraft.objects.filter(pk=draft.pk, status__in=[Status.READING, Status.OCR]).update(
        status=Status.READY,
        data=built,
        source_kind=kind,
        ocr_used=ocr_used,
        error_message="",
        updated_at=timezone.now(),
    )
    if not updated:  # purged or failed meanwhile
        default_storage.delete(text_path)
        return Status.FAILED
    return Status.READY


def _maybe_scan(result) -> bool:
    """A PDF the reader refused for lack of text, or read almost nothing from (a signed scan
    carries its signature's text stamp, "Ký bởi: …"): directives.arrival then decides page by
    page whether it is a scan (AR, issue 14.4)."""
    if not result.ok:
        return result.code == "no_text_layer"
    return (result.payload.get("stats") or {}).get("chars", 0) < SCAN_SUSPECT_CHARS


def _arrive(draft: IntakeDraft, data: bytes, name: str):
    """edXML packages, legacy Word files and scans go through directives.arrival (AR) first;
    None when that package is not installed or the file needs nothing."""
    try:
        from directives import arrival
    except ImportError:
        return None

    def on_ocr() -> None:
        IntakeDraft.objects.filter(pk=draft.pk, status=Status.READING).update(
            status=Status.OCR, updated_at=timezone.now()
        )

    return arrival.prepare(data, name, on_ocr=on_ocr)


def _apply_arrival(draft: IntakeDraft, arrival: Any, data: dict) -> None:
    """The envelope's metadata wins over the text (disagreements listed); attachments are
    stored beside the draft and become DirectiveAttachments on confirm."""
    if arrival.envelope:
        from directives.arrival import apply_envelope

        data["envelope"] = arrival.envelope
        data["disagreements"] = apply_envelope(data["meta"], arrival.envelope)
    data["warnings"] = [*arrival.warnings, *data["warnings"]]
    for index, attachment in enumerate(arrival.attachments, start=1):
        path = default_storage.save(
            f"intake/{draft.pk}-{index}-{get_valid_filename(attachment.name)[:100] or 'tep'}",
            ContentFile(attachment.data),
        )
        data["attachments"].append(
            {
                "path": path,
                "name": attachment.name,
                "content_type": attachment.content_type,
                "size": attachment.size,
            }
        )


def _mark_relevance(data: dict) -> None:
    """Which rows concern us (a higher level's directive): directives.relevance (PR), when there."""
    try:
        from directives.relevance import mark
        from units.org import current_org
    except ImportError:
        return
    mark(data, current_org())
