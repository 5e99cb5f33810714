"""Scans: a PDF without a text layer is read with ocrmypdf and Tesseract's Vietnamese model.

The result is the same PDF with an invisible text layer, which the parser's PDF reader then
reads like any other. OCR is slow (seconds per page) and runs in the worker, with a timeout
and one Tesseract thread; the draft is marked so that the review screen warns the clerk.
"""

from __future__ import annotations

import functools
import io
import logging
import re
import subprocess
import tempfile
from pathlib import Path

from directives.parsing.errors import DirectiveParseError

from . import tools

logger = logging.getLogger("dondoc.arrival")

# OCR plus the sandboxed parse (90 s) must finish within the django-q2 job timeout (300 s);
# settings INTAKE_OCR_TIMEOUT_S / INTAKE_OCR_MAX_PAGES override these.
TIMEOUT_S = 180
MAX_PAGES = 40
# a page with fewer visible characters than this is an image (a signature stamp's text is ~100;
# a directive's text page has well over 1,000)
MIN_CHARS_PER_PAGE = 200
PACKAGES = "ocrmypdf, tesseract-ocr-vie"

MISSING_MESSAGE = (
    "Tệp PDF không có lớp văn bản (có thể là bản scan). Máy chủ chưa cài công cụ nhận dạng ký tự "
    f"(các gói {PACKAGES}); vui lòng dùng bản có văn bản hoặc nhận dạng ký tự (OCR) trước khi tải lên."
)
WARNING = (
    "Văn bản được nhận dạng từ bản scan (OCR): cần đối chiếu từng chữ với bản gốc, nhất là số, "
    "ngày tháng và tên đơn vị."
)


def needs_ocr(data: bytes) -> bool:
    """A readable PDF whose pages are (mostly) images: more than half of its pages carry fewer
    than MIN_CHARS_PER_PAGE visible characters. A scan signed digitally often has the signature's
    text stamp ("Ký bởi: …") on one page; that alone does not make it a text document. Broken or
    locked PDFs return False: the PDF reader gives the right message for those."""
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            return False
        pages = reader.pages
        count = len(pages)
        if count == 0:
            return False
        bare = 0
        for index, page in enumerate(pages):
            if len(re.sub(r"\s+", "", page.extract_text() or "")) < MIN_CHARS_PER_PAGE:
                bare += 1
            if (index + 1 - bare) * 2 >= count:  # half or more have text: not a scan
                return False
    except Exception:  # noqa: BLE001 - pypdf raises many things on broken input
        return False
    return bare * 2 > count


def page_count(data: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


@functools.cache
def _has_vietnamese(tesseract: str) -> bool:
    try:
        out = subprocess.run([tesseract, "--list-langs"], capture_output=True, timeout=20, text=True)
    except (OSError, subprocess.SubprocessError):
        return False
    return "vie" in out.stdout.split()


def available() -> bool:
    ocrmypdf, tesseract = tools.which("ocrmypdf"), tools.which("tesseract")
    return bool(ocrmypdf and tesseract and _has_vietnamese(tesseract))


def _setting(name: str, default):
    try:
        from django.conf import settings

        return getattr(settings, name, default)
    except Exception:  # noqa: BLE001 - settings not configured (a bare script)
        return default


def ocr_pdf(data: bytes, *, timeout: float | None = None) -> bytes:
    """The PDF with a text layer added, or DirectiveParseError (tools missing, too long, timeout)."""
    timeout = timeout or _setting("INTAKE_OCR_TIMEOUT_S", TIMEOUT_S)
    max_pages = _setting("INTAKE_OCR_MAX_PAGES", MAX_PAGES)
    if not available():
        logger.info("scan refused: ocrmypdf or tesseract-ocr-vie not installed")
        raise DirectiveParseError(
            MISSING_MESSAGE, code="no_text_layer", log_message="PDF without a text layer; OCR not installed"
        )
    pages = page_count(data)
    if pages > max_pages:
        raise DirectiveParseError(
            f"Bản scan quá dài để nhận dạng ký tự (trên {max_pages} trang). Vui lòng dùng bản có văn bản "
            "hoặc tách thành các tệp ngắn hơn.",
            code="too_long",
            log_message=f"scan of {pages} pages",
        )
    with tempfile.TemporaryDirectory(prefix="dondoc-ocr-") as tmp:
        work = Path(tmp)
        source, target = work / "scan.pdf", work / "ocr.pdf"
        source.write_bytes(data)
        result = tools.run(
            [
                tools.which("ocrmypdf") or "ocrmypdf",
                "-l",
                "vie",
                "--force-ocr",  # a scan may carry a stray text stamp; read every page as an image
                "--rotate-pages",
                "--deskew",
                "--output-type",
                "pdf",
                "--optimize",
                "0",
                "--jobs",
                "1",
                "--quiet",
                str(source),
                str(target),
            ],
            timeout=timeout,
            cwd=tmp,
            home=tmp,
        )
        if result.timed_out:
            raise DirectiveParseError(
                "Nhận dạng ký tự bản scan quá thời gian cho phép. Vui lòng dùng bản có văn bản.",
                code="ocr_timeout",
                log_message=f"ocrmypdf timed out after {timeout}s ({pages} pages)",
            )
        if result.returncode != 0 or not target.exists():
            logger.warning("ocrmypdf failed (rc=%s): %s", result.returncode, result.stderr[-500:])
            raise DirectiveParseError(
                "Không nhận dạng được ký tự của bản scan (tệp có thể bị hỏng).",
                code="ocr_failed",
                log_message=f"ocrmypdf rc={result.returncode}: {result.stderr[-300:]!r}",
            )
        return target.read_bytes()
