"""Background work of the protection module (django-tasks)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from tendik.audit.context import acting_as


@task()
def order_expiry_alerts() -> int:
    """Enqueue daily: alerts for protection orders about to expire."""
    from tendik.protection.services.orders import orders_alert_expiring

    with acting_as(None, source="task"):
        return orders_alert_expiring(today=timezone.localdate())
