"""python manage.py accountability_report --unit ID|all --from YYYY-MM-DD --to YYYY-MM-DD --format docx|xlsx -o FILE

``--unit ID`` writes that unit's head-of-unit accountability report; ``--unit all`` writes
the organisation-wide summary with every unit ranked. The files are the same as the
web page's downloads.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tasks.dashboard import exports, reports
from tasks.dashboard.selectors import Period
from tasks.status import StatusContext
from units.models import Unit

logger = logging.getLogger("dondoc.reports")


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"not a date (YYYY-MM-DD): {value!r}") from exc


class Command(BaseCommand):
    help = (
        "Write a head-of-unit accountability report (one unit) or the ranked summary (all) as .docx or .xlsx."
    )

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="unit id, or 'all' for the ranked summary")
        parser.add_argument("--from", dest="start", required=True, help="first day, YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, help="last day, YYYY-MM-DD")
        parser.add_argument("--format", dest="fmt", choices=["docx", "xlsx"], default="docx")
        parser.add_argument("-o", "--output", required=True, help="file to write")

    def handle(self, *args, unit: str, start: str, end: str, fmt: str, output: str, **options):
        period = Period(_date(start), _date(end))
        if period.start > period.end:
            raise CommandError("--from must not be after --to")
        ctx = StatusContext.for_today()
        if unit == "all":
            rows = reports.organisation_summary(period=period, ctx=ctx)
            if fmt == "docx":
                data = exports.summary_docx(rows, period=period, today=ctx.today)
            else:
                data = exports.summary_xlsx(rows, period=period)
            what = f"summary of {len(rows)} units"
        else:
            try:
                target = Unit.objects.get(pk=int(unit))
            except (ValueError, Unit.DoesNotExist) as exc:
                raise CommandError(f"no unit with id {unit!r}") from exc
            report = reports.unit_report(unit=target, period=period, ctx=ctx)
            if fmt == "docx":
                data = exports.unit_report_docx(report, today=ctx.today)
            else:
                data = exports.unit_report_xlsx(report)
            what = f"report of {target.name}"
        path = Path(output)
        path.write_bytes(data)
        logger.info("accountability_report wrote %s (%s bytes)", path, len(data))
        self.stdout.write(f"{what}: {path} ({len(data)} bytes)")
