"""`tendik restore DIR`: check the manifest's checksums, then replace every table's rows and put the files back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tendik.core.backup import BackupError, restore, verify


class Command(BaseCommand):
    help = "Restore a backup made by `tendik backup` into this (migrated) database, all or nothing."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("source", help="The backup directory.")
        parser.add_argument("--check", action="store_true", help="Only verify the manifest and checksums.")
        parser.add_argument("--yes", action="store_true", help="Do not ask before replacing the database's rows.")

    def handle(self, *args: Any, **options: Any) -> None:
        source = Path(options["source"])
        try:
            if options["check"]:
                manifest = verify(source)
                self.stdout.write(f"The backup of {manifest['created']} is complete: every checksum matches.")
                return
            if not options["yes"] and input("Replace every row of this database with the backup? [y/N] ") != "y":
                raise CommandError("Nothing restored.")
            counts = restore(source)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Restored {sum(counts.values())} rows in {len(counts)} tables.")
