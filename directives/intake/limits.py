"""Limits on what one upload may cost, checked before and after reading.

Pure Python (runs inside the sandboxed parse process, see ``sandbox``). Each limit has its own
Vietnamese message, so the clerk knows what was wrong with the file.

The reader (directives.parsing.readers) caps the file size, the total uncompressed size of a
.docx and the PDF page count; this layer adds a cap on every single part of an Office file
(nested packages included: an embedded .xlsx or .zip inside the .docx is opened and its parts
counted too), on the extracted text and on the longest paragraph. ``zipfile`` never inflates a
member beyond its declared size, so checking the declared sizes is enough.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from directives.parsing.errors import DirectiveParseError
from directives.parsing.structure import Paragraph, SourceDocument, Table

MB = 1024 * 1024
MAX_PART_BYTES = 25 * MB  # any one part of an Office file, uncompressed
MAX_PACKAGE_BYTES = 80 * MB  # all parts, nested packages included, uncompressed
MAX_NESTING = 3  # a package inside a package inside a package
MAX_PARTS = 5_000
MAX_TEXT_CHARS = 2_000_000  # more than any real directive (a 300-page plan is ~1 million)
MAX_PARAGRAPH_CHARS = 50_000  # one paragraph; a long clause is ~2,000
MAX_TASKS = 1_000  # proposed tasks; a long plan has a few hundred
MAX_CLAUSES = 5_000
# A text file is refused before decoding when even 1 byte a character would be too much.
MAX_TEXT_BYTES = MAX_TEXT_CHARS * 4


def _refuse(message: str, code: str, log_message: str) -> DirectiveParseError:
    return DirectiveParseError(message, code=code, log_message=log_message)


def too_much_text(chars: int) -> DirectiveParseError:
    return _refuse(
        "Văn bản quá dài để đọc tự động (hơn 2 triệu ký tự). Vui lòng tải lên đúng văn bản chỉ "
        "đạo, không kèm phụ lục hoặc tài liệu khác.",
        "text_too_long",
        f"extracted text of {chars} characters exceeds {MAX_TEXT_CHARS}",
    )


def paragraph_too_long(chars: int) -> DirectiveParseError:
    return _refuse(
        "Văn bản có một đoạn dài bất thường (hơn 50.000 ký tự liền nhau, không xuống dòng). "
        "Tệp có thể bị lỗi định dạng; vui lòng kiểm tra và lưu lại tệp.",
        "paragraph_too_long",
        f"a paragraph of {chars} characters exceeds {MAX_PARAGRAPH_CHARS}",
    )


def part_too_large(name: str, size: int) -> DirectiveParseError:
    return _refuse(
        "Tệp Word có một thành phần giải nén quá lớn (trên 25 MB). Hệ thống từ chối tệp này để "
        "bảo đảm an toàn; vui lòng lưu lại văn bản thành tệp mới hoặc dùng bản PDF.",
        "part_too_large",
        f"zip part {name!r} unpacks to {size} bytes (cap {MAX_PART_BYTES})",
    )


def package_too_large(size: int) -> DirectiveParseError:
    return _refuse(
        "Tệp Word có nội dung giải nén quá lớn (trên 80 MB). Hệ thống từ chối tệp này để bảo đảm "
        "an toàn; vui lòng lưu lại văn bản thành tệp mới hoặc dùng bản PDF.",
        "package_too_large",
        f"zip parts unpack to {size} bytes in total (cap {MAX_PACKAGE_BYTES})",
    )


def nested_too_deep(name: str) -> DirectiveParseError:
    return _refuse(
        "Tệp Word chứa các tệp nén lồng nhau quá nhiều tầng. Hệ thống từ chối tệp này để bảo đảm an toàn.",
        "nested_too_deep",
        f"zip nesting deeper than {MAX_NESTING} at {name!r}",
    )


def too_many_parts(count: int) -> DirectiveParseError:
    return _refuse(
        "Tệp Word có quá nhiều thành phần. Hệ thống từ chối tệp này để bảo đảm an toàn.",
        "too_many_parts",
        f"{count} zip parts (cap {MAX_PARTS})",
    )


def too_many_items(tasks: int, clauses: int) -> DirectiveParseError:
    return _refuse(
        "Văn bản có quá nhiều mục hoặc nhiệm vụ để rà soát (hơn 1.000 nhiệm vụ hoặc 5.000 mục). "
        "Vui lòng tải lên đúng văn bản chỉ đạo, hoặc tách văn bản thành nhiều phần.",
        "too_many_items",
        f"{tasks} task candidates, {clauses} clauses (caps {MAX_TASKS}, {MAX_CLAUSES})",
    )


def check_parse(tasks: int, clauses: int) -> None:
    if tasks > MAX_TASKS or clauses > MAX_CLAUSES:
        raise too_many_items(tasks, clauses)


@dataclass
class _Tally:
    total: int = 0
    parts: int = 0


def check_package(data: bytes) -> None:
    """Refuse an Office package (zip) if any part, nested parts included, or all of them
    together would unpack beyond the caps. A file that is not a zip is left to the reader."""
    if not data.startswith(b"PK"):
        return
    _check_zip(data, depth=0, tally=_Tally(), name="")


def _check_zip(data: bytes, *, depth: int, tally: _Tally, name: str) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        if depth == 0:
            return  # not a readable zip: the reader gives its own message
        return  # an embedded blob that only looks like a zip: nothing will unpack it
    tally.parts += len(infos)
    if tally.parts > MAX_PARTS:
        raise too_many_parts(tally.parts)
    for info in infos:
        if info.file_size > MAX_PART_BYTES:
            raise part_too_large(f"{name}/{info.filename}" if name else info.filename, info.file_size)
        tally.total += info.file_size
        if tally.total > MAX_PACKAGE_BYTES:
            raise package_too_large(tally.total)
    for info in infos:
        if info.is_dir() or info.file_size < 22:  # 22 bytes: the smallest possible zip
            continue
        try:
            with archive.open(info) as member:
                head = member.read(4)
                if head[:2] != b"PK":
                    continue
                inner = head + member.read(MAX_PART_BYTES)
        except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError, RuntimeError):
            continue  # unreadable member: the reader decides whether the document still reads
        if depth + 1 > MAX_NESTING:
            raise nested_too_deep(info.filename)
        _check_zip(inner, depth=depth + 1, tally=tally, name=f"{name}/{info.filename}")


def check_text_bytes(data: bytes, kind: str) -> None:
    """A plain-text upload that cannot be under the text cap is refused before decoding."""
    if kind == "text" and len(data) > MAX_TEXT_BYTES:
        raise too_much_text(len(data))


def check_document(doc: SourceDocument) -> dict:
    """Refuse a read document with too much text or a pathological paragraph; return figures."""
    total = 0
    longest = 0
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            sizes = [len(block.text)]
        elif isinstance(block, Table):
            sizes = [len(cell) for row in block.rows for cell in row]
        else:  # pragma: no cover - the structure has only these two
            continue
        for size in sizes:
            total += size
            longest = max(longest, size)
    total += sum(len(v) for v in doc.footnotes.values())
    if total > MAX_TEXT_CHARS:
        raise too_much_text(total)
    if longest > MAX_PARAGRAPH_CHARS:
        raise paragraph_too_long(longest)
    return {"chars": total, "longest_paragraph": longest, "blocks": len(doc.blocks)}
