"""Exports never hand a spreadsheet a live formula (OWASP "CSV injection").

A task title or a progress note that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is data written by a unit, not a formula: every CSV gets a leading apostrophe on such
cells, every XLSX writes them as string cells with Excel's quote-prefix style."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest
import time_machine
from django.urls import reverse

from config.spreadsheet import FORMULA_TRIGGERS, csv_safe
from tasks.models import ProgressUpdate, Task
from tests.factories import TaskFactory

EVIL_LINK = '=HYPERLINK("http://evil.example","Bấm vào đây")'
HOSTILE = [EVIL_LINK, "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1+1", "\r=1+1"]


@pytest.fixture
def frozen():
    with time_machine.travel(dt.datetime(2026, 6, 15, 2, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.mark.parametrize("value", HOSTILE)
def test_csv_safe_prefixes_every_trigger(value):
    assert csv_safe(value) == "'" + value


@pytest.mark.parametrize("value", ["Rà soát thủ tục", "", 5, -3, None, "a=b"])
def test_csv_safe_leaves_ordinary_values_alone(value):
    assert csv_safe(value) == value


def test_the_trigger_list_is_the_owasp_one():
    assert set(FORMULA_TRIGGERS) == {"=", "+", "-", "@", "\t", "\r"}


def _hostile_tasks(cast):
    tasks = []
    for i, title in enumerate(HOSTILE):
        tasks.append(
            TaskFactory(
                title=title,
                lead_unit=cast.unit_a,
                deadline=dt.date(2026, 6, 1) + dt.timedelta(days=i),
                original_deadline=dt.date(2026, 6, 1) + dt.timedelta(days=i),
            )
        )
    return tasks


def test_task_list_csv_has_no_live_formula(client, cast, frozen):
    _hostile_tasks(cast)
    client.force_login(cast.office)
    response = client.get(reverse("tasks:export"), {"format": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    titles = {row[2] for row in rows[1:]}
    assert titles == {"'" + value for value in HOSTILE}
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(FORMULA_TRIGGERS), cell


def test_task_list_xlsx_writes_text_not_formulas(client, cast, frozen):
    _hostile_tasks(cast)
    client.force_login(cast.office)
    response = client.get(reverse("tasks:export"), {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    titles = {}
    for row in sheet.iter_rows(min_row=2):
        cell = row[2]
        assert cell.data_type == "s", cell.value  # never "f" (formula)
        titles[cell.value] = cell.quotePrefix
    assert set(titles) == set(HOSTILE)  # the text exactly as the unit wrote it
    assert all(titles.values())
    assert "<f>" not in _sheet_xml(response.content)


def _sheet_xml(content: bytes) -> str:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return "".join(
            archive.read(name).decode() for name in archive.namelist() if name.startswith("xl/worksheets/")
        )


def test_unit_report_xlsx_shows_a_hostile_progress_note_as_text(client, cast, frozen):
    task = TaskFactory(
        title="@cmd|' /C calc'!A0",
        lead_unit=cast.unit_a,
        deadline=dt.date(2026, 5, 6),
        original_deadline=dt.date(2026, 5, 6),
        status=Task.Status.OPEN,
    )
    ProgressUpdate.objects.create(task=task, unit=cast.unit_a, author=cast.head_a, note=EVIL_LINK)
    client.force_login(cast.chairman)
    response = client.get(
        f"/bang-dieu-khien/bao-cao/don-vi/{cast.unit_a.pk}/tai-ve.xlsx",
        {"start": "2026-01-01", "end": "2026-12-31"},
    )
    assert response.status_code == 200
    xml = _sheet_xml(response.content)
    assert "<f>" not in xml
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    overdue = list(book["Quá hạn"].iter_rows(min_row=2))
    assert overdue, "the overdue task is listed"
    title_cell, note_cell = overdue[0][1], overdue[0][5]
    assert title_cell.value == "@cmd|' /C calc'!A0" and title_cell.data_type == "s"
    assert note_cell.value == EVIL_LINK and note_cell.data_type == "s" and note_cell.quotePrefix


def test_organisation_ranking_xlsx_has_no_formula_from_a_unit_name(client, cast, frozen):
    cast.unit_b.name = "=1+2 Phòng Tư pháp"
    cast.unit_b.save()
    TaskFactory(lead_unit=cast.unit_b, deadline=dt.date(2026, 5, 6), original_deadline=dt.date(2026, 5, 6))
    client.force_login(cast.chairman)
    response = client.get(
        "/bang-dieu-khien/bao-cao/tong-hop.xlsx", {"start": "2026-01-01", "end": "2026-12-31"}
    )
    assert response.status_code == 200
    assert "<f>" not in _sheet_xml(response.content)
    names = [
        row[1] for row in openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2)
    ]
    hostile = [c for c in names if c.value == "=1+2 Phòng Tư pháp"]
    assert hostile and hostile[0].data_type == "s" and hostile[0].quotePrefix
