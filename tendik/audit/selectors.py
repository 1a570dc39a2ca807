"""Searches of the audit trail and the access log.

Who may search is decided by tendik.audit.access.may_view (the permission layer registers it); callers check it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from tendik.audit.models import AccessLogEntry, AuditEntry


def _filter(
    qs: QuerySet[Any],
    *,
    user: Any = None,
    content_type: Any = None,
    object_id: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[Any]:
    if user is not None:
        qs = qs.filter(actor=user)
    if content_type is not None:
        qs = qs.filter(content_type=content_type)
    if object_id:
        qs = qs.filter(object_id=str(object_id))
    if date_from:
        qs = qs.filter(at__date__gte=date_from)
    if date_to:
        qs = qs.filter(at__date__lte=date_to)
    return qs


def audit_entries(*, action: str | None = None, **filters: Any) -> QuerySet[AuditEntry]:
    """Change records, newest first, filtered by user, record type, record id, period (local dates) and action."""
    qs = _filter(AuditEntry.objects.select_related("content_type"), **filters)
    if action:
        qs = qs.filter(action=action)
    return qs.order_by("-at", "-id")


def access_entries(*, action: str | None = None, **filters: Any) -> QuerySet[AccessLogEntry]:
    """Reads of sensitive records, newest first, with the same filters (`action` does not apply)."""
    return _filter(AccessLogEntry.objects.select_related("content_type"), **filters).order_by("-at", "-id")


def history_for(instance: Any) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=True), object_id=str(instance.pk)
    ).order_by("at", "id")
