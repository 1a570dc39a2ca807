"""`manage.py load_territories`: the reference list of Kyrgyzstan's units and their boundaries (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tendik.audit.context import acting_as, current
from tendik.geography.services.reference import territories_load


class Command(BaseCommand):
    help = "Load the administrative units (SOATE) and oblast, rayon and city boundaries; adds only what is missing."

    def handle(self, *args: Any, **options: Any) -> None:
        ctx = current()
        with acting_as(ctx.actor, source=ctx.source if ctx.source != "system" else "command"):
            result = territories_load()
        for problem in result.problems:
            self.stderr.write(problem)
        if options.get("verbosity", 1) >= 1:
            if result.changed:
                self.stdout.write(
                    f"Territories: {result.units} units, {result.names} other spellings, "
                    f"{result.boundaries} boundaries added."
                )
            else:
                self.stdout.write("Territories: already loaded, nothing changed.")
