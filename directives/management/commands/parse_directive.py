"""Parse a directive file and print what was found; writes nothing to the database."""

from __future__ import annotations

import json
import logging

from django.core.management.base import BaseCommand, CommandError

from directives.parsing import DirectiveParseError, parse_path

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Parse a directive (.docx, .pdf or text) and print its metadata and task candidates."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--json", action="store_true", help="print one JSON object (the eval schema)")

    def handle(self, *args, **options):
        try:
            parsed = parse_path(options["path"])
        except DirectiveParseError as exc:
            logger.warning("parse_directive failed: %s", exc.log_message)
            raise CommandError(exc.message) from exc
        data = parsed.as_json()
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=1))
            return
        doc = data["doc"]
        self.stdout.write(
            f"{doc['type']} số {doc['number'] or '…'}/{doc['symbol']} ngày {doc['issued_date'] or '…'}"
        )
        self.stdout.write(f"Trích yếu: {doc['subject']}")
        self.stdout.write(f"Người ký: {doc['signer']} ({doc['signer_title']})")
        self.stdout.write(f"Văn bản được viện dẫn: {len(doc['references'])}")
        for task in data["tasks"]:
            lead = ", ".join(task["lead_units"])
            due = task["deadline"] or "-"
            self.stdout.write(
                f"  [{task['clause']}] {task['title']} | {lead} | hạn {due} | {task['recurrence'] or ''}"
            )
