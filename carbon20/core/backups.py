"""Backups of the database and the stored files, and their restore.

A backup is a folder `<BACKUP_DIR>/<UTC timestamp>/` holding the database (`database.sqlite3`,
an online copy through SQLite's backup API, which a running app may keep writing through; or
`database.dump`, `pg_dump`'s custom format), the stored files (`media.tar.gz`, MEDIA_ROOT as
it is) and `manifest.json`: what each file is, its size and SHA-256, and the database engine.
A restore checks every checksum before it touches anything, then replaces the database and the
stored files with the backup's.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connection

MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar.gz"


class BackupError(RuntimeError):
    pass


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def _engine() -> str:
    return "postgresql" if connection.vendor == "postgresql" else "sqlite"


def _pg_env() -> tuple[list[str], dict[str, str]]:
    db = connection.settings_dict
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _program(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (Debian: postgresql-client).")
    return path


def backup(target_root: Path) -> Path:
    """Write a backup into a new timestamped folder under `target_root`; returns it."""
    folder = target_root / datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    folder.mkdir(parents=True)
    engine = _engine()
    if engine == "sqlite":
        database = folder / "database.sqlite3"
        connection.ensure_connection()
        copy = sqlite3.connect(database)
        try:
            connection.connection.backup(copy)
        finally:
            copy.close()
    else:
        database = folder / "database.dump"
        args, env = _pg_env()
        subprocess.run(  # noqa: S603 (fixed program, arguments from the settings)
            [_program("pg_dump"), "--format=custom", "--no-owner", "--file", str(database), *args],
            check=True,
            env=env,
        )
    media = folder / MEDIA_ARCHIVE
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(media, "w:gz") as archive:
        if media_root.exists():
            archive.add(media_root, arcname=".")
    files = {
        path.name: {"bytes": path.stat().st_size, "sha256": _sha256(path)}
        for path in (database, media)
    }
    manifest = {
        "created": datetime.now(UTC).isoformat(),
        "engine": engine,
        "database": database.name,
        "media": MEDIA_ARCHIVE,
        "files": files,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return folder


def verify(folder: Path) -> dict:
    """The backup's manifest, after every file's checksum is checked."""
    manifest_path = folder / MANIFEST
    if not manifest_path.exists():
        raise BackupError(f"{folder} holds no {MANIFEST}.")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    for name, facts in manifest["files"].items():
        path = folder / name
        if not path.exists() or _sha256(path) != facts["sha256"]:
            raise BackupError(f"{name} in {folder} is missing or does not match its checksum.")
    if manifest["engine"] != _engine():
        raise BackupError(
            f"The backup is of a {manifest['engine']} database; this one is {_engine()}."
        )
    return manifest


def restore(folder: Path) -> None:
    """Replace the database and the stored files with the backup's."""
    manifest = verify(folder)
    database = folder / manifest["database"]
    if manifest["engine"] == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(database)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    else:
        connection.close()
        args, env = _pg_env()
        subprocess.run(  # noqa: S603 (fixed program, arguments from the settings)
            [
                _program("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                *args,
                str(database),
            ],
            check=True,
            env=env,
        )
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.exists():
        shutil.rmtree(media_root)
    media_root.mkdir(parents=True)
    with tarfile.open(folder / manifest["media"], "r:gz") as archive:
        # The "data" filter refuses absolute paths, links out of the folder and devices.
        archive.extractall(media_root, filter="data")
