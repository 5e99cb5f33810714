"""Writes for arrival formats outside the intake draft (the import_directive command)."""

from __future__ import annotations

from pathlib import PurePosixPath

from django.core.files.base import ContentFile

from directives.arrival.edxml import Attachment
from directives.models import Directive, DirectiveAttachment


def directive_attachments_add(
    *, directive: Directive, attachments: list[Attachment]
) -> list[DirectiveAttachment]:
    """Keep a package's files with the directive (call inside the transaction that created it)."""
    created = []
    for item in attachments:
        attachment = DirectiveAttachment(
            directive=directive, name=item.name[:255], content_type=item.content_type[:128], size=item.size
        )
        attachment.file.save(PurePosixPath(item.name).name or "tep", ContentFile(item.data), save=True)
        created.append(attachment)
    return created
