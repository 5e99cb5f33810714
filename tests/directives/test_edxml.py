"""edXML packages (QCVN 102:2016): the envelope, the attachments, hostile packages, and the
commands reading an .edxml like the document it carries. Packages are built here by hand."""

from __future__ import annotations

import base64
import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command

from directives.arrival import apply_envelope, edxml, prepare
from directives.parsing import DirectiveParseError
from tests.directives.builders import CONG_VAN, numbered_docx

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
NS = edxml.NS


def package(**overrides) -> bytes:
    values = dict(
        attachments=[("56-KH-UBND.docx", DOCX_TYPE, numbered_docx())],
        organ_id="000.00.31.H55",
        organ_name="UBND huyện Sơn Hà",
        number="56",
        symbol="KH-UBND",
        place="Sơn Hà",
        issued_on=dt.date(2025, 4, 14),
        type_name="Kế hoạch",
        subject="Nâng cao chất lượng giải quyết thủ tục hành chính năm 2025",
        signer="Nguyễn Thanh Bình",
        signer_title="Phó Chủ tịch",
        signer_capacity="KT. CHỦ TỊCH",
        due_date=dt.date(2025, 5, 30),
        priority="2",
        document_id="d7f5c0de-0001",
        to_places=["Phòng Tư pháp", "UBND các xã"],
    )
    values.update(overrides)
    return edxml.build_package(**values)


def raw_package(header: str, attachments: str, doctype: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{doctype}'
        f'<edXML:edXMLEnvelope xmlns:edXML="{NS}"><edXML:edXMLHeader><edXML:MessageHeader>{header}'
        f"</edXML:MessageHeader></edXML:edXMLHeader><edXML:edXMLBody><edXML:AttachmentEncoded>{attachments}"
        "</edXML:AttachmentEncoded></edXML:edXMLBody></edXML:edXMLEnvelope>"
    ).encode()


def attachment_xml(name: str, ctype: str, data: bytes) -> str:
    b64 = base64.encodebytes(data).decode()  # wrapped at 76 characters, as MIME senders do
    return (
        f"<edXML:Attachment><edXML:AttachmentName>{name}</edXML:AttachmentName>"
        f"<edXML:ContentType>{ctype}</edXML:ContentType>"
        f"<edXML:ContentTransferEncoded>{b64}</edXML:ContentTransferEncoded></edXML:Attachment>"
    )


# --------------------------------------------------------------------------- the envelope


def test_envelope_values_from_the_header():
    arrival = prepare(package(), "goi.edxml")
    env = arrival.envelope
    assert arrival.kind == "edxml"
    assert (env["organ_id"], env["organ_name"]) == ("000.00.31.H55", "UBND huyện Sơn Hà")
    assert (env["number"], env["symbol"], env["place"]) == ("56", "KH-UBND", "Sơn Hà")
    assert env["issued_on"] == "2025-04-14" and env["due_date"] == "2025-05-30"
    assert env["type_name"] == "Kế hoạch"
    assert (env["signer"], env["signer_title"], env["signer_capacity"]) == (
        "Nguyễn Thanh Bình",
        "Phó Chủ tịch",
        "KT. CHỦ TỊCH",
    )
    assert env["urgency"] == "thuong_khan" and env["priority"] == "2"
    assert env["to_places"] == ["Phòng Tư pháp", "UBND các xã"]
    assert env["trace"] == [{"organ_id": "000.00.31.H55", "timestamp": ""}]
    assert arrival.package_id == "d7f5c0de-0001" and arrival.issuer_code == "000.00.31.H55"


@pytest.mark.parametrize(
    ("priority", "urgency"),
    [
        ("0", "thuong"),
        ("1", "khan"),
        ("2", "thuong_khan"),
        ("3", "hoa_toc"),
        ("Hỏa tốc", "hoa_toc"),
        ("", "thuong"),
    ],
)
def test_priority_to_urgency(priority, urgency):
    assert prepare(package(priority=priority), "a.edxml").envelope["urgency"] == urgency


def test_found_by_content_without_the_extension_and_nested_differently():
    docx = numbered_docx()
    header = (
        "<edXML:From><edXML:OrganId>000.00.00.H29</edXML:OrganId><edXML:OrganName>UBND tỉnh</edXML:OrganName></edXML:From>"
        "<edXML:Code><edXML:CodeNumber>7</edXML:CodeNumber><edXML:CodeNotation>CV-UBND</edXML:CodeNotation></edXML:Code>"
        "<edXML:PromulgationInfo><edXML:Place>Huế</edXML:Place><edXML:PromulgationDate>2025/07/01</edXML:PromulgationDate></edXML:PromulgationInfo>"
    )
    data = raw_package(header, attachment_xml("vb.docx", DOCX_TYPE, docx))
    arrival = prepare(data, "upload.xml")
    assert arrival.kind == "edxml" and arrival.main_bytes == docx
    assert arrival.envelope["issued_on"] == "2025-07-01" and arrival.envelope["symbol"] == "CV-UBND"


def test_main_attachment_is_the_word_file_and_the_rest_are_kept():
    pdf_bytes = b"%PDF-1.4 signed copy"
    arrival = prepare(
        package(
            attachments=[
                ("56-KH-UBND.pdf", "application/pdf", pdf_bytes),
                ("phu-luc.xlsx", "application/vnd.ms-excel", b"PK\x03\x04 sheet"),
                ("56-KH-UBND.docx", DOCX_TYPE, numbered_docx()),
            ]
        ),
        "a.edxml",
    )
    assert arrival.main_name == "56-KH-UBND.docx"
    assert [a.name for a in arrival.attachments] == ["56-KH-UBND.docx", "56-KH-UBND.pdf", "phu-luc.xlsx"]
    assert (
        arrival.attachments[1].data == pdf_bytes and arrival.attachments[1].content_type == "application/pdf"
    )


def test_attachment_names_cannot_climb_out_of_a_folder():
    data = raw_package(
        "<edXML:Subject>x</edXML:Subject>", attachment_xml("../../etc/vb.docx", DOCX_TYPE, numbered_docx())
    )
    assert prepare(data, "a.edxml").attachments[0].name == "vb.docx"


# --------------------------------------------------------------------------- hostile packages


def _refused(data: bytes, code: str) -> DirectiveParseError:
    with pytest.raises(DirectiveParseError) as info:
        prepare(data, "x.edxml")
    assert info.value.code == code, info.value.log_message
    assert info.value.message  # a Vietnamese sentence for the user
    return info.value


def test_entity_expansion_is_refused():
    doctype = (
        '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    )
    data = raw_package("<edXML:Subject>&lol3;</edXML:Subject>", "", doctype=doctype)
    _refused(data, "edxml_unsafe")


def test_external_entity_is_refused(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("mat khau")
    doctype = f'<!DOCTYPE x [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
    data = raw_package("<edXML:Subject>&xxe;</edXML:Subject>", "", doctype=doctype)
    err = _refused(data, "edxml_unsafe")
    assert "mat khau" not in err.message


def test_oversized_attachment_is_refused_before_decoding_it_all(monkeypatch):
    monkeypatch.setattr(edxml, "MAX_ATTACHMENT_BYTES", 300_000)
    big = b"\x00" * 2_000_000
    data = raw_package("<edXML:Subject>x</edXML:Subject>", attachment_xml("big.pdf", "application/pdf", big))
    err = _refused(data, "too_large")
    assert "big.pdf" in err.message


def test_decoder_stops_at_the_limit():
    text = base64.b64encode(b"a" * 1_000_000).decode()
    with pytest.raises(DirectiveParseError):
        edxml.decode_base64(text, limit=100_000)
    assert edxml.decode_base64(text, limit=1_000_000) == b"a" * 1_000_000


def test_package_without_an_attachment_is_refused():
    _refused(package(attachments=[]), "edxml_no_document")


def test_package_with_only_a_spreadsheet_is_refused():
    _refused(
        package(attachments=[("bang.xlsx", "application/vnd.ms-excel", b"PK\x03\x04")]), "edxml_no_document"
    )


def test_bad_base64_is_refused():
    data = raw_package(
        "<edXML:Subject>x</edXML:Subject>",
        "<edXML:Attachment><edXML:AttachmentName>a.pdf</edXML:AttachmentName>"
        "<edXML:ContentTransferEncoded>@@@not base64@@@</edXML:ContentTransferEncoded></edXML:Attachment>",
    )
    _refused(data, "edxml_base64")


def test_broken_xml_wrong_namespace_and_missing_header_are_refused():
    _refused(package()[:-40], "edxml_corrupt")
    _refused(package().replace(NS.encode(), b"urn:something-else"), "edxml_namespace")
    _refused(
        f'<edXML:edXMLEnvelope xmlns:edXML="{NS}"><edXML:edXMLBody/></edXML:edXMLEnvelope>'.encode(),
        "edxml_no_header",
    )


# --------------------------------------------------------------------------- envelope wins


def test_envelope_fills_and_wins_and_lists_disagreements():
    meta = {
        "kind": "cong_van",
        "number": "56",
        "symbol": "KH-UBND",
        "issuer": "UBND HUYỆN SƠN HÀ",
        "issued_on": "2025-04-15",
        "subject": "",
        "signer": "Nguyen Thanh Binh",
        "urgency": "thuong",
    }
    env = prepare(package(), "a.edxml").envelope
    disagreements = apply_envelope(meta, env)
    assert meta["issued_on"] == "2025-04-14"  # the envelope wins
    assert meta["issuer"] == "UBND HUYỆN SƠN HÀ"  # same up to case: the text's spelling stays
    assert meta["signer"] == "Nguyen Thanh Binh"  # same up to accents
    assert meta["subject"].startswith("Nâng cao")  # filled
    assert meta["kind"] == "ke_hoach"
    assert meta["issuer_code"] == "000.00.31.H55" and meta["package_id"] == "d7f5c0de-0001"
    assert meta["urgency"] == "thuong_khan" and meta["processing_deadline"] == "2025-05-30"
    assert meta["distribution"] == ["Phòng Tư pháp", "UBND các xã"]
    fields = {d["field"]: d for d in disagreements}
    assert set(fields) == {"issued_on", "kind"}
    assert fields["issued_on"] == {"field": "issued_on", "envelope": "2025-04-14", "text": "2025-04-15"}


# --------------------------------------------------------------------------- commands


def _json(path) -> dict:
    out = io.StringIO()
    call_command("parse_directive", str(path), "--json", stdout=out, stderr=io.StringIO())
    return json.loads(out.getvalue())


def test_parse_directive_prints_the_same_json_as_for_the_attachment(tmp_path):
    original = tmp_path / "kh.docx"
    original.write_bytes(numbered_docx())
    wrapped = tmp_path / "kh.edxml"
    wrapped.write_bytes(package(signer_title="PHÓ CHỦ TỊCH", subject="", place=""))
    assert _json(wrapped) == _json(original)


def test_parse_directive_takes_the_envelope_metadata(tmp_path):
    text_package = package(
        attachments=[("cv.txt", "text/plain", CONG_VAN.encode())], number="0418", document_id="p-2"
    )
    path = tmp_path / "cv.edxml"
    path.write_bytes(text_package)
    err = io.StringIO()
    out = io.StringIO()
    call_command("parse_directive", str(path), "--json", stdout=out, stderr=err)
    doc = json.loads(out.getvalue())["doc"]
    assert doc["number"] == "0418" and doc["issuer"] == "UBND huyện Sơn Hà"
    assert "0417" in err.getvalue()  # the text said 0417: reported


def test_parse_directive_reports_a_hostile_package(tmp_path):
    path = tmp_path / "x.edxml"
    path.write_bytes(package(attachments=[]))
    with pytest.raises(CommandError, match="không có tệp văn bản"):
        call_command("parse_directive", str(path), "--json", stdout=io.StringIO())


@pytest.mark.django_db
def test_import_directive_reads_an_edxml(tmp_path, cast, settings):
    from directives.models import Directive

    settings.MEDIA_ROOT = tmp_path / "media"
    path = tmp_path / "kh.edxml"
    path.write_bytes(
        package(
            number="57",
            attachments=[
                ("56-KH-UBND.docx", DOCX_TYPE, numbered_docx()),
                ("phu-luc.pdf", "application/pdf", b"%PDF-1.4 phu luc"),
            ],
        )
    )
    call_command("import_directive", str(path), stdout=io.StringIO())
    directive = Directive.objects.get()
    assert (directive.number, directive.symbol, directive.issued_on) == (
        "57",
        "KH-UBND",
        dt.date(2025, 4, 14),
    )
    assert directive.issuer == "UBND huyện Sơn Hà" and directive.kind == "ke_hoach"
    assert directive.package_id == "d7f5c0de-0001" and directive.issuer_code == "000.00.31.H55"
    assert (directive.urgency, directive.processing_deadline) == ("thuong_khan", dt.date(2025, 5, 30))
    files = {a.name: a.file.read() for a in directive.attachments.all()}
    assert files["phu-luc.pdf"] == b"%PDF-1.4 phu luc" and set(files) == {"56-KH-UBND.docx", "phu-luc.pdf"}
    # the same package again is refused (the exchange resends)
    with pytest.raises(CommandError, match="đã được nhập"):
        call_command("import_directive", str(path), stdout=io.StringIO())
    assert Directive.objects.count() == 1
