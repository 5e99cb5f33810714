"""The filtered task list as CSV (UTF-8 with BOM, so Excel shows Vietnamese) or XLSX (openpyxl)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from config.spreadsheet import csv_row, xlsx_cell
from tasks.models import Task
from tasks.status import StatusContext, category_of

CHUNK = 2000


def headers() -> list[str]:
    return [
        _("STT"),
        _("Mã"),
        _("Nhiệm vụ"),
        _("Văn bản"),
        _("Trích yếu văn bản"),
        _("Đơn vị chủ trì"),
        _("Đơn vị phối hợp"),
        _("Chuyên viên"),
        _("Loại nhiệm vụ"),
        _("Thời hạn ban đầu"),
        _("Thời hạn hiện tại"),
        _("Tình trạng"),
        _("Tiến độ (%)"),
        _("Ngày hoàn thành"),
        _("Số ngày làm việc quá hạn"),
    ]


def _date(value) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def rows(queryset, ctx: StatusContext) -> Iterator[list]:
    """One list per task, in the queryset's order; dates as dd/mm/yyyy text for CSV."""
    memo: dict = {}
    for number, task in enumerate(queryset.iterator(chunk_size=CHUNK), start=1):
        yield _row(number, task, ctx, as_text=True, memo=memo)


def _working_days(ctx: StatusContext, start, end, memo: dict) -> int:
    """Working days in (start, end], as Vietnamese reports count days late; memoised per
    export because an export repeats the same deadlines many times."""
    key = (start, end)
    if key not in memo:
        memo[key] = ctx.working_calendar().working_days_between(start, end)
    return memo[key]


def _row(number: int, task: Task, ctx: StatusContext, *, as_text: bool, memo: dict) -> list:
    directive = task.directive
    category = category_of(task, ctx)
    date = _date if as_text else (lambda v: v)
    overdue = _working_days(ctx, task.deadline, ctx.today, memo) if task.days_overdue(ctx.today) else 0
    if (
        task.status == Task.Status.DONE
        and task.deadline
        and task.completed_on
        and task.completed_on > task.deadline
    ):
        overdue = _working_days(ctx, task.deadline, task.completed_on, memo)
    return [
        number,
        task.pk,
        task.title,
        directive.reference_code if directive else "",
        directive.subject if directive else "",
        task.lead_unit.name,
        "; ".join(u.name for u in task.cooperating_units.all()),
        (task.assignee.get_full_name() or task.assignee.username) if task.assignee else "",
        str(task.get_kind_display()),
        date(task.original_deadline) if task.original_deadline else task.deadline_text or None,
        date(task.deadline) if task.deadline else task.deadline_text or None,
        str(category.label),
        task.progress,
        date(task.completed_on) if task.completed_on else ("" if as_text else None),
        overdue or ("" if as_text else None),
    ]


def _filename(ext: str) -> str:
    return f"nhiem-vu-{timezone.localdate():%Y%m%d}.{ext}"


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(queryset, ctx: StatusContext) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def stream() -> Iterator[bytes]:
        yield "\ufeff".encode()
        yield writer.writerow(csv_row(headers())).encode("utf-8")
        for row in rows(queryset, ctx):
            yield writer.writerow(csv_row(row)).encode("utf-8")

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    return response


def xlsx_response(queryset, ctx: StatusContext) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Nhiệm vụ"))
    widths = [6, 8, 60, 16, 40, 32, 32, 22, 14, 14, 14, 24, 10, 14, 12]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    header_cells = []
    for title in headers():
        cell = WriteOnlyCell(sheet, value=title)
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        header_cells.append(cell)
    sheet.append(header_cells)
    date_columns = {9, 10, 13}
    memo: dict = {}
    for number, task in enumerate(queryset.iterator(chunk_size=CHUNK), start=1):
        row = _row(number, task, ctx, as_text=False, memo=memo)
        cells = []
        for index, value in enumerate(row):
            cell = xlsx_cell(sheet, value)
            if index in date_columns and value is not None and not isinstance(value, str):
                cell.number_format = "DD/MM/YYYY"
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename("xlsx")}"'
    return response


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)
