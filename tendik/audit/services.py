"""Writes to the audit trail and the access log. Both are append-only."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from tendik.audit.context import current
from tendik.audit.models import AccessLogEntry, AuditAction, AuditedModel, AuditEntry
from tendik.core import pagecache
from tendik.core.bulk import update_rows

M = TypeVar("M", bound=AuditedModel)
BATCH = 2000


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
    pagecache.touched(instance._meta.model)
    return AuditEntry.objects.create(
        action=action,
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=True),
        object_id=str(instance.pk),
        object_repr=_safe_repr(instance),
        changes=changes,
        **_actor_fields(),
    )


def audit_bulk(*, instances: Sequence[models.Model], action: str, changes: Sequence[dict[str, Any]]) -> int:
    """Append one change record per instance in one bulk insert (imports); `changes[i]` belongs to `instances[i]`.

    Call inside the transaction that made the changes, after the instances have their primary keys. The rows go
    in with one prepared INSERT run many times (no model instance per entry): the trail costs little more than
    the change itself. Returns the number of entries written.
    """
    if not instances:
        return 0
    from django.db import connections, router

    who = _actor_fields()
    connection = connections[router.db_for_write(AuditEntry)]
    names = ["at", "actor", "actor_label", "ip", "source", "action", "content_type", "object_id", "object_repr",
             "changes"]  # fmt: skip
    fields: list[Any] = [AuditEntry._meta.get_field(n) for n in names]
    qn = connection.ops.quote_name
    columns = ", ".join(qn(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {qn(AuditEntry._meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608
    now = timezone.now()
    actor = who["actor"].pk if who["actor"] is not None else None
    types: dict[type, int] = {}
    prep = [f.get_db_prep_save for f in fields]
    fixed_at, fixed_actor = prep[0](now, connection), prep[1](actor, connection)
    rows = []
    for instance, change in zip(instances, changes, strict=True):
        cls = type(instance)
        if cls not in types:
            types[cls] = ContentType.objects.get_for_model(instance, for_concrete_model=True).pk
        rows.append(
            [
                fixed_at,
                fixed_actor,
                who["actor_label"],
                who["ip"],
                who["source"],
                action,
                types[cls],
                str(instance.pk),
                _safe_repr(instance),
                prep[9](change, connection),
            ]
        )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start : start + BATCH])
    for cls in types:
        pagecache.touched(cls)
    return len(rows)


def audited_bulk_create(model: type[M], objs: Sequence[M], *, batch_size: int = BATCH) -> list[M]:
    """`bulk_create` with one audit entry per created row, written in bulk in the same transaction.

    The database must return primary keys from a bulk insert (PostgreSQL, SQLite ≥ 3.35 — both supported).
    """
    if not objs:
        return []
    with transaction.atomic():
        created = model._default_manager.bulk_create(objs, batch_size=batch_size)
        changes = [obj._audit_diff({}, obj._audit_snapshot()) for obj in created]
        audit_bulk(instances=created, action=AuditAction.CREATE, changes=changes)
    for obj in created:
        obj._state.adding = False
        obj._audit_loaded = obj._audit_snapshot()
    return created


def audited_bulk_update(objs: Sequence[M], fields: Sequence[str], *, batch_size: int = BATCH) -> int:
    """`bulk_update` of the rows that really changed, with one audit entry each, in the same transaction.

    The objects must have been loaded from the database (their loaded values are the "before" of the trail).
    Returns the number of rows changed.
    """
    changed: list[M] = []
    diffs: list[dict[str, Any]] = []
    for obj in objs:
        names = {obj._attname(f) for f in fields}
        before = {k: v for k, v in obj._audit_before().items() if k in names}
        after = {k: v for k, v in obj._audit_snapshot().items() if k in names}
        diff = obj._audit_diff(before, after)
        if diff:
            changed.append(obj)
            diffs.append(diff)
    if not changed:
        return 0
    with transaction.atomic():
        update_rows(type(changed[0]), changed, list(fields))
        audit_bulk(instances=changed, action=AuditAction.UPDATE, changes=diffs)
    for obj in changed:
        obj._audit_loaded = {**(getattr(obj, "_audit_loaded", None) or {}), **obj._audit_snapshot()}
    return len(changed)


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
