"""The parser on .docx files built here with python-docx: Word automatic numbering (w:numPr
with w:abstractNum/w:num definitions), header and footer layout tables, a task table."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest

from directives.parsing import parse_bytes
from directives.parsing.readers import read_bytes
from directives.parsing.structure import Paragraph, Table
from tests.directives.builders import DocxBuilder, numbered_docx


@pytest.fixture(scope="module")
def parsed():
    return parse_bytes(numbered_docx(pages=1), "ke-hoach.docx")


def test_file_is_a_real_docx_with_numbering():
    data = numbered_docx(pages=1)
    document = docx.Document(io.BytesIO(data))
    numbered = [p for p in document.paragraphs if p._p.pPr is not None and p._p.pPr.numPr is not None]
    assert numbered and not numbered[0].text.startswith(("I.", "1."))  # labels are not in the text


def test_reader_turns_numbering_into_visible_labels():
    source = read_bytes(numbered_docx(pages=1), "x.docx")
    labels = [b.label for b in source.blocks if isinstance(b, Paragraph) and b.label]
    assert labels[:6] == ["I.", "-", "II.", "1.", "-", "-"]
    assert "a)" in labels
    tables = [b for b in source.blocks if isinstance(b, Table)]
    assert len(tables) == 3  # header, task table, footer


def test_numbering_restarts_below_a_higher_level():
    b = DocxBuilder()
    b.para("PHẦN MỘT", level=0)
    b.para("Mục một", level=1)
    b.para("Mục hai", level=1)
    b.para("PHẦN HAI", level=0)
    b.para("Mục một của phần hai", level=1)
    source = read_bytes(b.to_bytes(), "x.docx")
    assert [p.label for p in source.blocks] == ["I.", "1.", "2.", "II.", "1."]


def test_header_and_footer_tables_give_metadata(parsed):
    m = parsed.meta
    assert (m.type, m.number, m.symbol) == ("Kế hoạch", "56", "KH-UBND")
    assert m.issued_date == dt.date(2025, 4, 14)
    assert m.issuer == "UBND huyện Sơn Hà"
    assert m.subject == "Nâng cao chất lượng giải quyết thủ tục hành chính năm 2025"
    assert (m.signer, m.signer_title) == ("Nguyễn Thanh Bình", "PHÓ CHỦ TỊCH")
    assert m.cc == ["Sở Nội vụ", "Như trên", "Lưu: VT"]


def test_clause_labels_from_automatic_numbering(parsed):
    labels = [t.clause for t in parsed.tasks]
    assert labels[:3] == ["II.1-1", "II.1-2", "II.1-3"]
    first = parsed.tasks[0]
    assert first.lead_units == ["Phòng Tư pháp"]  # heading "1. Phòng Tư pháp có trách nhiệm"
    assert first.deadline == dt.date(2025, 6, 30)
    assert parsed.tasks[1].cooperating_units == ["UBND các xã"]
    assert parsed.tasks[2].deadline == dt.date(2025, 9, 30)


def test_purpose_section_is_not_a_task(parsed):
    assert all("đúng hạn" not in t.title for t in parsed.tasks)


def test_task_table_rows_are_tasks(parsed):
    rows = [t for t in parsed.tasks if t.clause.startswith("PL")]
    assert [(t.clause, t.lead_units, t.cooperating_units, t.deadline) for t in rows] == [
        ("PL.1", ["Văn phòng HĐND và UBND huyện"], ["Các xã"], dt.date(2025, 6, 30)),
        ("PL.2", ["Phòng Nội vụ"], [], dt.date(2025, 9, 30)),
    ]


def test_docx_and_text_of_the_same_directive_agree():
    from directives.parsing import parse_text
    from tests.directives.builders import KE_HOACH

    b = DocxBuilder()
    for line in KE_HOACH.splitlines():
        if line.strip():
            b.para(line)
    from_docx = parse_bytes(b.to_bytes(), "kh.docx")
    from_text = parse_text(KE_HOACH)
    assert [t.as_json() for t in from_docx.tasks] == [t.as_json() for t in from_text.tasks]
    assert from_docx.meta == from_text.meta
