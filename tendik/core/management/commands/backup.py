"""`tendik backup DIR`: every table and the uploaded files into a new directory, with a manifest of checksums."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tendik.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database (every table, encrypted fields as stored) and uploaded files; keys are never included."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("target", help="A new (or empty) directory to write the backup into.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = backup(Path(options["target"]))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(t["rows"] for t in manifest["tables"].values())
        self.stdout.write(
            f"Backed up {rows} rows in {len(manifest['tables'])} tables and {len(manifest['files'])} files "
            f"to {options['target']}. Keep the keys elsewhere."
        )
