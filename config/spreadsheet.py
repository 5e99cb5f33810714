"""Spreadsheet cells that stay text (CSV/formula injection, OWASP "CSV Injection").

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by
Excel, LibreOffice and Google Sheets as a formula: a task title or a progress note
``=HYPERLINK("http://…", "…")`` written by any unit would become a live link in leadership's
report. Every CSV and XLSX export goes through these two helpers:

* CSV: such a value gets a leading apostrophe (the OWASP rule);
* XLSX: every string is written as a string cell (never a formula) with Excel's "quote prefix"
  style, the native form of that apostrophe, so the text shows exactly as written.
"""

from __future__ import annotations

from typing import Any

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> Any:
    """The value for a CSV cell: text that a spreadsheet would run as a formula gets ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return f"'{value}"
    return value


def csv_row(values) -> list[Any]:
    return [csv_safe(v) for v in values]


def xlsx_cell(sheet, value: Any):
    """A write-only cell; strings are always string cells, never formulas."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(FORMULA_TRIGGERS):
            cell.quotePrefix = True
    return cell
