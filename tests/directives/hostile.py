"""Hostile inputs for the intake limits, built cheaply in memory (used by the tests and by
bench/bench_intake_limits.py). Each is small to build and store; what it would cost to read
is what the limits are about."""

from __future__ import annotations

import io
import zipfile

from tests.directives.builders import numbered_docx

MB = 1024 * 1024


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def nested_zip_bomb_docx(inner_mb: int = 40, depth: int = 2) -> bytes:
    """A real .docx with an "embedded object" that is a zip in a zip whose innermost member
    unpacks to ``inner_mb`` MB of zeros (a few tens of kB as stored)."""
    payload = _zip({"bomb.bin": b"\0" * (inner_mb * MB)})
    for level in range(depth - 1):
        payload = _zip({f"layer{level}.zip": payload})
    source = zipfile.ZipFile(io.BytesIO(numbered_docx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            archive.writestr(info, source.read(info.filename))
        archive.writestr("word/embeddings/oleObject1.bin", payload)
    return out.getvalue()


def big_part_docx(part_mb: int = 100) -> bytes:
    """A .docx whose document.xml unpacks to ``part_mb`` MB (repeated paragraphs): each part
    must be capped, not only the total."""
    source = zipfile.ZipFile(io.BytesIO(numbered_docx()))
    para = (
        '<w:p><w:r><w:t xml:space="preserve">Phòng Nội vụ chủ trì rà soát hồ sơ, báo cáo kết quả '
        "trước ngày 30/6/2026.</w:t></w:r></w:p>"
    ).encode()
    body = para * (part_mb * MB // len(para) + 1)
    xml = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        + body
        + b"</w:body></w:document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for info in source.infolist():
            data = xml if info.filename == "word/document.xml" else source.read(info.filename)
            archive.writestr(info.filename, data)
    return out.getvalue()


def huge_text(mb: int = 13) -> bytes:
    """``mb`` MB of repeated clause text."""
    clause = "1. Phòng Nội vụ chủ trì, phối hợp các xã rà soát hồ sơ, hoàn thành trước ngày 30/6/2026.\n"
    data = clause.encode("utf-8")
    return data * (mb * MB // len(data) + 1)


def one_long_line(chars: int = 200_000) -> bytes:
    """A document whose body is one line of ``chars`` characters."""
    head = "ỦY BAN NHÂN DÂN\nHUYỆN MỘ ĐỨC\nSố: 12/KH-UBND\nKẾ HOẠCH\nThực hiện nhiệm vụ\n"
    words = "Phòng Nội vụ chủ trì rà soát hồ sơ "
    line = (words * (chars // len(words) + 1))[:chars]
    return (head + line + "\n").encode("utf-8")


def many_pages_pdf(pages: int = 5000) -> bytes:
    """A valid PDF of ``pages`` pages that share one content stream (about 50 bytes a page)."""
    objects: list[bytes] = []
    content = b"BT /F1 12 Tf 72 720 Td (Trang van ban) Tj ET"
    first_page = 5
    kids = " ".join(f"{first_page + i} 0 R" for i in range(pages)).encode()
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(b"<< /Type /Pages /Kids [" + kids + b"] /Count " + str(pages).encode() + b" >>")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    objects.append(b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream")
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 3 0 R >> >> >>"
    objects.extend([page] * pages)
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


CASES = {
    "nested_zip_bomb_docx": ("bomb.docx", nested_zip_bomb_docx),
    "big_part_docx": ("big.docx", big_part_docx),
    "text_13mb": ("big.txt", huge_text),
    "line_200k": ("line.txt", one_long_line),
    "pdf_5000_pages": ("long.pdf", many_pages_pdf),
}
