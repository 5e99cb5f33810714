"""manage.py backup [--output FILE] [--format auto|pg_dump|sqlite|json]

One .tar.gz with the database dump and every uploaded file (see config/backup.py).
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from config.backup import BackupError, backup_create, describe


class Command(BaseCommand):
    help = "Back up the database and uploaded files into one .tar.gz archive."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", type=Path, help="archive path (default: VAR_DIR/backups/dondoc-<time>.tar.gz)"
        )
        parser.add_argument(
            "--format",
            choices=["auto", "pg_dump", "sqlite", "json"],
            default="auto",
            help="database dump: auto = pg_dump on PostgreSQL, the sqlite3 backup API on SQLite; "
            "json = Django dumpdata (portable between engines)",
        )

    def handle(self, *args, output: Path | None, format: str, **options):
        try:
            result = backup_create(output=output, method=None if format == "auto" else format)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(describe(result)))
