"""PDF of a generated .docx through LibreOffice (headless, in the worker, a throw-away profile,
a timeout), laid out as the Word file so the office can sign it in their signing tool."""

from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
from pathlib import Path

logger = logging.getLogger("dondoc.reports")

TIMEOUT_S = 90


class PdfUnavailable(Exception):
    """LibreOffice (soffice) is not installed."""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(data: bytes, *, timeout: float = TIMEOUT_S) -> bytes:
    binary = soffice()
    if binary is None:
        raise PdfUnavailable("soffice not installed (Debian: libreoffice-writer-nogui)")
    with tempfile.TemporaryDirectory(prefix="dondoc-pdf-") as tmp:
        work = Path(tmp)
        source = work / "document.docx"
        source.write_bytes(data)
        profile = work / "profile"
        command = [
            binary,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--nologo",
            "--nolockcheck",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(work),
            str(source),
        ]
        try:
            subprocess.run(  # noqa: S603 - fixed argument list, no shell
                command,
                cwd=tmp,
                env={"HOME": tmp, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
                capture_output=True,
                timeout=timeout,
                check=True,
            )
        except subprocess.TimeoutExpired as exc:
            raise RuntimeError(f"soffice timed out after {timeout}s") from exc
        except subprocess.CalledProcessError as exc:
            raise RuntimeError(f"soffice failed: {exc.stderr[-300:]!r}") from exc
        produced = work / "document.pdf"
        if not produced.exists() or produced.stat().st_size == 0:
            raise RuntimeError("soffice produced no PDF")
        return produced.read_bytes()
