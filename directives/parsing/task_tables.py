"""Task tables (Phụ lục, "Danh mục nhiệm vụ"): one task per row.

The readers deliver every table as rows of cell texts (a Word table, pipe- or tab-separated
text, or a PDF table); :mod:`lines` finds the header row and which column holds what, by the
header's words (Nội dung / Nhiệm vụ, Cơ quan chủ trì, Cơ quan phối hợp, Thời gian / Thời hạn
hoàn thành, Sản phẩm). Here each row becomes a task:

* a group row ("I", "II", "A" in the number column, or one upper-case cell) starts a group; the
  rows' numbering restarts in each group, so labels are ``PL.<group>.<n>``;
* the lead is the row's own "chủ trì" cell, else the row above's (a cell merged down over
  several rows, flagged), else the group row's, else the content's own actor, else the
  document's lead-in addressees (flagged);
* the time cell is a field value for the deadline rules; recurrence from it or the content.
"""

from __future__ import annotations

import re

from . import doubts
from .actors import clause_actor, field_units
from .lines import TaskTable
from .metadata import Metadata
from .tasks import TaskCandidate, deadline_of
from .textutil import first_words, fold

_GROUP_NUMBER = re.compile(r"[IVXLC]+\.?|[A-Z]\.?")
_ROW_NUMBER = re.compile(r"\(?\d+\)?")


class _Row:
    def __init__(self, table: TaskTable, cells: list[str]) -> None:
        self.table = table
        self.cells = cells

    def cell(self, name: str) -> str:
        idx = self.table.columns.get(name)
        return self.cells[idx].strip() if idx is not None and idx < len(self.cells) else ""

    @property
    def filled(self) -> list[str]:
        return [c for c in self.cells if c.strip()]


def is_header_echo(row: _Row) -> bool:
    """A repeated header (a table split over pages) or a column-number row "(1) (2) (3)"."""
    content = row.cell("content")
    header = row.table.header
    idx = row.table.columns.get("content")
    if idx is not None and idx < len(header) and fold(content) == fold(header[idx]):
        return True
    return all(_ROW_NUMBER.fullmatch(c.strip()) for c in row.filled)


def is_group_row(row: _Row) -> bool:
    """ "| II | HỖ TRỢ VÀ PHÁT TRIỂN CÔNG NGHỆ |": a Roman or capital-letter number, or a
    single upper-case cell with no lead and no time."""
    stt = row.cell("stt")
    if stt and _GROUP_NUMBER.fullmatch(stt):
        return True
    content = row.cell("content") or (row.filled[0] if row.filled else "")
    lone = len(row.filled) <= 2 and not row.cell("lead") and not row.cell("time")
    return lone and content.isupper() and not _ROW_NUMBER.fullmatch(stt or "x")


def group_name(row: _Row) -> str:
    stt = row.cell("stt").rstrip(".")
    return stt if stt and _GROUP_NUMBER.fullmatch(stt) else ""


def table_tasks(
    tables: list[TaskTable], meta: Metadata, default_lead: list[str], *, calendar=None
) -> list[TaskCandidate]:
    out: list[TaskCandidate] = []
    for k, table in enumerate(tables, start=1):
        prefix = "PL" if len(tables) == 1 else f"PL{k}"
        group = ""
        group_lead: list[str] = []
        above: list[str] = []  # the lead of the row above (a cell merged over several rows)
        n_in_group = 0
        for cells in table.rows:
            row = _Row(table, cells)
            if not row.filled or is_header_echo(row):
                continue
            if is_group_row(row):
                group = group_name(row) or group
                lead_cell = row.cell("lead")
                group_lead = field_units(lead_cell) if lead_cell else []
                above = []
                n_in_group = 0
                continue
            content = row.cell("content")
            if not content:
                continue
            n_in_group += 1
            task = _row_task(row, meta, prefix, group, n_in_group, group_lead, above, default_lead, calendar)
            out.append(task)
            above = task.lead_units if task.lead_source in ("table", "row-above") else []
    return out


def _row_task(
    row: _Row,
    meta: Metadata,
    prefix: str,
    group: str,
    n: int,
    group_lead: list[str],
    above: list[str],
    default_lead: list[str],
    calendar,
) -> TaskCandidate:
    content = row.cell("content")
    flags: list[str] = []
    lead = field_units(row.cell("lead"))
    source = "table"
    if not lead and above and "lead" in row.table.columns:
        # an empty lead cell under a filled one: a cell merged down over several rows
        lead, source = list(above), "row-above"
        flags.append("lead_from_row_above")
    if not lead and group_lead:
        lead, source = list(group_lead), "table-group"
    if not lead:
        lead = clause_actor(content)
        source = "clause" if lead else ""
    if not lead:
        lead = list(default_lead)
        source = "doc-lead-in"
        flags.append("lead_from_doc_lead_in" if lead else "lead_missing")
    time_value = row.cell("time")
    result, recurrence = deadline_of(meta, [time_value] if time_value else [], content, calendar=calendar)
    stt = row.cell("stt").rstrip(".")
    number = stt if stt and not _GROUP_NUMBER.fullmatch(stt) else str(n)
    label = ".".join(filter(None, [prefix, group, number]))
    return TaskCandidate(
        clause=label,
        title=first_words(content),
        text=content,
        lead_units=lead,
        cooperating_units=field_units(row.cell("coop")),
        deadline=result.date,
        deadline_text=result.text or (time_value or None),
        recurrence=recurrence,
        extra_deadlines=[e.date for e in result.extra if e.date],
        deadline_rule=result.rule,
        lead_source=source,
        notes=[result.note] if result.note else [],
        line=row.table.line_index,
        flags=doubts.merge(flags, doubts.unit_flags(lead), result.flags),
        source="table",
        node=None,
    )
