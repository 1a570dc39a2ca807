"""`manage.py rebuild_plan_rollups`: recount the rolled-up indicator figures from scratch (docs/adr/0006)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tendik.plans import rollups


class Command(BaseCommand):
    help = (
        "Recount the sums of reported indicator figures per territory, period, indicator and breakdown from the "
        "figures themselves. They are kept current on every change; run this after a territorial reform moves "
        "units, or to repair."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        written = rollups.rebuild()
        if options.get("verbosity", 1):
            self.stdout.write(f"{written} sums written.")
