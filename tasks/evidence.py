"""Evidence files ("tài liệu kiểm chứng"): what may be uploaded, and how it is stored.

Only PDF, Office / OpenDocument files and common images are accepted. The extension
decides the type, and the first bytes must agree with it (a renamed .exe is refused).
Files are stored under a random name; the original name is kept on the Evidence row
and used when the file is served through the permission-checked view.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

PDF = (b"%PDF",)
ZIP = (b"PK\x03\x04",)
OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)


@dataclass(frozen=True)
class FileType:
    content_type: str
    signatures: tuple[bytes, ...]
    inline: bool = False  # shown in the browser (PDF, images) rather than downloaded


ALLOWED_TYPES: dict[str, FileType] = {
    ".pdf": FileType("application/pdf", PDF, inline=True),
    ".doc": FileType("application/msword", OLE),
    ".docx": FileType("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ZIP),
    ".xls": FileType("application/vnd.ms-excel", OLE),
    ".xlsx": FileType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP),
    ".ppt": FileType("application/vnd.ms-powerpoint", OLE),
    ".pptx": FileType("application/vnd.openxmlformats-officedocument.presentationml.presentation", ZIP),
    ".odt": FileType("application/vnd.oasis.opendocument.text", ZIP),
    ".ods": FileType("application/vnd.oasis.opendocument.spreadsheet", ZIP),
    ".jpg": FileType("image/jpeg", (b"\xff\xd8\xff",), inline=True),
    ".jpeg": FileType("image/jpeg", (b"\xff\xd8\xff",), inline=True),
    ".png": FileType("image/png", (b"\x89PNG\r\n\x1a\n",), inline=True),
    ".gif": FileType("image/gif", (b"GIF87a", b"GIF89a"), inline=True),
}
MAX_FILES_PER_UPDATE = 10
ACCEPT_ATTRIBUTE = ",".join(ALLOWED_TYPES)


def max_bytes() -> int:
    return settings.DONDOC["EVIDENCE_MAX_BYTES"]


def file_type(name: str) -> FileType | None:
    return ALLOWED_TYPES.get(os.path.splitext(name or "")[1].lower())


def evidence_validate(upload) -> FileType:
    """Raise a Vietnamese ValidationError unless ``upload`` is an allowed evidence file."""
    name = os.path.basename(upload.name or "")
    kind = file_type(name)
    if kind is None:
        raise ValidationError(
            _("Tệp “%(name)s” không đúng loại cho phép (PDF, Word, Excel, PowerPoint, ảnh JPG/PNG/GIF).")
            % {"name": name},
            code="file_type",
        )
    if upload.size > max_bytes():
        raise ValidationError(
            _("Tệp “%(name)s” dung lượng %(size)s, vượt quá giới hạn %(limit)s.")
            % {"name": name, "size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes())},
            code="file_size",
        )
    if upload.size == 0:
        raise ValidationError(_("Tệp “%(name)s” rỗng.") % {"name": name}, code="file_empty")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(sig) for sig in kind.signatures):
        raise ValidationError(
            _("Nội dung tệp “%(name)s” không khớp với phần mở rộng của tệp.") % {"name": name},
            code="file_content",
        )
    return kind


def evidence_validate_many(uploads) -> None:
    uploads = list(uploads)
    if len(uploads) > MAX_FILES_PER_UPDATE:
        raise ValidationError(
            _("Mỗi lần chỉ đính kèm tối đa %(n)d tệp.") % {"n": MAX_FILES_PER_UPDATE}, code="too_many"
        )
    errors = []
    for upload in uploads:
        try:
            evidence_validate(upload)
        except ValidationError as exc:
            errors.extend(exc.error_list)
    if errors:
        raise ValidationError(errors)


def storage_name(original_name: str) -> str:
    """A random file name that keeps the (lower-cased) extension."""
    return uuid.uuid4().hex + os.path.splitext(original_name)[1].lower()
