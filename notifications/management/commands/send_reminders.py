"""Run the reminder scan by hand (the same service the 07:00 job calls).

python manage.py send_reminders                     # today, send the digests due now
python manage.py send_reminders --date 2026-03-20   # as if it were that day
python manage.py send_reminders --dry-run           # count only, write and send nothing
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from notifications import services


def _date(raw: str) -> dt.date:
    try:
        return dt.date.fromisoformat(raw)
    except ValueError as exc:
        raise CommandError(f"--date must be YYYY-MM-DD, got {raw!r}") from exc


class Command(BaseCommand):
    help = "Create today's reminders and send the digest emails; prints how many were created and sent."

    def add_arguments(self, parser):
        parser.add_argument("--date", type=_date, help="scan as of this local date (YYYY-MM-DD)")
        parser.add_argument(
            "--dry-run", action="store_true", help="count what would be created; change nothing"
        )
        parser.add_argument(
            "--now", action="store_true", help="send every pending digest now, ignoring people's digest time"
        )

    def handle(self, *args, date: dt.date | None, dry_run: bool, now: bool, **options):
        result = services.reminder_scan(today=date, dry_run=dry_run, deliver=not now)
        if now and not dry_run:
            result.delivery = services.digests_deliver(today=result.today, force=True)
        day = result.today.strftime("%d/%m/%Y")
        if not result.working_day:
            self.stdout.write(f"{day} là ngày nghỉ: không nhắc việc. created=0 sent=0")
            return
        if dry_run:
            self.stdout.write(
                f"{day} (chạy thử): {result.due} nhắc việc đến hạn, sẽ tạo {result.created}. created=0 sent=0"
            )
            return
        delivery = result.delivery or services.DeliveryResult()
        self.stdout.write(
            f"{day}: {result.due} nhắc việc đến hạn, tạo mới {result.created} thông báo, "
            f"{result.occurrences} kỳ nhiệm vụ định kỳ; gửi {delivery.emails} thư ({delivery.items} thông báo), "
            f"lỗi {delivery.failed}. created={result.created} sent={delivery.emails}"
        )
