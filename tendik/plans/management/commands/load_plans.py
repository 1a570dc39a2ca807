"""Load both national plans, earlier 1325 plans, SDG targets, breakdowns, indicators and national statistics."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load the national plans and indicator reference data from tendik/plans/data (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        from tendik.audit.context import acting_as
        from tendik.plans.services.catalogue import reference_load

        with acting_as(None, source="load_plans"):
            stats = reference_load()
        if options.get("verbosity", 1):
            self.stdout.write(f"plans: {stats}")
