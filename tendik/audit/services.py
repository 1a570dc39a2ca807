"""Writes to the audit trail and the access log. Both are append-only."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from tendik.audit.context import current
from tendik.audit.models import AccessLogEntry, AuditEntry


def _actor_fields() -> dict[str, Any]:
    ctx = current()
    actor = ctx.resolved_actor()
    return {
        "actor": actor,
        "actor_label": (actor.get_username() if actor is not None else f"<{ctx.source}>")[:150],
        "ip": ctx.ip,
        "source": ctx.source,
    }


def audit_record(*, instance: models.Model, action: str, changes: dict[str, Any]) -> AuditEntry:
    """Append one change record for `instance`; call inside the transaction that made the change."""
    return AuditEntry.objects.create(
        action=action,
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=True),
        object_id=str(instance.pk),
        object_repr=_safe_repr(instance),
        changes=changes,
        **_actor_fields(),
    )


def access_log(*, instance: models.Model, purpose: str, actor: Any = None) -> AccessLogEntry:
    """Record that the current actor (or `actor`) read a sensitive part of `instance`.

    `purpose` names what was read, e.g. "case.identity" or "export.identifiable". Never put the data itself here.
    """
    fields = _actor_fields()
    if actor is not None:
        fields["actor"] = actor
        fields["actor_label"] = actor.get_username()[:150]
    return AccessLogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=True),
        object_id=str(instance.pk),
        object_repr=_safe_repr(instance),
        purpose=purpose[:100],
        **fields,
    )


def _safe_repr(instance: models.Model) -> str:
    # Models holding identities define audit_label() so their identity never reaches the trail.
    label = getattr(instance, "audit_label", None)
    text = label() if callable(label) else str(instance)
    return text[:255]
