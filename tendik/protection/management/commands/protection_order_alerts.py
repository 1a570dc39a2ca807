"""Daily: notify case owners and committee chairs of protection orders about to expire (case code only)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from tendik.audit.context import acting_as
from tendik.protection.services.orders import orders_alert_expiring


class Command(BaseCommand):
    help = "Send in-app alerts for protection orders that expire soon (run daily, e.g. from cron)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--today", type=dt.date.fromisoformat, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        with acting_as(None, source="command"):
            n = orders_alert_expiring(today=options["today"] or timezone.localdate())
        self.stdout.write(f"Alerts sent for {n} orders.")
