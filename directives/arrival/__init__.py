"""How documents arrive, before the parser reads them.

``prepare(data, filename)`` looks at the content (magic bytes first, the name second) and returns
an :class:`Arrival`: the bytes the parser should read and what came with them.

- an edXML package (QCVN 102:2016) → its envelope (the document's identity as the sender
  registered it) and its main attachment; the other attachments are kept;
- a legacy Word file (.doc, .rtf, .odt) → converted to .docx with LibreOffice;
- a PDF without a text layer (a scan) → the same PDF with a text layer from ocrmypdf
  (Tesseract, Vietnamese model), with a warning that the text must be checked;
- anything else passes through untouched.

Failures raise :class:`directives.parsing.DirectiveParseError`, like the parser, with a
Vietnamese message for the user. The intake job calls ``prepare`` in the worker (it may run
LibreOffice or OCR for tens of seconds), then parses ``main_bytes`` / ``main_name``, then
``apply_envelope(meta, envelope)`` so the envelope's values win and disagreements are listed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from directives.parsing.errors import DirectiveParseError

from . import convert, edxml, ocr
from .edxml import Attachment

logger = logging.getLogger("dondoc.arrival")

__all__ = ["Arrival", "Attachment", "apply_envelope", "apply_envelope_json", "prepare", "sniff"]


@dataclass
class Arrival:
    main_bytes: bytes
    main_name: str
    kind: str  # the draft's source_kind: text | docx | pdf | edxml | doc | scan
    envelope: dict = field(default_factory=dict)
    attachments: list[Attachment] = field(default_factory=list)  # kept with the directive
    warnings: list[str] = field(default_factory=list)  # Vietnamese, shown on the review page
    ocr_used: bool = False
    converted_from: str = ""  # "doc" | "rtf" | "odt" when LibreOffice converted the main file

    @property
    def package_id(self) -> str:
        return self.envelope.get("document_id", "")

    @property
    def issuer_code(self) -> str:
        return self.envelope.get("organ_id", "")


def sniff(data: bytes, filename: str = "") -> str:
    """'edxml', 'doc' (also .rtf/.odt), 'pdf' or 'other' (left to the parser's reader)."""
    if data[:4] == b"%PDF":
        return "pdf"
    if convert.legacy_kind(data, filename):
        return "doc"
    if edxml.looks_like_edxml(data, filename):
        return "edxml"
    return "other"


def prepare(
    data: bytes,
    filename: str,
    *,
    on_ocr: Callable[[], None] | None = None,
    ocr_timeout: float | None = None,
    convert_timeout: float | None = None,
) -> Arrival:
    """The bytes the parser should read. ``on_ocr`` is called just before OCR starts (the intake
    sets the draft's status to "ocr" there, so the status page can say so)."""
    kind = sniff(data, filename)
    if kind == "edxml":
        return _from_package(
            data, filename, on_ocr=on_ocr, ocr_timeout=ocr_timeout, convert_timeout=convert_timeout
        )
    return _prepare_file(
        data, filename, on_ocr=on_ocr, ocr_timeout=ocr_timeout, convert_timeout=convert_timeout
    )


def _prepare_file(data: bytes, filename: str, *, on_ocr, ocr_timeout, convert_timeout) -> Arrival:
    legacy = convert.legacy_kind(data, filename)
    if legacy:
        kwargs = {"timeout": convert_timeout} if convert_timeout else {}
        docx = convert.to_docx(data, legacy, **kwargs)
        logger.info("converted %s (%d bytes) to .docx (%d bytes)", legacy, len(data), len(docx))
        return Arrival(
            main_bytes=docx,
            main_name=f"{PurePosixPath(filename or 'van-ban').stem}.docx",
            kind="doc",
            converted_from=legacy,
        )
    if data[:4] == b"%PDF" and ocr.needs_ocr(data):
        if on_ocr is not None:
            on_ocr()
        kwargs = {"timeout": ocr_timeout} if ocr_timeout else {}
        text_pdf = ocr.ocr_pdf(data, **kwargs)
        logger.info("OCR added a text layer to a %d-byte scan", len(data))
        return Arrival(
            main_bytes=text_pdf,
            main_name=filename or "ban-scan.pdf",
            kind="scan",
            warnings=[ocr.WARNING],
            ocr_used=True,
        )
    if data[:4] == b"%PDF":
        kind = "pdf"
    elif data[:4] == b"PK\x03\x04":
        kind = "docx"
    else:
        kind = "pdf" if filename.lower().endswith(".pdf") else "text"
    return Arrival(main_bytes=data, main_name=filename, kind=kind)


def _from_package(data: bytes, filename: str, *, on_ocr, ocr_timeout, convert_timeout) -> Arrival:
    package = edxml.read_package(data)
    main = edxml.main_attachment(package.attachments)
    if main is None:
        raise DirectiveParseError(
            "Gói edXML không có tệp văn bản đính kèm (PDF hoặc Word) để đọc.",
            code="edxml_no_document",
            log_message=f"no readable attachment among {[a.name for a in package.attachments]}",
        )
    if edxml.looks_like_edxml(main.data, ""):
        raise DirectiveParseError(
            "Gói edXML lồng trong gói edXML không được hỗ trợ.",
            code="edxml_nested",
            log_message="nested edXML package",
        )
    inner = _prepare_file(
        main.data, main.name, on_ocr=on_ocr, ocr_timeout=ocr_timeout, convert_timeout=convert_timeout
    )
    others = [a for a in package.attachments if a is not main]
    return Arrival(
        main_bytes=inner.main_bytes,
        main_name=inner.main_name,
        kind="edxml",
        envelope=package.envelope,
        attachments=[main, *others],
        warnings=[*package_warnings(package.envelope.get("document_id", "")), *inner.warnings],
        ocr_used=inner.ocr_used,
        converted_from=inner.converted_from,
    )


def package_warnings(package_id: str) -> list[str]:
    """A warning when this package (its DocumentId) was already registered or is waiting in
    another draft: the exchange delivers the same package again after a resend."""
    if not package_id:
        return []
    try:
        from directives.models import Directive, IntakeDraft

        directive = Directive.objects.filter(package_id=package_id).order_by("pk").first()
        waiting = (
            IntakeDraft.objects.filter(data__meta__package_id=package_id)
            .exclude(status__in=[IntakeDraft.Status.CONFIRMED, IntakeDraft.Status.FAILED])
            .exists()
        )
    except Exception:  # noqa: BLE001 - no database (a bare parse): nothing to compare with
        logger.debug("package id check skipped", exc_info=True)
        return []
    if directive is not None:
        return [
            f"Gói edXML này (mã {package_id}) đã có trong hệ thống: {directive} đã được nhập. "
            "Kiểm tra trước khi tạo để không nhập trùng."
        ]
    if waiting:
        return [f"Gói edXML này (mã {package_id}) đã có trong một bản nhập khác đang chờ rà soát."]
    return []


# --------------------------------------------------------------------------- envelope → metadata

# draft.data["meta"] key ← envelope key; the envelope wins over what the parser read
_META_FIELDS = (
    ("number", "number"),
    ("symbol", "symbol"),
    ("issuer", "organ_name"),
    ("issuer_code", "organ_id"),
    ("place", "place"),
    ("issued_on", "issued_on"),
    ("subject", "subject"),
    ("signer", "signer"),
    ("signer_title", "signer_title"),
    ("urgency", "urgency"),
    ("processing_deadline", "due_date"),
    ("package_id", "document_id"),
)
# fields where the text normally says nothing: no disagreement is reported for them
_QUIET = {"issuer_code", "package_id", "urgency", "processing_deadline"}


def _norm(value) -> str:
    from units.text import fold

    text = " ".join(fold(str(value)).split()).strip(" .")
    return text.replace("uy ban nhan dan", "ubnd").replace("hoi dong nhan dan", "hdnd")


def _same(a, b, *, key: str = "") -> bool:
    """Equal up to case, accents and the usual abbreviations; for the signer's capacity the
    envelope often gives only the last line ("KT. CHỦ TỊCH" of "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH")."""
    x, y = _norm(a), _norm(b)
    if x == y:
        return True
    return key == "signer_capacity" and bool(x) and bool(y) and (x in y or y in x)


def apply_envelope(meta: dict, envelope: dict) -> list[dict]:
    """Fill ``meta`` (the draft's data["meta"]) from the envelope, in place. Where the text
    said something else, the envelope wins and the difference is returned as
    ``{"field", "envelope", "text"}``; where they agree (up to case and accents) the text's
    spelling is kept."""
    if not envelope:
        return []
    disagreements: list[dict] = []
    for key, env_key in _META_FIELDS:
        value = envelope.get(env_key)
        if value in (None, "", []):
            continue
        if key == "urgency" and value == "thuong" and meta.get("urgency") not in (None, ""):
            continue  # "thường" is the envelope's default; keep a stricter độ khẩn read from the text
        current = meta.get(key)
        if current in (None, "", []):
            meta[key] = value
        elif not _same(current, value):
            if key not in _QUIET:
                disagreements.append({"field": key, "envelope": value, "text": current})
            meta[key] = value
    kind = _kind(envelope.get("type_name", ""))
    if kind:
        if meta.get("kind") and meta["kind"] != kind:
            disagreements.append({"field": "kind", "envelope": kind, "text": meta["kind"]})
        meta["kind"] = kind
    if envelope.get("to_places") and not meta.get("distribution"):
        meta["distribution"] = list(envelope["to_places"])
    return disagreements


def _kind(type_name: str) -> str:
    if not type_name:
        return ""
    from directives.models import DirectiveKind
    from directives.services import kind_from_type

    kind = kind_from_type(type_name)
    return "" if kind == DirectiveKind.OTHER else str(kind)


# the parser's JSON ("doc" of parse_directive --json) key ← envelope key
_JSON_FIELDS = (
    ("type", "type_name"),
    ("number", "number"),
    ("symbol", "symbol"),
    ("issued_date", "issued_on"),
    ("issuer", "organ_name"),
    ("place", "place"),
    ("subject", "subject"),
    ("signer", "signer"),
    ("signer_title", "signer_title"),
    ("signer_capacity", "signer_capacity"),
)


def apply_envelope_json(doc: dict, envelope: dict) -> list[dict]:
    """The same rule for the parser's JSON: the envelope wins, the text's spelling is kept where
    both agree, so an envelope consistent with its document leaves the JSON unchanged."""
    disagreements = []
    for key, env_key in _JSON_FIELDS:
        value = envelope.get(env_key)
        if not value:
            continue
        current = doc.get(key)
        if not current:
            doc[key] = value
        elif not _same(current, value, key=key):
            disagreements.append({"field": key, "envelope": value, "text": current})
            doc[key] = value
    return disagreements


def apply_envelope_parsed(parsed, envelope: dict) -> list[dict]:
    """The same rule on a :class:`ParsedDirective`'s metadata (for the commands)."""
    import datetime as dt

    if not envelope:
        return []
    m = parsed.meta
    doc = {
        "type": m.type,
        "number": m.number,
        "symbol": m.symbol,
        "issued_date": m.issued_date.isoformat() if m.issued_date else None,
        "issuer": m.issuer,
        "place": m.place,
        "subject": m.subject,
        "signer": m.signer,
        "signer_title": m.signer_title,
        "signer_capacity": m.signer_capacity,
    }
    disagreements = apply_envelope_json(doc, envelope)
    for key, value in doc.items():
        if key == "issued_date":
            m.issued_date = dt.date.fromisoformat(value) if value else None
        else:
            setattr(m, key, value)
    return disagreements


def read_path(path) -> tuple[bytes, str]:
    """A file's bytes for the commands, refusing one larger than an edXML package may be."""
    from pathlib import Path

    p = Path(path)
    try:
        size = p.stat().st_size
        if size > edxml.MAX_PACKAGE_BYTES:
            raise DirectiveParseError(
                "Tệp vượt quá dung lượng cho phép.", code="too_large", log_message=f"{p} is {size} bytes"
            )
        return p.read_bytes(), p.name
    except OSError as exc:
        raise DirectiveParseError("Không mở được tệp.", code="unreadable", log_message=str(exc)) from exc


def directive_fields(arrival: Arrival) -> dict:
    """Values for Directive fields that only the envelope knows (issuer code, package id, độ khẩn,
    hạn xử lý), limited to the fields the model has."""
    from directives.models import Directive

    env = arrival.envelope
    if not env:
        return {}
    wanted = {
        "issuer_code": env.get("organ_id", ""),
        "package_id": env.get("document_id", ""),
        "urgency": env.get("urgency", ""),
        "processing_deadline": env.get("due_date"),
    }
    names = {f.name for f in Directive._meta.get_fields()}
    return {k: v for k, v in wanted.items() if k in names and v not in (None, "")}
