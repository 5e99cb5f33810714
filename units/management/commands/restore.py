"""manage.py restore ARCHIVE [--force]

Restores a backup made by ``manage.py backup`` into the configured (empty) database and
MEDIA_ROOT, checks every file's sha256 and the row counts against the manifest.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from config.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restore a backup archive (database + uploaded files) into an empty database."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace a database that holds data, overwrite differing files",
        )

    def handle(self, *args, archive: Path, force: bool, **options):
        if not archive.is_file():
            raise CommandError(f"{archive}: no such file")
        try:
            manifest = backup_restore(archive_path=archive, force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {archive} (made {manifest['created_at']}, method {manifest['method']}): "
                f"{manifest['counts'].get('tasks.Task', 0)} tasks, {len(manifest['files'])} files."
            )
        )
