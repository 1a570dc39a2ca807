"""Demo local plans with budgets and two reporting periods for real municipalities in five oblasts (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load demo local plans, budgets and progress reports (needs load_territories and load_plans)."

    def handle(self, *args: Any, **options: Any) -> None:
        from tendik.audit.context import acting_as
        from tendik.plans.demo.loader import demo_load

        with acting_as(None, source="demo"):
            done = demo_load(log=self.stdout.write if options.get("verbosity", 1) else None)
        if options.get("verbosity", 1):
            self.stdout.write(f"plans demo: {done}")
