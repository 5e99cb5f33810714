"""edXML packages (QCVN 102:2016/BTTTT, amended by Thông tư 01/2022/TT-BTTTT).

A package is one XML document in the namespace ``http://www.mic.gov.vn/TBT/QCVN_102_2016``:
a ``MessageHeader`` with the document's identity (sender's OrganId, số/ký hiệu, dates, signer,
độ khẩn, …) and the files themselves, base64 in ``AttachmentEncoded/Attachment``.

The XML comes from outside: it is parsed with defusedxml (a DTD, an entity declaration or an
external reference refuses the whole package), elements are found by namespace and local name
wherever the sender's envelope nests them, and each attachment is decoded in chunks with a size
cap, so a package cannot make us allocate more than the cap per file.
"""

from __future__ import annotations

import base64
import binascii
import io
import logging
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import PurePosixPath, PureWindowsPath

from directives.parsing.errors import DirectiveParseError

logger = logging.getLogger("dondoc.arrival")

NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
PREFIX = "edXML"

MAX_PACKAGE_BYTES = 40 * 1024 * 1024  # base64 makes a 20 MB PDF about 27 MB of XML
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024  # decoded, per attachment (the upload limit)
MAX_ATTACHMENTS_BYTES = 40 * 1024 * 1024  # decoded, all attachments together
MAX_ATTACHMENTS = 30
_CHUNK = 4 * 64 * 1024  # base64 characters decoded at a time (a multiple of 4)

# OtherInfo/Priority: 0 thường, 1 khẩn, 2 thượng khẩn, 3 hỏa tốc, 4 hỏa tốc hẹn giờ
_PRIORITY = {"0": "thuong", "1": "khan", "2": "thuong_khan", "3": "hoa_toc", "4": "hoa_toc"}
_PRIORITY_WORDS = (
    ("thuong khan", "thuong_khan"),
    ("hoa toc", "hoa_toc"),
    ("khan", "khan"),
    ("thuong", "thuong"),
)


@dataclass
class Attachment:
    name: str
    content_type: str
    data: bytes
    description: str = ""

    @property
    def size(self) -> int:
        return len(self.data)


@dataclass
class Package:
    envelope: dict
    attachments: list[Attachment]


def _fail(message: str, code: str, log_message: str) -> DirectiveParseError:
    logger.info("edXML refused: %s (%s)", log_message, code)
    return DirectiveParseError(message, code=code, log_message=log_message)


def looks_like_edxml(data: bytes, filename: str = "") -> bool:
    """An .edxml name, or XML whose first few kilobytes mention the QCVN 102 namespace."""
    if filename.lower().endswith(".edxml"):
        return True
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<") and NS.encode() in data[:8192]


# --------------------------------------------------------------------------- reading


def read_package(data: bytes) -> Package:
    """Envelope values and decoded attachments of one edXML package, or DirectiveParseError."""
    if not data:
        raise _fail("Tệp rỗng, không có nội dung để đọc.", "empty", "empty edXML")
    if len(data) > MAX_PACKAGE_BYTES:
        raise _fail(
            f"Gói edXML vượt quá dung lượng cho phép ({MAX_PACKAGE_BYTES // (1024 * 1024)} MB).",
            "too_large",
            f"edXML of {len(data)} bytes exceeds {MAX_PACKAGE_BYTES}",
        )
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import iterparse

    header: dict = {}
    trace: list[dict] = []
    attachments: list[Attachment] = []
    total = 0
    root_seen = False
    stack: list[str] = []
    try:
        for event, elem in iterparse(
            io.BytesIO(data), events=("start", "end"), forbid_dtd=True, forbid_entities=True
        ):
            ns, local = _split(elem.tag)
            if event == "start":
                if not root_seen:
                    root_seen = True
                    if ns != NS:
                        raise _fail(
                            "Tệp không phải gói edXML (QCVN 102:2016): sai không gian tên.",
                            "edxml_namespace",
                            f"root element {elem.tag!r}",
                        )
                stack.append(local)
                continue
            stack.pop()
            if ns != NS:
                continue
            if local == "MessageHeader":
                header = _header(elem)
                elem.clear()
            elif local == "TraceHeaderList":
                trace = _trace(elem)
                elem.clear()
            elif local == "Attachment" and "AttachmentEncoded" in stack:
                if len(attachments) >= MAX_ATTACHMENTS:
                    raise _fail(
                        f"Gói edXML có quá nhiều tệp đính kèm (trên {MAX_ATTACHMENTS}).",
                        "edxml_too_many",
                        "too many attachments",
                    )
                att = _attachment(elem, index=len(attachments) + 1)
                total += att.size
                if total > MAX_ATTACHMENTS_BYTES:
                    raise _fail(
                        "Các tệp đính kèm trong gói edXML vượt quá tổng dung lượng cho phép.",
                        "too_large",
                        f"attachments exceed {MAX_ATTACHMENTS_BYTES} bytes in total",
                    )
                attachments.append(att)
                elem.clear()
    except DirectiveParseError:
        raise
    except DefusedXmlException as exc:
        raise _fail(
            "Gói edXML chứa khai báo DTD/thực thể hoặc tham chiếu bên ngoài; hệ thống không đọc loại tệp này.",
            "edxml_unsafe",
            f"defusedxml refused: {exc!r}",
        ) from exc
    except Exception as exc:  # noqa: BLE001 - ParseError and friends from a broken document
        raise _fail(
            "Gói edXML bị hỏng (XML không hợp lệ).", "edxml_corrupt", f"XML parse failed: {exc!r}"
        ) from exc
    if not header:
        raise _fail(
            "Gói edXML không có phần thông tin văn bản (MessageHeader).",
            "edxml_no_header",
            "no MessageHeader",
        )
    header["trace"] = trace
    return Package(envelope=header, attachments=attachments)


def _split(tag) -> tuple[str, str]:
    if not isinstance(tag, str):  # comments and processing instructions
        return "", ""
    if tag.startswith("{"):
        ns, _, local = tag[1:].partition("}")
        return ns, local
    return "", tag


def _child(elem, *path: str):
    """The first descendant along ``path`` (local names in the QCVN namespace)."""
    node = elem
    for name in path:
        if node is None:
            return None
        node = node.find(f"{{{NS}}}{name}")
    return node


def _text(elem, *path: str) -> str:
    node = _child(elem, *path)
    if node is None or node.text is None:
        return ""
    return " ".join(node.text.split())


def _header(h) -> dict:
    priority_raw = _text(h, "OtherInfo", "Priority")
    return {
        "organ_id": _text(h, "From", "OrganId"),
        "organ_name": _text(h, "From", "OrganName"),
        "document_id": _text(h, "DocumentId"),
        "number": _text(h, "Code", "CodeNumber"),
        "symbol": _text(h, "Code", "CodeNotation"),
        "place": _text(h, "PromulgationInfo", "Place"),
        "issued_on": _iso(_text(h, "PromulgationInfo", "PromulgationDate")),
        "type_name": _text(h, "DocumentType", "TypeName"),
        "subject": _text(h, "Subject"),
        "signer_capacity": _text(h, "SignerInfo", "Competence"),
        "signer_title": _text(h, "SignerInfo", "Position"),
        "signer": _text(h, "SignerInfo", "FullName"),
        "due_date": _iso(_text(h, "DueDate")),
        "priority": priority_raw,
        "urgency": urgency_of(priority_raw),
        "steering_type": _text(h, "SteeringType"),
        "to": [
            {"organ_id": _text(t, "OrganId"), "organ_name": _text(t, "OrganName")}
            for t in h.findall(f"{{{NS}}}To")
        ],
        "to_places": [
            " ".join(p.text.split())
            for p in h.findall(f"{{{NS}}}ToPlaces/{{{NS}}}Place")
            if p.text and p.text.strip()
        ],
    }


def _trace(elem) -> list[dict]:
    return [
        {"organ_id": _text(t, "OrganId"), "timestamp": _text(t, "Timestamp")}
        for t in elem.findall(f"{{{NS}}}TraceHeader")
    ]


def _iso(value: str) -> str | None:
    """yyyy/MM/dd (the standard), also yyyy-MM-dd and dd/MM/yyyy as some senders write."""
    value = value.strip()[:19]
    for fmt in ("%Y/%m/%d", "%Y-%m-%d", "%d/%m/%Y", "%Y/%m/%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"):
        try:
            return datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def urgency_of(priority: str) -> str:
    """Độ khẩn from OtherInfo/Priority: the code (0–4) or the words."""
    value = (priority or "").strip()
    if value in _PRIORITY:
        return _PRIORITY[value]
    from units.text import fold

    folded = fold(value)
    for words, code in _PRIORITY_WORDS:
        if words in folded:
            return code
    return "thuong"


def _safe_name(name: str, index: int) -> str:
    base = PureWindowsPath(PurePosixPath(name or "").name).name
    base = re.sub(r"[\x00-\x1f/\\]", "", base).strip(" .")
    return base[:200] or f"dinh-kem-{index}"


def _attachment(elem, *, index: int) -> Attachment:
    name = _safe_name(_text(elem, "AttachmentName"), index)
    content_type = _text(elem, "ContentType")[:100] or "application/octet-stream"
    encoded = _child(elem, "ContentTransferEncoded")
    text = encoded.text if encoded is not None and encoded.text else ""
    data = decode_base64(text, limit=MAX_ATTACHMENT_BYTES, name=name)
    return Attachment(name=name, content_type=content_type, data=data, description=_text(elem, "Description"))


_B64_NOISE = re.compile(rb"\s+")


def decode_base64(text: str, *, limit: int, name: str = "") -> bytes:
    """Decode chunk by chunk, stopping as soon as the output passes ``limit`` bytes."""
    out = io.BytesIO()
    pending = b""
    for start in range(0, len(text), _CHUNK):
        pending += _B64_NOISE.sub(b"", text[start : start + _CHUNK].encode("ascii", "replace"))
        usable = len(pending) // 4 * 4
        if usable:
            out.write(_b64(pending[:usable], name))
            pending = pending[usable:]
        if out.tell() > limit:
            raise _oversized(name, limit)
    if pending:
        out.write(_b64(pending + b"=" * (-len(pending) % 4), name))
    if out.tell() > limit:
        raise _oversized(name, limit)
    return out.getvalue()


def _b64(chunk: bytes, name: str) -> bytes:
    try:
        return base64.b64decode(chunk, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise _fail(
            f"Tệp đính kèm “{name}” trong gói edXML bị hỏng (mã hóa base64 không hợp lệ).",
            "edxml_base64",
            f"bad base64 in {name!r}: {exc}",
        ) from exc


def _oversized(name: str, limit: int) -> DirectiveParseError:
    return _fail(
        f"Tệp đính kèm “{name}” trong gói edXML vượt quá dung lượng cho phép ({limit // (1024 * 1024)} MB).",
        "too_large",
        f"attachment {name!r} exceeds {limit} bytes",
    )


# --------------------------------------------------------------------------- choosing the main file

_DOC_EXT = {".docx": 0, ".pdf": 1, ".doc": 2, ".odt": 2, ".rtf": 2, ".txt": 3}


def main_attachment(attachments: list[Attachment]) -> Attachment | None:
    """The document itself: a Word .docx if the sender included one (its structure reads best),
    else the PDF, else an older Word format, else a plain text file."""
    ranked = [
        (rank, i, a)
        for i, a in enumerate(attachments)
        if (rank := _DOC_EXT.get(PurePosixPath(a.name.lower()).suffix, _rank_by_type(a))) is not None
    ]
    if not ranked:
        return None
    ranked.sort(key=lambda r: (r[0], r[1]))
    return ranked[0][2]


def _rank_by_type(a: Attachment) -> int | None:
    ct = a.content_type.lower()
    if "wordprocessingml" in ct:
        return 0
    if ct == "application/pdf":
        return 1
    if ct in {"application/msword", "application/rtf", "application/vnd.oasis.opendocument.text"}:
        return 2
    return None


# --------------------------------------------------------------------------- writing (tests, tools)


def build_package(
    *,
    attachments: list[tuple[str, str, bytes]],
    organ_id: str = "",
    organ_name: str = "",
    number: str = "",
    symbol: str = "",
    place: str = "",
    issued_on: date | None = None,
    type_name: str = "",
    subject: str = "",
    signer: str = "",
    signer_title: str = "",
    signer_capacity: str = "",
    due_date: date | None = None,
    priority: str = "0",
    document_id: str = "",
    to_places: list[str] | None = None,
    steering_type: str = "0",
) -> bytes:
    """A QCVN 102 package with the ``edXML:`` prefix, as senders write it (used by tests and
    by anyone who wants to try the import with their own files)."""
    from xml.sax.saxutils import escape

    def el(name: str, value: str = "", children: str = "") -> str:
        return f"<{PREFIX}:{name}>{escape(value)}{children}</{PREFIX}:{name}>"

    fmt = "%Y/%m/%d"
    header = "".join(
        [
            el("From", children=el("OrganId", organ_id) + el("OrganName", organ_name)),
            el("DocumentId", document_id),
            el("Code", children=el("CodeNumber", number) + el("CodeNotation", symbol)),
            el(
                "PromulgationInfo",
                children=el("Place", place)
                + el("PromulgationDate", issued_on.strftime(fmt) if issued_on else ""),
            ),
            el("DocumentType", children=el("Type", "1") + el("TypeName", type_name)),
            el("Subject", subject),
            el(
                "SignerInfo",
                children=el("Competence", signer_capacity)
                + el("Position", signer_title)
                + el("FullName", signer),
            ),
            el("DueDate", due_date.strftime(fmt) if due_date else ""),
            el("ToPlaces", children="".join(el("Place", p) for p in to_places or [])),
            el("OtherInfo", children=el("Priority", priority)),
            el("SteeringType", steering_type),
        ]
    )
    trace = el(
        "TraceHeaderList",
        children=el("TraceHeader", children=el("OrganId", organ_id) + el("Timestamp", "")),
    )
    files = "".join(
        el(
            "Attachment",
            children=el("ContentId", f"att{i}")
            + el("AttachmentName", name)
            + el("ContentType", ctype)
            + el("ContentTransferEncoded", base64.b64encode(data).decode("ascii")),
        )
        for i, (name, ctype, data) in enumerate(attachments, 1)
    )
    xml = (
        f'<?xml version="1.0" encoding="UTF-8"?>'
        f'<{PREFIX}:edXMLEnvelope xmlns:{PREFIX}="{NS}">'
        + el("edXMLHeader", children=el("MessageHeader", children=header) + trace)
        + el("edXMLBody", children=el("AttachmentEncoded", children=files))
        + f"</{PREFIX}:edXMLEnvelope>"
    )
    return xml.encode("utf-8")
