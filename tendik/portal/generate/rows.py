"""Fast writes for the generator: rows of audited models without model instances, with their audit entries.

A million indicator figures through `bulk_create` cost minutes of Python (a model instance per row, every value
compiled and quoted into the SQL). Here a row is a dict of column values: primary keys are taken from the table's
sequence beforehand (PostgreSQL) or after its largest key (SQLite), the rows go in with PostgreSQL's COPY (one
stream per table) or one prepared INSERT run many times (SQLite), and each row gets the audit entry that
`tendik.audit.services.audited_bulk_create` would have written for it: action "create", every audited field as
[None, value] (redacted fields as "<redacted>"), the record's audit label, the current actor and source. Decimal
values are rounded to their column's places first, so the trail holds exactly what the table holds.

Only for the generator on a database nobody else writes to at the same time (the SQLite keys are taken after the
largest existing one). Model `save()`, signals and field `pre_save` (auto_now) do not run: give every column.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.utils import timezone

from tendik.audit.models import AuditAction, AuditedModel, AuditEntry, _jsonable
from tendik.audit.services import _actor_fields

Row = dict[str, Any]


def allocate_ids(model: type[models.Model], n: int) -> list[int]:
    """`n` new primary keys for `model`, in increasing order, that no concurrent insert through the sequence can
    take (PostgreSQL); on SQLite the keys after the largest one (the generator is the only writer)."""
    if n <= 0:
        return []
    table, pk = model._meta.db_table, str(model._meta.pk.column)  # type: ignore[union-attr]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, pk, n])
            return sorted(r[0] for r in cursor.fetchall())
        qn = connection.ops.quote_name
        cursor.execute(f"SELECT COALESCE(MAX({qn(pk)}), 0) FROM {qn(table)}")  # noqa: S608
        top = int(cursor.fetchone()[0])
    return list(range(top + 1, top + 1 + n))


def _converters(fields: Sequence[Any]) -> list[Callable[[Any], Any] | None]:
    """Per column, what turns a Python value into what the driver takes (None: as it is)."""
    out: list[Callable[[Any], Any] | None] = []
    for f in fields:
        if isinstance(f, models.DateTimeField) and connection.vendor != "postgresql":
            out.append(connection.ops.adapt_datetimefield_value)
        elif isinstance(f, models.DateField) and connection.vendor != "postgresql":
            out.append(connection.ops.adapt_datefield_value)
        elif isinstance(f, models.DecimalField) and connection.vendor != "postgresql":
            out.append(str)
        else:
            out.append(None)
    return out


def copy_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], convert: Sequence[Any]) -> int:
    """Write rows (values in `columns` order): COPY on PostgreSQL, a prepared INSERT run many times on SQLite."""
    qn = connection.ops.quote_name
    cols = ", ".join(qn(c) for c in columns)
    n = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {qn(table)} ({cols}) FROM STDIN") as copy:  # type: ignore[attr-defined]
                for row in rows:
                    copy.write_row(row)
                    n += 1
            return n
        marks = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {qn(table)} ({cols}) VALUES ({marks})"  # noqa: S608
        batch: list[list[Any]] = []
        for row in rows:
            batch.append([v if c is None or v is None else c(v) for c, v in zip(convert, row, strict=True)])
            if len(batch) == 5000:
                cursor.executemany(sql, batch)
                n += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            n += len(batch)
    return n


def write_audited(model: type[AuditedModel], rows: list[Row], label: Callable[[Row], str]) -> list[int]:
    """INSERT `rows` (every concrete column but the primary key, by attname) with new primary keys (set in each
    row as "id") and one audit entry each, as `audited_bulk_create` does. `label(row)` is the model's audit
    label (`audit_label()` or `str()`) computed from the row. Returns the keys. Call inside a transaction."""
    if not rows:
        return []
    fields: list[Any] = list(model._meta.concrete_fields)
    pk = model._meta.pk
    missing = {f.attname for f in fields if f is not pk} - set(rows[0])
    if missing:
        raise ValueError(f"{model.__name__}: no value for {sorted(missing)}")
    places = {f.attname: Decimal(10) ** -f.decimal_places for f in fields if isinstance(f, models.DecimalField)}
    ids = allocate_ids(model, len(rows))
    for row, pk_value in zip(rows, ids, strict=True):
        row[pk.attname] = pk_value  # type: ignore[union-attr]
        for name, q in places.items():
            if row[name] is not None:
                row[name] = Decimal(row[name]).quantize(q)
    attnames = [f.attname for f in fields]
    copy_rows(
        model._meta.db_table,
        [f.column for f in fields],
        ([row[a] for a in attnames] for row in rows),
        _converters(fields),
    )
    ignored = set(model.audit_ignored_fields)
    redacted = {model._attname(n) for n in model.audit_redacted_fields}
    audited = sorted(f.attname for f in fields if f.name not in ignored)
    who = _actor_fields()
    at = timezone.now()
    actor = who["actor"].pk if who["actor"] is not None else None
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=True).pk
    head = (at, actor, who["actor_label"], who["ip"], who["source"], AuditAction.CREATE, content_type)
    dumps = json.dumps

    def entries() -> Iterable[tuple[Any, ...]]:
        for row in rows:
            changes = {a: ["<redacted>", "<redacted>"] if a in redacted else [None, _jsonable(row[a])] for a in audited}
            yield (*head, str(row[pk.attname]), label(row)[:255], dumps(changes))  # type: ignore[union-attr]

    names = ["at", "actor", "actor_label", "ip", "source", "action", "content_type", "object_id", "object_repr",
             "changes"]  # fmt: skip
    audit_fields: list[Any] = [AuditEntry._meta.get_field(n) for n in names]
    copy_rows(
        AuditEntry._meta.db_table,
        [f.column for f in audit_fields],
        entries(),
        _converters(audit_fields),
    )
    return ids
