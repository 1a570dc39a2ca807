"""`manage.py rebuild_protection_rollups`: recount the committee report's case figures per committee and month."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tendik.protection import rollups


class Command(BaseCommand):
    help = (
        "Recount the committee report's case figures per committee and month from the cases themselves (ADR 0006). "
        "They are kept current on every change; run this after a repair outside the services (admin, SQL)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        written = rollups.rebuild()
        if options.get("verbosity", 1):
            self.stdout.write(f"{written} sums written.")
