"""`tendik demo`: migrate, load reference and demo data (idempotent), print the demo accounts, serve."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand

# Each app loads its own data; the order follows the dependency direction. This command lives in the portal
# app, above every domain app, because it drives them all.
LOADERS = [
    "load_territories",
    "load_demo_users",
    "load_plans",
    "load_plans_demo",
    "load_consultations_demo",
    "load_protection_demo",
    "load_participation_bodies_demo",
    "load_participation_reserve_demo",
    "load_participation_monitoring_demo",
    "load_participation_vawp_demo",
]


class Command(BaseCommand):
    help = "Set up Tendik with reference and demo data on the configured database and serve it."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--no-serve", action="store_true", help="Do everything but start the server.")
        parser.add_argument("--addrport", default="127.0.0.1:8000", help="Where to serve (default 127.0.0.1:8000).")

    def handle(self, *args: Any, **options: Any) -> None:
        from tendik.audit.context import acting_as

        verbosity = options.get("verbosity", 1)
        call_command("migrate", interactive=False, verbosity=max(verbosity - 1, 0))
        available = get_commands()
        with acting_as(None, source="demo"):
            for name in LOADERS:
                if name in available:
                    self.stdout.write(f"· {name}")
                    call_command(name, verbosity=max(verbosity - 1, 0))
        call_command("demo_accounts")
        if not options["no_serve"]:
            call_command("collectstatic", interactive=False, verbosity=0)
            self.stdout.write(self.style.SUCCESS(f"Tendik is at http://{options['addrport']}/ (Ctrl+C stops it)"))
            call_command("runserver", options["addrport"], use_reloader=False)
