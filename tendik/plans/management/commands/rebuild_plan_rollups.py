"""`manage.py rebuild_plan_rollups`: recount the indicator figure sums and report sums from scratch (ADR 0006)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tendik.plans import rollups


class Command(BaseCommand):
    help = (
        "Recount the sums of reported indicator figures per territory, period, indicator and breakdown, and of "
        "progress reports per territory, period and status with their spending, from the rows themselves. They are "
        "kept current on every change; run this after a territorial reform moves units, or to repair."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        written = rollups.rebuild()
        if options.get("verbosity", 1):
            self.stdout.write(f"{written} sums written.")
