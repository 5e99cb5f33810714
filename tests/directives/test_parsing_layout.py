"""Layout passes: how each input kind becomes paragraphs and tables."""

from __future__ import annotations

from directives.parsing.readers import read_text, table_row_cells, text_blocks
from directives.parsing.references import find_references
from directives.parsing.structure import Paragraph, Table


def _tables(blocks):
    return [b for b in blocks if isinstance(b, Table)]


def test_pipe_rows_become_one_table_header_first():
    text = (
        "Phụ lục\n"
        "| STT | Nội dung | Cơ quan chủ trì | Thời gian |\n"
        "|---|---|---|---|\n"
        "| I | NHÓM GIẢI PHÁP |\n"
        "| 1 | Rà soát hồ sơ | Sở Tư pháp | Quý I/2026 |\n"
        "Sau bảng\n"
    )
    blocks = text_blocks(text)
    (table,) = _tables(blocks)
    assert table.rows[0] == ["STT", "Nội dung", "Cơ quan chủ trì", "Thời gian"]
    assert table.rows[1] == ["I", "NHÓM GIẢI PHÁP"]
    assert table.rows[2] == ["1", "Rà soát hồ sơ", "Sở Tư pháp", "Quý I/2026"]
    paragraphs = [b.text for b in blocks if isinstance(b, Paragraph)]
    assert paragraphs == ["Phụ lục", "Sau bảng"]
    assert blocks.index(table) == 1  # tables keep their place in reading order


def test_pipe_rows_without_outer_bars():
    assert table_row_cells("1 | Rà soát | Sở Tư pháp | 2026") == ["1", "Rà soát", "Sở Tư pháp", "2026"]


def test_tab_separated_rows_become_a_table():
    text = "STT\tNội dung\tChủ trì\n1\tRà soát\tSở Tư pháp\n2\tBáo cáo\tSở Nội vụ\n"
    (table,) = _tables(read_text(text).blocks)
    assert table.rows == [
        ["STT", "Nội dung", "Chủ trì"],
        ["1", "Rà soát", "Sở Tư pháp"],
        ["2", "Báo cáo", "Sở Nội vụ"],
    ]


def test_a_lone_pipe_line_stays_text():
    blocks = text_blocks("Nội dung A | B | C\nTiếp theo.\n")
    assert not _tables(blocks)


def test_a_sentence_with_one_bar_is_not_a_row():
    assert table_row_cells("Quyết định số 12/QĐ-UBND | ban hành") is None


def test_references_after_many_early_references_are_all_found():
    text = " ".join(f"Quyết định số {k}/QĐ-UBND;" for k in range(1, 400)) + " và 77/KH-UBND."
    refs = find_references(text)
    assert len(refs) == 400
    assert refs[-1].number == "77"
