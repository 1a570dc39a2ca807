"""The standard body types (ayil kenesh … public association) with default rule thresholds; idempotent."""

from typing import Any

from django.core.management.base import BaseCommand

from tendik.audit.context import acting_as
from tendik.participation.services.bodies import body_types_seed


class Command(BaseCommand):
    help = "Create the standard body types that are missing (types an administrator changed are left alone)."

    def handle(self, *args: Any, **options: Any) -> None:
        with acting_as(None, source="command"):
            created = body_types_seed()
        self.stdout.write(f"body types: {created} created")
