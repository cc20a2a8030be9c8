"""`python manage.py restore DIR --yes` (make restore BACKUP=DIR): replace database and media."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from portal.operations.backup import BackupError, restore


class Command(BaseCommand):
    help = "Replace the database and the media files by a backup made with `manage.py backup`."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("source", help="The backup folder.")
        parser.add_argument(
            "--yes", action="store_true", help="Confirm: the current data is replaced."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["yes"]:
            raise CommandError("This replaces the current database and media files: add --yes.")
        try:
            differences = restore(Path(options["source"]))
        except BackupError as error:
            raise CommandError(str(error)) from error
        if differences:
            listed = ", ".join(f"{t}: {e} expected, {f} found" for t, (e, f) in differences.items())
            raise CommandError(f"Restored, but the row counts differ: {listed}")
        self.stdout.write(f"Restored {options['source']}: every table has its rows back.")
