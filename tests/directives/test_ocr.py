"""Scans: a PDF without a text layer is read by ocrmypdf + Tesseract (Vietnamese). The scan is
made here: a fixture directive drawn into a PDF with reportlab, each page rendered to a 200-dpi
greyscale image (pypdfium2) and the images put back into an image-only PDF (Pillow). CI installs
ocrmypdf and tesseract-ocr-vie (.ci/run), so these run there. bench/bench_ocr.py uses the same
helpers."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from directives.arrival import ocr, prepare
from directives.parsing import DirectiveParseError, parse_bytes
from tests.directives.builders import CONG_VAN

FONT_DIRS = [Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu")]


def _font() -> Path | None:
    return next((d / "DejaVuSerif.ttf" for d in FONT_DIRS if (d / "DejaVuSerif.ttf").exists()), None)


def text_pdf(text: str, *, size: int = 12) -> bytes:
    """A text PDF of ``text`` in a Unicode serif font (A4, one line per line of text, wrapped)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    font = _font()
    if font is None:
        pytest.skip("no DejaVu font to draw Vietnamese text (apt-get install fonts-dejavu-core)")
    pdfmetrics.registerFont(TTFont("DejaVuSerif", str(font)))
    buf = io.BytesIO()
    page = canvas.Canvas(buf, pagesize=A4)
    width, height = A4
    y = height - 60
    for paragraph in text.split("\n"):
        for line in simpleSplit(paragraph, "DejaVuSerif", size, width - 120) or [""]:
            if y < 60:
                page.showPage()
                y = height - 60
            page.setFont("DejaVuSerif", size)
            page.drawString(60, y, line)
            y -= size * 1.4
    page.save()
    return buf.getvalue()


def scan_of(pdf: bytes, *, dpi: int = 200) -> bytes:
    """The PDF as a scanner would give it: page images only, no text layer."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        images = [document[i].render(scale=dpi / 72).to_pil().convert("L") for i in range(len(document))]
    finally:
        document.close()
    out = io.BytesIO()
    images[0].save(out, format="PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return out.getvalue()


needs_ocr = pytest.mark.skipif(
    not ocr.available(),
    reason="ocrmypdf / tesseract-ocr-vie not installed: apt-get install ocrmypdf tesseract-ocr-vie",
)


@pytest.fixture(scope="module")
def scan() -> tuple[bytes, bytes]:
    pdf = text_pdf(CONG_VAN)
    return pdf, scan_of(pdf)


def test_the_scan_has_no_text_layer(scan):
    pdf, image_pdf = scan
    assert not ocr.needs_ocr(pdf)
    assert ocr.needs_ocr(image_pdf)
    with pytest.raises(DirectiveParseError) as info:
        parse_bytes(image_pdf, "scan.pdf")
    assert info.value.code == "no_text_layer"


def stamped(image_pdf: bytes, stamp: str) -> bytes:
    """The scan with a digital signature's text stamp on its first page (as signed scans carry)."""
    from pypdf import PdfReader, PdfWriter
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("DejaVuSerif", str(_font())))
    reader = PdfReader(io.BytesIO(image_pdf))
    box = reader.pages[0].mediabox
    buf = io.BytesIO()
    overlay = canvas.Canvas(buf, pagesize=(float(box.width), float(box.height)))
    overlay.setFont("DejaVuSerif", 7)
    overlay.drawString(40, 40, stamp)
    overlay.save()
    writer = PdfWriter(clone_from=reader)
    writer.pages[0].merge_page(PdfReader(io.BytesIO(buf.getvalue())).pages[0])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_signed_scan_with_a_text_stamp_is_still_a_scan(scan):
    signed = stamped(
        scan[1], "Ký bởi: Ủy ban nhân dân huyện Trà Bồng - Thời gian ký: 09.05.2025 10:12:31 +07:00"
    )
    assert "Ký bởi" in parse_text_layer(signed)
    assert ocr.needs_ocr(signed)
    assert not ocr.needs_ocr(scan[0])


def parse_text_layer(pdf: bytes) -> str:
    from pypdf import PdfReader

    return "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


@needs_ocr
def test_ocr_reads_the_scan_like_the_text_version(scan):
    pdf, image_pdf = scan
    stages = []
    arrival = prepare(image_pdf, "scan.pdf", on_ocr=lambda: stages.append("ocr"))
    assert stages == ["ocr"]
    assert arrival.kind == "scan" and arrival.ocr_used
    assert any("scan" in w and "từng chữ" in w for w in arrival.warnings)
    from_scan = parse_bytes(arrival.main_bytes, arrival.main_name).as_json()
    from_text = parse_bytes(pdf, "text.pdf").as_json()
    for key in ("number", "symbol", "issued_date", "issuer", "signer"):
        assert from_scan["doc"][key] == from_text["doc"][key], key
    assert [t["title"] for t in from_scan["tasks"]] == [t["title"] for t in from_text["tasks"]]
    assert [t["deadline"] for t in from_scan["tasks"]] == [t["deadline"] for t in from_text["tasks"]]


@needs_ocr
def test_parse_directive_reads_a_scan_and_says_so(scan, tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(scan[1])
    out, err = io.StringIO(), io.StringIO()
    call_command("parse_directive", str(path), "--json", stdout=out, stderr=err)
    assert json.loads(out.getvalue())["doc"]["number"] == "0417"
    assert "scan" in err.getvalue()


@needs_ocr
def test_ocr_has_a_timeout(scan):
    with pytest.raises(DirectiveParseError) as info:
        ocr.ocr_pdf(scan[1], timeout=0.2)
    assert info.value.code == "ocr_timeout"


def test_without_the_tools_the_message_names_the_packages(monkeypatch, scan):
    monkeypatch.setattr(ocr, "available", lambda: False)
    with pytest.raises(DirectiveParseError) as info:
        prepare(scan[1], "scan.pdf")
    assert info.value.code == "no_text_layer"
    assert "ocrmypdf" in info.value.message and "tesseract-ocr-vie" in info.value.message


def test_a_pdf_with_text_is_not_ocred(scan, monkeypatch):
    monkeypatch.setattr(ocr, "ocr_pdf", lambda *a, **k: pytest.fail("OCR must not run"))
    arrival = prepare(scan[0], "text.pdf")
    assert arrival.kind == "pdf" and not arrival.ocr_used and arrival.main_bytes == scan[0]


def test_too_many_pages_are_refused(monkeypatch, scan, settings):
    monkeypatch.setattr(ocr, "available", lambda: True)
    settings.INTAKE_OCR_MAX_PAGES = 1  # the scan has 2 pages
    with pytest.raises(DirectiveParseError) as info:
        ocr.ocr_pdf(scan[1])
    assert info.value.code == "too_long"


@needs_ocr
@pytest.mark.django_db
def test_a_scan_through_the_intake_shows_ocr_state_and_a_warning(
    scan, cast, client, settings, tmp_path, monkeypatch
):
    from directives.intake import intake_process, intake_submit
    from directives.models import IntakeDraft

    settings.MEDIA_ROOT = tmp_path / "media"
    seen = []
    real = ocr.ocr_pdf

    def watching(data, **kwargs):
        seen.append(IntakeDraft.objects.get().status)  # what the status page polls meanwhile
        return real(data, **kwargs)

    monkeypatch.setattr(ocr, "ocr_pdf", watching)
    draft = intake_submit(actor=cast.office, data=scan[1], filename="ban-scan.pdf")
    assert intake_process(draft.pk) == IntakeDraft.Status.READY
    draft.refresh_from_db()
    assert seen == [IntakeDraft.Status.OCR]
    assert draft.ocr_used and draft.source_kind == "scan"
    assert draft.data["meta"]["number"] == "0417" and len(draft.data["rows"]) == 5
    client.force_login(cast.office)
    page = client.get(reverse("directives:review", args=[draft.pk])).content.decode()
    assert "nhận dạng từ bản scan" in page and "từng chữ" in page


@needs_ocr
@pytest.mark.django_db
def test_a_signed_scan_through_the_intake_is_ocred(scan, cast, settings, tmp_path):
    from directives.intake import intake_process, intake_submit
    from directives.models import IntakeDraft

    settings.MEDIA_ROOT = tmp_path / "media"
    signed = stamped(
        scan[1], "Ký bởi: Ủy ban nhân dân huyện Trà Bồng - Thời gian ký: 09.05.2025 10:12:31 +07:00"
    )
    draft = intake_submit(actor=cast.office, data=signed, filename="cv-ky-so.pdf")
    assert intake_process(draft.pk) == IntakeDraft.Status.READY
    draft.refresh_from_db()
    assert draft.ocr_used and draft.source_kind == "scan"
    assert draft.data["meta"]["number"] == "0417" and len(draft.data["rows"]) == 5
