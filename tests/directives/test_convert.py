"""Legacy Word (.doc, .rtf, .odt) converted to .docx with LibreOffice, then parsed as .docx.
The legacy files are made here by LibreOffice from a fixture .docx; CI installs LibreOffice
(.ci/run), so these run there."""

from __future__ import annotations

import io
import json
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command

from directives.arrival import convert, prepare, sniff
from directives.parsing import DirectiveParseError, parse_bytes
from tests.directives.builders import numbered_docx

needs_soffice = pytest.mark.skipif(
    not convert.available(),
    reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui",
)

FILTERS = {"doc": "doc:MS Word 97", "rtf": "rtf:Rich Text Format", "odt": "odt:writer8"}


@pytest.fixture(scope="module")
def legacy_files() -> dict[str, bytes]:
    """The fixture .docx saved by LibreOffice as .doc, .rtf and .odt (one soffice start)."""
    if not convert.available():
        pytest.skip("LibreOffice (soffice) is not installed")
    made = {}
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "ke-hoach.docx"
        source.write_bytes(numbered_docx())
        for ext, filt in FILTERS.items():
            subprocess.run(
                [
                    convert.soffice_path(),
                    f"-env:UserInstallation={(Path(tmp) / 'profile').as_uri()}",
                    "--headless",
                    "--convert-to",
                    filt,
                    "--outdir",
                    tmp,
                    str(source),
                ],
                check=True,
                capture_output=True,
                timeout=120,
            )
            made[ext] = (Path(tmp) / f"ke-hoach.{ext}").read_bytes()
    return made


@needs_soffice
@pytest.mark.parametrize("ext", ["doc", "rtf", "odt"])
def test_legacy_word_is_converted_and_parsed_like_the_docx(legacy_files, ext):
    data = legacy_files[ext]
    assert sniff(data, f"kh.{ext}") == "doc"
    arrival = prepare(data, f"ke-hoach.{ext}")
    assert (arrival.kind, arrival.converted_from, arrival.main_name) == ("doc", ext, "ke-hoach.docx")
    converted = parse_bytes(arrival.main_bytes, arrival.main_name).as_json()
    original = parse_bytes(numbered_docx(), "kh.docx").as_json()
    assert converted["tasks"] == original["tasks"]
    for key in ("type", "number", "symbol", "issued_date", "issuer", "subject", "signer"):
        assert converted["doc"][key] == original["doc"][key], key


@needs_soffice
def test_parse_directive_accepts_a_doc(legacy_files, tmp_path):
    path = tmp_path / "kh.doc"
    path.write_bytes(legacy_files["doc"])
    out = io.StringIO()
    call_command("parse_directive", str(path), "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["doc"]["symbol"] == "KH-UBND" and data["tasks"]


@needs_soffice
def test_conversion_has_a_timeout(legacy_files):
    with pytest.raises(DirectiveParseError) as info:
        convert.to_docx(legacy_files["doc"], "doc", timeout=0.05)
    assert info.value.code == "convert_timeout"


@needs_soffice
def test_a_broken_doc_gives_a_clear_message():
    broken = convert.OLE_MAGIC + b"\x00" * 600
    with pytest.raises(DirectiveParseError) as info:
        prepare(broken, "hong.doc")
    assert info.value.code == "convert_failed" and ".docx" in info.value.message


def test_without_libreoffice_the_message_names_the_package(monkeypatch):
    monkeypatch.setattr(convert, "soffice_path", lambda: None)
    with pytest.raises(DirectiveParseError) as info:
        prepare(convert.OLE_MAGIC + b"\x00" * 100, "cu.doc")
    assert info.value.code == "legacy_doc"
    assert "libreoffice-writer" in info.value.message


def test_docx_and_text_pass_through_untouched():
    docx = numbered_docx()
    arrival = prepare(docx, "kh.docx")
    assert (arrival.kind, arrival.main_bytes, arrival.envelope, arrival.warnings) == ("docx", docx, {}, [])
    assert prepare("Số: 1/UBND".encode(), "a.txt").kind == "text"


def test_outside_programs_run_without_network(tmp_path):
    from directives.arrival import tools

    if not tools._no_network_prefix():
        pytest.skip("this kernel does not allow unprivileged network namespaces (unshare -rn)")
    import sys

    probe = "import socket\ntry:\n    socket.create_connection(('192.0.2.1', 80), timeout=3)\nexcept OSError as e:\n    print(e.errno)\n"
    result = tools.run([sys.executable, "-c", probe], timeout=20, cwd=str(tmp_path), home=str(tmp_path))
    import errno

    assert result.stdout.strip() == str(errno.ENETUNREACH)


@needs_soffice
@pytest.mark.django_db
def test_a_doc_through_the_intake_becomes_a_ready_draft(legacy_files, cast, settings, tmp_path):
    from directives.intake import intake_process, intake_submit
    from directives.models import IntakeDraft

    settings.MEDIA_ROOT = tmp_path / "media"
    draft = intake_submit(actor=cast.office, data=legacy_files["doc"], filename="ke-hoach-56.doc")
    assert draft.source_kind == "doc"
    assert intake_process(draft.pk) == IntakeDraft.Status.READY
    draft.refresh_from_db()
    expected = parse_bytes(numbered_docx(), "kh.docx")
    assert draft.source_kind == "doc" and not draft.ocr_used
    assert draft.data["meta"]["symbol"] == "KH-UBND" and len(draft.data["rows"]) == len(expected.tasks)


def test_without_libreoffice_the_intake_draft_fails_with_the_message(monkeypatch, cast, settings, tmp_path):
    from directives.intake import intake_process, intake_submit
    from directives.models import IntakeDraft

    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr(convert, "soffice_path", lambda: None)
    draft = intake_submit(actor=cast.office, data=convert.OLE_MAGIC + b"\x00" * 600, filename="cu.doc")
    assert intake_process(draft.pk) == IntakeDraft.Status.FAILED
    draft.refresh_from_db()
    assert "libreoffice-writer" in draft.error_message
