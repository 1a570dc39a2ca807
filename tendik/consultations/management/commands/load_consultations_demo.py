"""Demo data: the May 2025 consultation series (tendik/consultations/data/may2025_series.json), with illustrative
attendance figures (the seed gives none per meeting), a few fictional named participants who asked to be informed,
and answers given and published by the national coordinator. Idempotent."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

DATA = Path(__file__).resolve().parents[2] / "data" / "may2025_series.json"


class Command(BaseCommand):
    help = "Load the May 2025 consultation series as demo data (idempotent)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--file", default=str(DATA), help="Series JSON (default: the May 2025 series).")

    def handle(self, *args: Any, **options: Any) -> None:
        from tendik.accounts.models import User
        from tendik.audit.context import acting_as
        from tendik.consultations.services.demo import demo_extras
        from tendik.consultations.services.seed import SeedError, load_series

        path = Path(options["file"])
        if not path.exists():
            raise CommandError(f"{path} does not exist")
        data = json.loads(path.read_text(encoding="utf-8"))
        coordinator = User.objects.filter(username="coordinator").first()
        with acting_as(coordinator, source="command"):
            try:
                series, report = load_series(data, actor=coordinator)
            except SeedError as exc:
                raise CommandError(str(exc)) from exc
            extras = demo_extras(series=series, coordinator=coordinator)
        for warning in report.warnings:
            self.stderr.write(self.style.WARNING(warning))
        created = ", ".join(f"{k} {v}" for k, v in {**report.created, **extras}.items())
        self.stdout.write(self.style.SUCCESS(f"Series {series.code}: created {created}"))
