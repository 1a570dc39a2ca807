"""`manage.py generate --size demo|tenth|national`: a deterministic data set at national scale for benchmarks."""

from __future__ import annotations

import resource
import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from tendik.geography.models import AdministrativeUnit
from tendik.plans.models import Indicator
from tendik.portal.generate import SIZES, generate_plans
from tendik.portal.generate.consultations import generate_consultations
from tendik.portal.generate.protection import generate_protection


class Command(BaseCommand):
    help = (
        "Fill the database with a deterministic national-scale data set (seeded): every municipality reporting every "
        "quarter. demo: 1 year, 2 measures a plan; tenth: 1 year, 8 measures (about 100,000 indicator values); "
        "national: 10 years (about 1 million). Every plan, measure, report, report entry and indicator value has "
        "its audit entry, as audited_bulk_create writes it; entries and values (and their audit entries) go in "
        "without model instances, by COPY on PostgreSQL and a prepared INSERT on SQLite. Bypassed: report history "
        "events and many-to-many links, which carry no trail of their own anywhere, go in as bulk rows; the "
        "rolled-up indicator sums are recounted once at the end (as rebuild_plan_rollups). Runs once per database, "
        "with nobody else writing to it."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--size", choices=sorted(SIZES), default="demo")
        parser.add_argument("--seed", type=int, default=2025)
        parser.add_argument("--only", choices=["plans", "consultations", "protection"], help="generate one part only")

    def handle(self, *args: Any, size: str, seed: int, only: str | None = None, **options: Any) -> None:
        if not AdministrativeUnit.objects.exists():
            call_command("load_territories", verbosity=0)
        if not Indicator.objects.filter(reported_locally=True).exists():
            call_command("load_plans", verbosity=0)
        started = time.perf_counter()
        try:
            parts = {
                "plans": generate_plans,
                "consultations": generate_consultations,
                "protection": generate_protection,
            }
            counts: dict[str, int] = {}
            for name, generate in parts.items():
                if only in (None, name):
                    counts.update(generate(size=SIZES[size], seed=seed, log=self.stdout.write))
        except RuntimeError as e:
            raise CommandError(str(e)) from e
        took = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024  # kilobytes on Linux
        self.stdout.write(
            ", ".join(f"{k}: {v:,}" for k, v in counts.items()) + f" in {took:.0f} s, peak memory {peak} MB"
        )
