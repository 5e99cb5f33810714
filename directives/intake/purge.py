"""Drafts never confirmed are deleted, with their files, after INTAKE_DRAFT_KEEP_DAYS."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone

from directives.models import IntakeDraft

logger = logging.getLogger("dondoc.intake")


def draft_files(draft: IntakeDraft) -> list[str]:
    data = draft.data or {}
    paths = [draft.source_file.name if draft.source_file else "", data.get("text_file") or ""]
    paths += [a.get("path") or "" for a in data.get("attachments") or []]
    return [p for p in paths if p]


def intake_purge_stale(*, now: dt.datetime | None = None) -> int:
    """Delete drafts not confirmed within the keep period (and their files); returns how many.
    A rerun finds nothing more to do. Confirmed drafts stay (they link the directive to its
    draft, which makes a late second confirm land on the directive); their files were
    already deleted when the directive took them over."""
    keep = dt.timedelta(days=settings.INTAKE_DRAFT_KEEP_DAYS)
    cutoff = (now or timezone.now()) - keep
    stale = IntakeDraft.objects.filter(updated_at__lt=cutoff).exclude(
        status__in=[IntakeDraft.Status.CONFIRMED, IntakeDraft.Status.CONFIRMING]
    )
    count = 0
    for draft in stale.iterator():
        deleted, _rows = (
            IntakeDraft.objects.filter(pk=draft.pk, updated_at__lt=cutoff)
            .exclude(status__in=[IntakeDraft.Status.CONFIRMED, IntakeDraft.Status.CONFIRMING])
            .delete()
        )
        if not deleted:
            continue  # touched or confirmed meanwhile
        for path in draft_files(draft):
            default_storage.delete(path)
        count += 1
    if count:
        logger.info("purged %d intake drafts older than %s days", count, keep.days)
    return count
