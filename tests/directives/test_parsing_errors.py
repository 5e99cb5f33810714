"""Bad input: one exception class, a Vietnamese message, an English log message."""

from __future__ import annotations

import io
import unicodedata
import zipfile

import pytest
from pypdf import PdfWriter

from directives.parsing import DirectiveParseError, parse_bytes, parse_path, parse_text, readers
from tests.directives.builders import CONG_VAN, numbered_docx


def _error(data: bytes, name: str) -> DirectiveParseError:
    with pytest.raises(DirectiveParseError) as info:
        parse_bytes(data, name)
    return info.value


def test_empty_file():
    err = _error(b"", "empty.docx")
    assert err.code == "empty" and "rỗng" in err.message


def test_blank_text():
    with pytest.raises(DirectiveParseError):
        parse_text("   \n\n  ")


def test_text_renamed_docx():
    err = _error(b"Day la van ban thuong, khong phai docx", "fake.docx")
    assert err.code == "not_docx" and "Word" in err.message


def test_other_zip_renamed_docx():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
    assert _error(buf.getvalue(), "bang-tinh.docx").code == "not_docx"


def test_corrupt_docx():
    data = numbered_docx()
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buf, "w") as dst:
        for item in src.infolist():
            content = src.read(item.filename)
            if item.filename == "word/document.xml":
                content = content[: len(content) // 2]
            dst.writestr(item, content)
    err = _error(buf.getvalue(), "hong.docx")
    assert err.code == "corrupt_docx" and "hỏng" in err.message


def test_truncated_zip():
    assert _error(numbered_docx()[:3000], "cut.docx").code == "not_docx"


def test_password_protected_office_file():
    ole = readers.OLE_MAGIC + b"\x00" * 100 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 100
    err = _error(ole, "mat-khau.docx")
    assert err.code == "encrypted" and "mật khẩu" in err.message


def test_legacy_doc():
    assert _error(readers.OLE_MAGIC + b"\x00" * 512, "cu.doc").code == "legacy_doc"


def test_zip_bomb_is_refused(monkeypatch):
    monkeypatch.setattr(readers, "MAX_UNCOMPRESSED_BYTES", 2_000_000)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", "<w:document/>")
        zf.writestr("word/media/padding.bin", b"\x00" * 3_000_000)
    data = buf.getvalue()
    assert len(data) < 50_000
    err = _error(data, "bom.docx")
    assert err.code == "zip_bomb"


def test_highly_compressed_member_is_refused():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", b" " * (11 * 1024 * 1024))
    assert _error(buf.getvalue(), "bom.docx").code == "zip_bomb"


def test_file_over_20_mb(tmp_path):
    big = tmp_path / "lon.txt"
    big.write_bytes(b"a" * (20 * 1024 * 1024 + 1))
    with pytest.raises(DirectiveParseError) as info:
        parse_path(big)
    assert info.value.code == "too_large" and "20 MB" in info.value.message


def test_scanned_pdf_without_text_layer():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buf = io.BytesIO()
    writer.write(buf)
    err = _error(buf.getvalue(), "scan.pdf")
    assert err.code == "no_text_layer" and "scan" in err.message


def test_password_protected_pdf():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt("bi-mat")
    buf = io.BytesIO()
    writer.write(buf)
    assert _error(buf.getvalue(), "khoa.pdf").code == "encrypted"


def test_corrupt_pdf():
    assert _error(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage", "hong.pdf").code in {
        "corrupt_pdf",
        "no_text_layer",
    }


def _cp1258(text: str) -> bytes:
    """Windows-1258 keeps some vowels precomposed and writes tone marks as combining marks."""
    out = bytearray()
    for ch in text:
        d = unicodedata.normalize("NFD", ch)
        for k in range(len(d), 0, -1):
            try:
                out += (unicodedata.normalize("NFC", d[:k]) + d[k:]).encode("cp1258")
                break
            except UnicodeEncodeError:
                continue
        else:
            out += b"?"
    return bytes(out)


def test_legacy_vietnamese_encoding_is_detected():
    parsed = parse_bytes(_cp1258(CONG_VAN), "cv.txt")
    assert parsed.meta.number == "0417"
    assert parsed.meta.place == "Trà Bồng"


def test_font_encoding_without_vietnamese_letters_is_refused():
    # TCVN3 ("ABC") text read as bytes: Latin-1 punctuation where the Vietnamese letters were
    data = "Sè: 12/UBND\nKÝnh göi: c¸c phßng, ban ngµnh\n".encode("latin-1")
    err = _error(data.replace(b"\xe8", b"\xbe"), "tcvn3.txt")
    assert err.code == "encoding" and "bảng mã" in err.message


def test_utf16_with_bom():
    parsed = parse_bytes(CONG_VAN.encode("utf-16"), "cv.txt")
    assert parsed.meta.number == "0417"


def test_binary_garbage_is_refused():
    assert _error(bytes(range(256)) * 40, "rac.txt").code == "encoding"


def test_error_keeps_an_english_log_message():
    err = _error(b"", "x.txt")
    assert err.log_message == "empty input" and str(err) == err.message
