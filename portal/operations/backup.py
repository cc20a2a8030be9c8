"""Backup and restore: the database plus every media file, in one folder (make backup / restore).

A backup folder holds
- `database.dump`: `pg_dump --format=custom` (PostgreSQL), or `database.sqlite3` (SQLite's
  online backup), taken without stopping the portal;
- `media.tar`: every file of the default storage (the filesystem or the bucket), read through
  Django's storage API, so the same command backs up both;
- `manifest.json`: when, from which database vendor, and the row count of every table, which
  `restore` compares afterwards.

PostgreSQL with row-level security: the dump must be taken by the tables' owner (the app's role
sees no rows without a scope, and pg_dump refuses to dump through a policy). The owner's URL is
OWNER_DATABASE_URL (as for migrations); without it DATABASE_URL is used. The grants (which role
may read which table) are kept in the dump and restored with it.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import environ
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection, connections

from portal.tenancy import unscoped

FORMAT_VERSION = 1


class BackupError(RuntimeError):
    """A backup or restore cannot go on; the message says why and what to do."""


def database_settings() -> dict[str, Any]:
    url = os.environ.get("OWNER_DATABASE_URL", "")
    return environ.Env.db_url_config(url) if url else dict(settings.DATABASES["default"])


def _pg_env(db: dict[str, Any]) -> dict[str, str]:
    env = {**os.environ}
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if db.get(key):
            env[name] = str(db[key])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    env["PGDATABASE"] = str(db["NAME"])
    return env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client).")
    return found


def row_counts() -> dict[str, int]:
    """Rows of every table of the portal's models (read unscoped, as system code)."""
    counts = {}
    with unscoped("backup: count every table's rows for the manifest"):
        for model in apps.get_models(include_auto_created=True):
            if model._meta.proxy or not model._meta.managed:
                continue
            counts[model._meta.db_table] = model._base_manager.count()
    return dict(sorted(counts.items()))


def _media_files(storage: Any, folder: str = "") -> Iterator[str]:
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for sub in folders:
        yield from _media_files(storage, f"{folder}/{sub}" if folder else sub)


def backup(target: Path) -> dict[str, Any]:
    """Write a backup into `target` (created; must be empty) and return its manifest."""
    target.mkdir(parents=True, exist_ok=True)
    if any(target.iterdir()):
        raise BackupError(f"{target} is not empty: choose a new folder.")
    db = database_settings()
    vendor = connection.vendor
    if vendor == "postgresql":
        subprocess.run(  # noqa: S603 - fixed arguments, the file name is ours
            [_tool("pg_dump"), "--format=custom", "--no-owner",
             f"--file={target / 'database.dump'}"],
            env=_pg_env(db), check=True, capture_output=True,
        )  # fmt: skip
    elif vendor == "sqlite":
        # Through Django's own connection: it also reaches the in-memory test database.
        connection.ensure_connection()
        copy = sqlite3.connect(str(target / "database.sqlite3"))
        connection.connection.backup(copy)
        copy.close()
    else:
        raise BackupError(f"No backup for the {vendor} database.")
    storage = storages["default"]
    files = 0
    with tarfile.open(target / "media.tar", "w") as tar:
        for name in sorted(_media_files(storage)):
            with storage.open(name, "rb") as handle:
                content = handle.read()
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
            files += 1
    manifest = {
        "format": FORMAT_VERSION,
        "created_at": datetime.now(tz=UTC).isoformat(timespec="seconds"),
        "vendor": vendor,
        "media_files": files,
        "rows": row_counts(),
    }
    (target / "manifest.json").write_text(json.dumps(manifest, indent=2))
    return manifest


def restore(source: Path) -> dict[str, Any]:
    """Replace the database and the media files by the backup in `source`; return what differs.

    The returned dict maps each table whose row count differs from the manifest to
    (expected, found); empty when the restore is complete.
    """
    manifest_file = source / "manifest.json"
    if not manifest_file.exists():
        raise BackupError(f"{source} holds no backup (no manifest.json).")
    manifest = json.loads(manifest_file.read_text())
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"{source}: backup format {manifest.get('format')} is not supported.")
    vendor = connection.vendor
    if manifest["vendor"] != vendor:
        raise BackupError(f"The backup is of {manifest['vendor']}, this database is {vendor}.")
    if vendor == "postgresql":
        db = database_settings()
        connections.close_all()
        result = subprocess.run(  # noqa: S603 - fixed arguments, the file name is ours
            [_tool("pg_restore"), "--clean", "--if-exists", "--no-owner",
             "--single-transaction", "--exit-on-error", f"--dbname={db['NAME']}",
             str(source / "database.dump")],
            env=_pg_env(db), capture_output=True, text=True, check=False,
        )  # fmt: skip
        if result.returncode != 0:
            raise BackupError(f"pg_restore failed, nothing was changed:\n{result.stderr[-2000:]}")
    else:
        connection.ensure_connection()
        saved = sqlite3.connect(str(source / "database.sqlite3"))
        saved.backup(connection.connection)
        saved.close()
    _restore_media(source / "media.tar")
    found = row_counts()
    return {
        table: (count, found.get(table))
        for table, count in manifest["rows"].items()
        if found.get(table) != count
    }


def _restore_media(archive: Path) -> None:
    storage = storages["default"]
    for name in list(_media_files(storage)):
        storage.delete(name)
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            if not member.isfile() or member.name.startswith(("/", "..")) or "/../" in member.name:
                continue  # only plain files inside the store
            handle = tar.extractfile(member)
            if handle is None:
                continue
            saved = storage.save(member.name, ContentFile(handle.read()))
            if saved != member.name:
                raise BackupError(f"Media file {member.name} was stored as {saved}.")
