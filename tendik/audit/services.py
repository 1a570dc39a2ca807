"""Writes to the audit trail and the access log. Both are append-only."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.utils import timezone

from tendik.audit.context import current
from tendik.audit.models import AccessLogEntry, AuditAction, AuditedModel, AuditEntry, _jsonable
from tendik.core import pagecache
from tendik.core.bulk import allocate_ids, as_stored, converters, copy_rows, update_rows, update_values

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
    before = [{k: v[0] for k, v in changes.items()}] if action == AuditAction.UPDATE else []
    pagecache.touched(instance._meta.model, [instance], before=before)
    return AuditEntry.objects.create(
        action=action,
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=True),
        object_id=str(instance.pk),
        object_repr=_safe_repr(instance),
        changes=changes,
        **_actor_fields(),
    )


ENTRY_COLUMNS = ("at", "actor", "actor_label", "ip", "source", "action", "content_type", "object_id", "object_repr",
                 "changes")  # fmt: skip


def _write_entries(rows: Iterable[Sequence[Any]]) -> int:
    """Append audit entries given as rows in ENTRY_COLUMNS order (`changes` as JSON text), in one statement
    (`tendik.core.bulk.copy_rows`: COPY on PostgreSQL, one prepared INSERT on SQLite)."""
    fields: list[Any] = [AuditEntry._meta.get_field(n) for n in ENTRY_COLUMNS]
    return copy_rows(AuditEntry._meta.db_table, [f.column for f in fields], rows, converters(fields))


def _head(action: str) -> tuple[Any, ...]:
    """The columns every entry of one bulk write shares: time, actor, actor's label, address, source, action."""
    who = _actor_fields()
    actor = who["actor"].pk if who["actor"] is not None else None
    return (timezone.now(), actor, who["actor_label"], who["ip"], who["source"], action)


def audit_bulk(*, instances: Sequence[models.Model], action: str, changes: Sequence[dict[str, Any]]) -> int:
    """Append one change record per instance in one bulk insert (imports); `changes[i]` belongs to `instances[i]`.

    Call inside the transaction that made the changes, after the instances have their primary keys. The rows go
    in as plain rows (no model instance per entry): the trail costs little more than the change itself. Returns the
    number of entries written.
    """
    if not instances:
        return 0
    head = _head(action)
    types: dict[type, int] = {}
    dumps = json.dumps

    def rows() -> Iterable[tuple[Any, ...]]:
        for instance, change in zip(instances, changes, strict=True):
            cls = type(instance)
            if cls not in types:
                types[cls] = ContentType.objects.get_for_model(instance, for_concrete_model=True).pk
            yield (*head, types[cls], str(instance.pk), _safe_repr(instance), dumps(change))

    written = _write_entries(rows())
    for cls in types:
        mine = [(i, c) for i, c in zip(instances, changes, strict=True) if type(i) is cls]
        before = [{k: v[0] for k, v in c.items()} for _i, c in mine] if action == AuditAction.UPDATE else []
        pagecache.touched(cls, [i for i, _c in mine], before=before)
    return written


def write_audited(
    model: type[AuditedModel], rows: list[dict[str, Any]], label: Callable[[dict[str, Any]], str]
) -> list[int]:
    """INSERT `rows` (dicts of every concrete column but the primary key, by attname) without model instances, with
    new primary keys (set in each row) and one audit entry each, exactly as `audited_bulk_create` records it: action
    "create", every audited field as [None, value] (redacted fields as "<redacted>"), `label(row)` as the record
    (the model's `audit_label()` or `str()` computed from the row), the current actor and source. Decimal values are
    rounded to their column's places first, so the trail holds what the table holds. Keys from
    `tendik.core.bulk.allocate_ids` (safe beside other writers). Two statements (rows, entries) plus the keys.
    Model `save()`, signals and field `pre_save` (auto_now) do not run: give every column. Returns the keys."""
    if not rows:
        return []
    if not connection.in_atomic_block:
        raise RuntimeError("write_audited must run inside a transaction")
    fields: list[Any] = list(model._meta.concrete_fields)
    pk: Any = model._meta.pk
    missing = {f.attname for f in fields if f is not pk} - set(rows[0])
    if missing:
        raise ValueError(f"{model.__name__}: no value for {sorted(missing)}")
    decimals = [f for f in fields if isinstance(f, models.DecimalField)]
    ids = allocate_ids(model, len(rows))
    for row, pk_value in zip(rows, ids, strict=True):
        row[pk.attname] = pk_value
        for f in decimals:
            row[f.attname] = as_stored(f, row[f.attname])
    attnames = [f.attname for f in fields]
    copy_rows(model._meta.db_table, [f.column for f in fields], ([row[a] for a in attnames] for row in rows),
              converters(fields))  # fmt: skip
    ignored = set(model.audit_ignored_fields)
    redacted = {model._attname(n) for n in model.audit_redacted_fields}
    audited = sorted(f.attname for f in fields if f.name not in ignored)
    head = (*_head(AuditAction.CREATE), ContentType.objects.get_for_model(model, for_concrete_model=True).pk)
    dumps = json.dumps

    def entries() -> Iterable[tuple[Any, ...]]:
        for row in rows:
            changes = {a: ["<redacted>", "<redacted>"] if a in redacted else [None, _jsonable(row[a])] for a in audited}
            yield (*head, str(row[pk.attname]), label(row)[:255], dumps(changes))

    _write_entries(entries())
    pagecache.touched(model, rows)
    return ids


def write_audited_changes(
    model: type[AuditedModel],
    rows: Sequence[tuple[dict[str, Any], dict[str, Any]]],
    label: Callable[[dict[str, Any]], str],
) -> int:
    """UPDATE rows given as (loaded, new) dicts by attname (`loaded` holds the primary key and at least the fields in
    `new`) without model instances, with one audit entry per row that really changed, exactly as
    `audited_bulk_update` records it (action "update", each changed audited field as [before, after]). Two
    statements whatever the number of rows. Returns the number of rows changed. Call inside a transaction."""
    if not rows:
        return 0
    pk: Any = model._meta.pk
    fields = list(rows[0][1])
    ignored = {model._attname(n) for n in model.audit_ignored_fields}
    redacted = {model._attname(n) for n in model.audit_redacted_fields}
    audited = sorted(f for f in fields if f not in ignored)
    changed: list[list[Any]] = []
    entries: list[tuple[str, str, dict[str, Any]]] = []
    written: list[tuple[dict[str, Any], dict[str, Any]]] = []
    for loaded, new in rows:
        diff: dict[str, Any] = {}
        for key in audited:
            old, value = _jsonable(loaded[key]), _jsonable(new[key])
            if old != value:
                diff[key] = ["<redacted>", "<redacted>"] if key in redacted else [old, value]
        if diff:
            changed.append([loaded[pk.attname], *(new[f] for f in fields)])
            entries.append((str(loaded[pk.attname]), label(loaded)[:255], diff))
            written.append((loaded, new))
    if not changed:
        return 0
    update_values(model, fields, changed, touch=False)
    # the cached pages' generations, by the rows (their places, when the loaded values name them)
    pagecache.touched(model, [{**loaded, **new} for loaded, new in written], before=[o for o, _n in written])
    head = (*_head(AuditAction.UPDATE), ContentType.objects.get_for_model(model, for_concrete_model=True).pk)
    dumps = json.dumps
    _write_entries((*head, object_id, record, dumps(diff)) for object_id, record, diff in entries)
    return len(changed)


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
    snapshots: list[dict[str, Any]] = []
    names_of: dict[type, set[str]] = {}
    for obj in objs:
        cls = type(obj)
        if cls not in names_of:
            names_of[cls] = {obj._attname(f) for f in fields}
        names = names_of[cls]
        snapshot = obj._audit_snapshot()
        before = {k: v for k, v in obj._audit_before().items() if k in names}
        after = {k: v for k, v in snapshot.items() if k in names}
        diff = obj._audit_diff(before, after)
        if diff:
            changed.append(obj)
            diffs.append(diff)
            snapshots.append(snapshot)
    if not changed:
        return 0
    with transaction.atomic():
        update_rows(type(changed[0]), changed, list(fields), touch=False)  # audit_bulk raises the generations
        audit_bulk(instances=changed, action=AuditAction.UPDATE, changes=diffs)
    for obj, snapshot in zip(changed, snapshots, strict=True):
        obj._audit_loaded = {**(getattr(obj, "_audit_loaded", None) or {}), **snapshot}
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
