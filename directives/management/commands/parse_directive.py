"""Parse a directive file and print what was found; writes nothing to the database."""

from __future__ import annotations

import json
import logging

from django.core.management.base import BaseCommand, CommandError

from directives.arrival import apply_envelope_json, prepare, read_path
from directives.parsing import DirectiveParseError, parse_bytes

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Parse a directive (.docx, .pdf, text, an .edxml package, a legacy .doc/.rtf/.odt or a scanned PDF) "
        "and print its metadata and task candidates."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--json", action="store_true", help="print one JSON object (the eval schema)")

    def handle(self, *args, **options):
        try:
            data, name = read_path(options["path"])
            arrival = prepare(data, name)
            parsed = parse_bytes(arrival.main_bytes, arrival.main_name)
        except DirectiveParseError as exc:
            logger.warning("parse_directive failed: %s", exc.log_message)
            raise CommandError(exc.message) from exc
        data = parsed.as_json()
        # an edXML envelope's metadata wins over the text's; the JSON keeps its schema, and the
        # differences, warnings and other attachments go to stderr
        for d in apply_envelope_json(data["doc"], arrival.envelope):
            self.stderr.write(
                f"Phong bì edXML khác văn bản ở “{d['field']}”: {d['envelope']!r} / {d['text']!r}"
            )
        for warning in arrival.warnings:
            self.stderr.write(warning)
        if arrival.kind == "edxml":
            others = ", ".join(a.name for a in arrival.attachments[1:]) or "không có"
            self.stderr.write(f"Gói edXML: đọc “{arrival.attachments[0].name}”; tệp đính kèm khác: {others}")
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
