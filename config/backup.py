"""Backups: one .tar.gz holding a database dump and every uploaded file.

Archive layout::

    manifest.json          what is inside: format, database vendor, row counts, files + sha256
    database/db.pgdump     PostgreSQL: ``pg_dump --format=custom`` (schema + data, restored by pg_restore)
    database/db.sqlite3    SQLite: a consistent copy made with the sqlite3 online backup API
    database/data.json     ``--format json``: Django's dumpdata, portable between engines
    media/<path>           uploaded files under MEDIA_ROOT (evidence, directive sources)

Why three dump methods: pg_dump and the sqlite3 backup API copy the database exactly as it is
(schema, indexes, sequences), consistently while the site runs, and fast; dumpdata is slower and
needs the same migrations on the target, but it is the only one that moves data between engines
(e.g. a commune that starts on SQLite and moves to PostgreSQL).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, connections
from django.utils import timezone

FORMAT_VERSION = 1
# Rows counted in the manifest, and compared after a restore.
COUNTED_MODELS = [
    "auth.User",
    "units.Unit",
    "units.Membership",
    "directives.Directive",
    "directives.Clause",
    "tasks.Task",
    "tasks.TaskEvent",
    "tasks.ProgressUpdate",
    "tasks.Evidence",
    "tasks.ExtensionRequest",
]


# Intake drafts (documents read but not confirmed) are working files, not records: their rows
# and their uploads under media/intake/ stay out of backups; they are purged after a few days.
EXCLUDED_TABLES = ["directives_intakedraft"]
EXCLUDED_MEDIA_DIRS = ["intake"]


class BackupError(Exception):
    pass


@dataclass
class BackupResult:
    path: Path
    method: str
    files: int
    counts: dict[str, int]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def row_counts() -> dict[str, int]:
    counts = {}
    for label in COUNTED_MODELS:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        counts[label] = model._default_manager.count()
    return counts


def _pg_env_and_args(db: dict) -> tuple[dict[str, str], list[str]]:
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    return env, args


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed ({result.returncode}): {result.stderr.strip()[-2000:]}")


def _dump_database(method: str, workdir: Path) -> Path:
    db = settings.DATABASES["default"]
    if method == "pg_dump":
        target = workdir / "db.pgdump"
        env, args = _pg_env_and_args(db)
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                *[f"--exclude-table-data={table}" for table in EXCLUDED_TABLES],
                *args,
                "--file",
                str(target),
                db["NAME"],
            ],
            env,
        )
        return target
    if method == "sqlite":
        target = workdir / "db.sqlite3"
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)
            for table in EXCLUDED_TABLES:
                destination.execute(f'DELETE FROM "{table}"')  # noqa: S608 - fixed names above
            destination.commit()
        finally:
            destination.close()
        return target
    target = workdir / "data.json"
    call_command(
        "dumpdata",
        natural_foreign=True,
        natural_primary=True,
        exclude=["contenttypes", "auth.permission", "sessions", "admin.logentry", "directives.IntakeDraft"],
        output=str(target),
        verbosity=0,
    )
    return target


def default_method() -> str:
    vendor = connection.vendor
    if vendor == "postgresql":
        return "pg_dump"
    if vendor == "sqlite":
        return "sqlite"
    return "json"


def backup_create(*, output: Path | None = None, method: str | None = None) -> BackupResult:
    """Write the archive (atomically: a half-written backup never has the final name)."""
    method = method or default_method()
    if method not in {"pg_dump", "sqlite", "json"}:
        raise BackupError(f"unknown method {method!r}")
    if method == "pg_dump" and connection.vendor != "postgresql":
        raise BackupError("pg_dump needs a PostgreSQL database")
    if method == "sqlite" and connection.vendor != "sqlite":
        raise BackupError("the sqlite method needs a SQLite database")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    output = Path(output or Path(settings.VAR_DIR) / "backups" / f"dondoc-{stamp}.tar.gz")
    output.parent.mkdir(parents=True, exist_ok=True)
    media_root = Path(settings.MEDIA_ROOT)
    media_files = sorted(
        p
        for p in (media_root.rglob("*") if media_root.exists() else [])
        if p.is_file() and p.relative_to(media_root).parts[0] not in EXCLUDED_MEDIA_DIRS
    )

    with tempfile.TemporaryDirectory(prefix="dondoc-backup-") as tmp:
        dump = _dump_database(method, Path(tmp))
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": timezone.now().isoformat(),
            "method": method,
            "vendor": connection.vendor,
            "database_file": f"database/{dump.name}",
            "counts": row_counts(),
            "files": {p.relative_to(media_root).as_posix(): _sha256(p) for p in media_files},
        }
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            info.mtime = int(timezone.now().timestamp())
            archive.addfile(info, io.BytesIO(data))
            archive.add(dump, arcname=f"database/{dump.name}")
            for path in media_files:
                archive.add(path, arcname=f"media/{path.relative_to(media_root).as_posix()}")
        partial.replace(output)
    return BackupResult(path=output, method=method, files=len(media_files), counts=manifest["counts"])


def read_manifest(archive_path: Path) -> dict:
    with tarfile.open(archive_path, "r:gz") as archive:
        member = archive.extractfile("manifest.json")
        if member is None:
            raise BackupError("not a Đôn đốc backup: manifest.json missing")
        manifest = json.load(member)
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"unsupported backup format {manifest.get('format')!r}")
    return manifest


def database_has_data() -> bool:
    tables = set(connection.introspection.table_names())
    for label in ("auth.User", "tasks.Task", "directives.Directive"):
        model = apps.get_model(label)
        if model._meta.db_table in tables and model._default_manager.exists():
            return True
    return False


def _safe_member_path(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts:
        raise BackupError(f"unsafe path in archive: {name}")
    return path


def _restore_database(manifest: dict, dump: Path) -> None:
    method = manifest["method"]
    db = settings.DATABASES["default"]
    if method == "pg_dump":
        if connection.vendor != "postgresql":
            raise BackupError(
                "this backup was made with pg_dump: restore it into PostgreSQL, or back up with --format json"
            )
        connections.close_all()
        env, args = _pg_env_and_args(db)
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--clean",
                "--if-exists",
                "--single-transaction",
                "--exit-on-error",
                *args,
                "--dbname",
                db["NAME"],
                str(dump),
            ],
            env,
        )
    elif method == "sqlite":
        if connection.vendor != "sqlite":
            raise BackupError(
                "this backup is a SQLite file: restore it into SQLite, or back up with --format json"
            )
        connection.ensure_connection()
        source = sqlite3.connect(dump)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    else:
        call_command("migrate", verbosity=0, interactive=False)
        call_command("loaddata", str(dump), verbosity=0)


def backup_restore(*, archive_path: Path, force: bool = False) -> dict:
    """Restore database and files from ``archive_path``; returns the manifest.

    Refuses a database that already holds users, directives or tasks, unless ``force``
    (then its contents are replaced), and refuses to overwrite a differing uploaded file
    unless ``force``.
    """
    archive_path = Path(archive_path)
    manifest = read_manifest(archive_path)
    if not force and database_has_data():
        raise BackupError("the database is not empty; restore into an empty database or pass --force")
    media_root = Path(settings.MEDIA_ROOT)
    with (
        tempfile.TemporaryDirectory(prefix="dondoc-restore-") as tmp,
        tarfile.open(archive_path, "r:gz") as archive,
    ):
        workdir = Path(tmp)
        for member in archive.getmembers():
            name = _safe_member_path(member.name)
            if not member.isfile():
                continue
            if name.parts[0] == "media":
                relative = PurePosixPath(*name.parts[1:]).as_posix()
                expected = manifest["files"].get(relative)
                if expected is None:
                    raise BackupError(f"file not listed in manifest: {relative}")
                target = media_root / relative
                if target.exists() and _sha256(target) != expected and not force:
                    raise BackupError(f"{target} exists with other content; pass --force to overwrite")
                target.parent.mkdir(parents=True, exist_ok=True)
                with archive.extractfile(member) as source, target.open("wb") as out:  # type: ignore[union-attr]
                    shutil.copyfileobj(source, out)
                if _sha256(target) != expected:
                    raise BackupError(f"checksum mismatch for {relative}")
            elif name.as_posix() == manifest["database_file"]:
                dump = workdir / name.name
                with archive.extractfile(member) as source, dump.open("wb") as out:  # type: ignore[union-attr]
                    shutil.copyfileobj(source, out)
        dump = workdir / PurePosixPath(manifest["database_file"]).name
        if not dump.exists():
            raise BackupError("database dump missing from archive")
        _restore_database(manifest, dump)
    counts = row_counts()
    differing = {k: (v, counts.get(k)) for k, v in manifest["counts"].items() if counts.get(k) != v}
    if differing:
        raise BackupError(f"restored row counts differ from the backup: {differing}")
    return manifest


def describe(result: BackupResult) -> str:
    size = result.path.stat().st_size
    return (
        f"Backup written to {result.path} ({size / 1024 / 1024:.1f} MiB, method {result.method}, "
        f"{result.files} uploaded files, {result.counts.get('tasks.Task', 0)} tasks)"
    )
