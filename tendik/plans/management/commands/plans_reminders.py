"""Notify those responsible about missing reports and overdue measures (run daily, e.g. from cron). Idempotent:
each flag is sent once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Send in-app notices for reports missing after their due date and local measures past their end."

    def handle(self, *args: Any, **options: Any) -> None:
        from tendik.audit.context import acting_as
        from tendik.plans.services.reminders import reminders_send

        with acting_as(None, source="command"):
            sent = reminders_send()
        if options.get("verbosity", 1):
            self.stdout.write(f"plans reminders: {sent} notices sent")
