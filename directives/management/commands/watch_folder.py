"""Submit documents dropped into a folder (the e-office system's export folder, a scanner's
output folder): each file becomes an intake draft on channel "folder", read by the worker like
an upload, and is moved to ``da-nhan/`` (submitted) or ``loi/`` (refused, with a .txt saying
why). Files younger than ``--settle`` seconds are left for the next pass, so a file still being
copied is not read half-written.

    python manage.py watch_folder /srv/van-ban-den --user vanthu          # runs until Ctrl-C
    python manage.py watch_folder /srv/van-ban-den --user vanthu --once   # one pass (cron)
"""

from __future__ import annotations

import logging
import shutil
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from directives.models import IntakeDraft
from directives.parsing.readers import MAX_FILE_BYTES

logger = logging.getLogger("dondoc.arrival")

DONE, FAILED = "da-nhan", "loi"
SUFFIXES = {".edxml", ".xml", ".pdf", ".docx", ".doc", ".rtf", ".odt", ".txt"}


class Command(BaseCommand):
    help = "Theo dõi một thư mục: mỗi tệp văn bản thả vào được đưa vào hàng đợi nhập văn bản."

    def add_arguments(self, parser):
        parser.add_argument("folder")
        parser.add_argument("--user", required=True, help="tên đăng nhập người nhận (văn thư)")
        parser.add_argument("--once", action="store_true", help="quét một lần rồi dừng")
        parser.add_argument("--interval", type=float, default=10.0, help="giây giữa hai lần quét")
        parser.add_argument(
            "--settle", type=float, default=5.0, help="bỏ qua tệp mới sửa trong chừng này giây"
        )

    def handle(self, *args, folder, user, once, interval, settle, **options):
        root = Path(folder)
        if not root.is_dir():
            raise CommandError(f"Không có thư mục “{root}”.")
        actor = get_user_model().objects.filter(username=user, is_active=True).first()
        if actor is None:
            raise CommandError(f"Không có người dùng “{user}”.")
        for sub in (DONE, FAILED):
            (root / sub).mkdir(exist_ok=True)
        while True:
            count = self.scan(root, actor, settle=settle)
            if count:
                self.stdout.write(f"Đã đưa {count} tệp vào hàng đợi.")
            if once:
                return
            try:
                time.sleep(interval)
            except KeyboardInterrupt:
                return

    def scan(self, root: Path, actor, *, settle: float) -> int:
        from directives.intake import intake_submit

        submitted = 0
        now = time.time()
        for path in sorted(root.iterdir()):
            if not path.is_file() or path.name.startswith((".", "~$")) or path.suffix.lower() not in SUFFIXES:
                continue
            try:
                stat = path.stat()
            except OSError:
                continue
            if now - stat.st_mtime < settle:
                continue
            if stat.st_size > MAX_FILE_BYTES:
                self._refuse(
                    root, path, f"Tệp vượt quá dung lượng cho phép ({MAX_FILE_BYTES // 1024 // 1024} MB)."
                )
                continue
            try:
                draft = intake_submit(
                    actor=actor,
                    data=path.read_bytes(),
                    filename=path.name,
                    channel=IntakeDraft.Channel.FOLDER,
                )
            except ValidationError as exc:
                self._refuse(root, path, " ".join(exc.messages))
                continue
            except OSError as exc:
                logger.warning("watch_folder: cannot read %s: %s", path, exc)
                continue
            self._move(path, root / DONE)
            logger.info("watch_folder: %s submitted as draft %s", path.name, draft.pk)
            self.stdout.write(f"  {path.name} → bản nhập {draft.pk}")
            submitted += 1
        return submitted

    def _refuse(self, root: Path, path: Path, reason: str) -> None:
        target = self._move(path, root / FAILED)
        target.with_name(target.name + ".txt").write_text(reason + "\n", encoding="utf-8")
        logger.info("watch_folder: %s refused: %s", path.name, reason)
        self.stderr.write(f"  {path.name}: {reason}")

    @staticmethod
    def _move(path: Path, folder: Path) -> Path:
        target = folder / path.name
        stem, n = path.stem, 1
        while target.exists():
            n += 1
            target = folder / f"{stem}-{n}{path.suffix}"
        shutil.move(str(path), target)
        return target
