"""Parse a directive file and create it with its clauses, references and tasks (one transaction)."""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from directives.arrival import apply_envelope_parsed, directive_fields, prepare, read_path
from directives.arrival.services import directive_attachments_add
from directives.intake import candidates
from directives.models import Directive
from directives.parsing import DirectiveParseError, parse_bytes
from directives.services import directive_duplicates, directive_import

logger = logging.getLogger("dondoc.directives")


class Command(BaseCommand):
    help = (
        "Nhập văn bản chỉ đạo từ tệp .docx, .pdf, văn bản, gói .edxml, .doc/.rtf/.odt hoặc bản scan: "
        "tạo văn bản, điều khoản, văn bản dẫn chiếu và nhiệm vụ."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--user", help="tên đăng nhập của người nhập (mặc định: không ghi)")
        parser.add_argument(
            "--allow-duplicate", action="store_true", help="nhập cả khi đã có văn bản trùng số, ký hiệu, ngày"
        )

    def handle(self, *args, **options):
        try:
            data, name = read_path(options["path"])
            arrival = prepare(data, name)
            parsed = parse_bytes(arrival.main_bytes, arrival.main_name)
        except DirectiveParseError as exc:
            logger.warning("import_directive: %s", exc.log_message)
            raise CommandError(exc.message) from exc
        for d in apply_envelope_parsed(parsed, arrival.envelope):
            self.stdout.write(
                self.style.WARNING(
                    f"  Phong bì edXML khác văn bản ở “{d['field']}”: lấy {d['envelope']!r} (văn bản: {d['text']!r})"
                )
            )
        for warning in arrival.warnings:
            self.stdout.write(self.style.WARNING(f"  {warning}"))
        actor = None
        if options.get("user"):
            actor = get_user_model().objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"Không có người dùng “{options['user']}”.")
        m = parsed.meta
        dupes = directive_duplicates(
            number=m.number, symbol=m.symbol, issuer=m.issuer, issued_on=m.issued_date
        )
        if arrival.package_id and not options["allow_duplicate"]:
            known = Directive.objects.filter(package_id=arrival.package_id).first()
            if known is not None:
                raise CommandError(
                    f"Gói edXML này (mã {arrival.package_id}) đã được nhập: {known} "
                    "(dùng --allow-duplicate để vẫn nhập)."
                )
        if dupes.exists() and not options["allow_duplicate"]:
            raise CommandError(
                f"Đã có văn bản số {m.number}/{m.symbol} ngày {m.issued_date:%d/%m/%Y} trong hệ thống "
                "(dùng --allow-duplicate để vẫn nhập)."
            )
        cands = candidates(parsed)
        drafts, skipped = [], []
        for c in cands:
            if c.lead_units:
                drafts.append(c.draft())
            else:
                skipped.append(c)
        try:
            with transaction.atomic():
                directive = directive_import(
                    actor=actor, parsed=parsed, tasks=drafts, fields=directive_fields(arrival) or None
                )
                directive_attachments_add(directive=directive, attachments=arrival.attachments)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(f"Đã tạo: {directive} (mã {directive.pk})"))
        self.stdout.write(f"  Điều khoản: {directive.clauses.count()}")
        refs = list(directive.references.all())
        linked = sum(1 for r in refs if r.target_id)
        self.stdout.write(f"  Văn bản dẫn chiếu: {len(refs)} (đã liên kết {linked})")
        self.stdout.write(f"  Nhiệm vụ: {len(directive._created_tasks)}")
        for task in directive._created_tasks:
            due = task.deadline.strftime("%d/%m/%Y") if task.deadline else "-"
            self.stdout.write(f"    - {task.title[:70]} | {task.lead_unit.short_name} | hạn {due}")
        for c in cands:
            if c.unresolved:
                self.stdout.write(
                    self.style.WARNING(f"  Chưa xác định đơn vị [{c.task.clause}]: {', '.join(c.unresolved)}")
                )
        if skipped:
            self.stdout.write(
                self.style.WARNING(f"  Bỏ qua {len(skipped)} nhiệm vụ vì không xác định được đơn vị chủ trì.")
            )
