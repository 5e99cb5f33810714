"""Legacy Word (.doc, .rtf, .odt) to .docx with LibreOffice in headless mode.

Each run gets its own temporary profile (``-env:UserInstallation``), so runs never share or
lock a profile and nothing persists; the conversion has a timeout and, where the kernel allows
it, no network (a linked image in the document is not fetched).
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from directives.parsing.errors import DirectiveParseError

from . import tools

logger = logging.getLogger("dondoc.arrival")

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
TIMEOUT_S = 90
PACKAGES = "libreoffice-writer-nogui (hoặc libreoffice-writer)"

MISSING_MESSAGE = (
    "Tệp Word định dạng cũ (.doc, .rtf, .odt) cần LibreOffice để chuyển sang .docx, nhưng máy chủ "
    f"chưa cài (gói {PACKAGES}). Vui lòng lưu lại dưới dạng .docx hoặc PDF rồi tải lên."
)


def legacy_kind(data: bytes, filename: str = "") -> str | None:
    """'doc', 'rtf' or 'odt' from the content (the name only breaks no ties)."""
    head = data[:8]
    if head == OLE_MAGIC:
        return "doc"
    if data[:5] == b"{\\rtf":
        return "rtf"
    if head.startswith(b"PK\x03\x04") and ODT_MIMETYPE in data[:200]:
        return "odt"
    return None


def soffice_path() -> str | None:
    return tools.which("soffice") or tools.which("libreoffice")


def available() -> bool:
    return soffice_path() is not None


def to_docx(data: bytes, kind: str, *, timeout: float = TIMEOUT_S) -> bytes:
    soffice = soffice_path()
    if soffice is None:
        logger.info("legacy Word refused: soffice not installed")
        raise DirectiveParseError(MISSING_MESSAGE, code="legacy_doc", log_message="soffice not installed")
    if data[:8] == OLE_MAGIC and _encrypted_ole(data):
        raise DirectiveParseError(
            "Tệp được bảo vệ bằng mật khẩu. Vui lòng gỡ mật khẩu rồi tải lên lại.",
            code="encrypted",
            log_message="password-protected OLE document",
        )
    with tempfile.TemporaryDirectory(prefix="dondoc-soffice-") as tmp:
        work = Path(tmp)
        source = work / f"input.{kind}"
        source.write_bytes(data)
        out = work / "out"
        out.mkdir()
        profile = work / "profile"
        result = tools.run(
            [
                soffice,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--invisible",
                "--norestore",
                "--nologo",
                "--nodefault",
                "--nolockcheck",
                "--convert-to",
                "docx:MS Word 2007 XML",
                "--outdir",
                str(out),
                str(source),
            ],
            timeout=timeout,
            cwd=tmp,
            home=tmp,
        )
        produced = out / "input.docx"
        if result.timed_out:
            raise DirectiveParseError(
                "Chuyển đổi tệp Word định dạng cũ quá thời gian cho phép. Vui lòng lưu lại dưới dạng .docx hoặc PDF.",
                code="convert_timeout",
                log_message=f"soffice timed out after {timeout}s",
            )
        if result.returncode != 0 or not produced.exists() or produced.stat().st_size == 0:
            logger.warning(
                "soffice failed (rc=%s): %s %s", result.returncode, result.stdout[-300:], result.stderr[-300:]
            )
            raise DirectiveParseError(
                "Không chuyển đổi được tệp Word định dạng cũ (tệp có thể bị hỏng). Vui lòng lưu lại dưới "
                "dạng .docx hoặc PDF.",
                code="convert_failed",
                log_message=f"soffice rc={result.returncode}: {result.stderr[-300:]!r}",
            )
        return produced.read_bytes()


def _encrypted_ole(data: bytes) -> bool:
    return b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e" in data
