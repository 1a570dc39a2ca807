"""Demo dialogue groups, the ministry's rating scale and monitoring visits (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Load demo dialogue-group monitoring: scale, Batken and Osh groups, visits with findings "
        "(needs load_territories, load_demo_users, load_plans_demo; load_consultations_demo for the recommendation)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        from tendik.audit.context import acting_as
        from tendik.participation.services.monitoring_demo import demo_load

        verbose = options.get("verbosity", 1)
        with acting_as(None, source="demo"):
            done = demo_load(log=self.stdout.write if verbose else None)
        if verbose:
            self.stdout.write(f"participation monitoring demo: {done}")
