"""`python manage.py backup [--to DIR]` (make backup): database dump plus media files."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.operations.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and every media file into a new folder (var/backups/<stamp>)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--to", help="The folder to write (new or empty).")

    def handle(self, *args: Any, **options: Any) -> None:
        stamp = datetime.now(tz=UTC).strftime("%Y%m%dT%H%M%SZ")
        target = Path(options["to"] or Path(settings.VAR_DIR) / "backups" / stamp)
        try:
            manifest = backup(target)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["rows"].values())
        self.stdout.write(
            f"Backup written to {target}: {manifest['vendor']} database ({rows} rows), "
            f"{manifest['media_files']} media file(s)."
        )
