"""django-q2 entry points for the office's documents: thin, load by id."""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile

from tasks.documents.models import OfficeLetter
from tasks.documents.pdf import PdfUnavailable, docx_to_pdf

logger = logging.getLogger("dondoc.reports")


def letter_pdf(letter_id: int) -> str:
    """Make the letter's PDF; a rerun after success does nothing."""
    claimed = (
        OfficeLetter.objects.filter(pk=letter_id)
        .exclude(pdf_status=OfficeLetter.PdfStatus.DONE)
        .update(pdf_status=OfficeLetter.PdfStatus.PENDING, pdf_error="")
    )
    if not claimed:
        return "done already"
    letter = OfficeLetter.objects.get(pk=letter_id)
    try:
        with letter.docx.open("rb") as handle:
            pdf = docx_to_pdf(handle.read())
    except PdfUnavailable:
        OfficeLetter.objects.filter(pk=letter_id).update(
            pdf_status=OfficeLetter.PdfStatus.FAILED,
            pdf_error="Máy chủ chưa cài LibreOffice (gói libreoffice-writer-nogui) nên chưa tạo được PDF.",
        )
        return "unavailable"
    except Exception as exc:  # noqa: BLE001 - record the failure on the row; the user can retry
        logger.exception("letter %s: PDF failed", letter_id)
        OfficeLetter.objects.filter(pk=letter_id).update(
            pdf_status=OfficeLetter.PdfStatus.FAILED, pdf_error=f"Không tạo được PDF: {exc}"[:255]
        )
        return "failed"
    letter.pdf.save(
        letter.docx.name.rsplit("/", 1)[-1].replace(".docx", ".pdf"), ContentFile(pdf), save=False
    )
    letter.pdf_status = OfficeLetter.PdfStatus.DONE
    letter.save(update_fields=["pdf", "pdf_status"])
    return "done"
