"""Fast bulk writes: rows without model instances, one writer for every bulk insert and update (ADR 0006's imports
and the generator alike).

Django's `bulk_create` compiles every value of every row into the SQL and `bulk_update` builds a CASE per field and
row; for the tens of thousands of rows of an import both cost seconds. Here:

- `copy_rows` writes plain rows (values in column order): PostgreSQL's COPY (one stream per table), or one prepared
  INSERT run over all the rows (SQLite's executemany) — one statement per call whatever the number of rows;
- `allocate_ids` takes primary keys for rows about to be written, safely on a live database: PostgreSQL takes them
  from the table's sequence (no concurrent insert can take them); SQLite moves the table's AUTOINCREMENT counter
  past them in one write statement, under the write lock the transaction then holds until it ends (a key used
  by a deleted row is never reused: the audit trail names rows by key);
- `insert_rows` and `update_rows` do the same for model instances (update: one `UPDATE … FROM unnest(arrays)` on
  PostgreSQL, one prepared UPDATE run over all rows on SQLite).

They write no audit entries by themselves: `tendik.audit.services` (`write_audited`, `audited_bulk_create/update`,
`audit_bulk`) writes the trail of audited models through them; rows with no trail of their own (timeline events,
many-to-many links) use them directly. Model `save()`, signals and `pre_save` of fields do not run for plain rows.
"""

from __future__ import annotations

import decimal
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connection, connections, models, router

from tendik.core import pagecache

BATCH = 2000
Convert = Callable[[Any], Any] | None


def allocate_ids(model: type[models.Model], n: int) -> list[int]:
    """`n` new primary keys for `model`, in increasing order, that no other writer can take. Call inside a
    transaction (on SQLite the keys are reserved under the write lock the transaction then holds)."""
    if n <= 0:
        return []
    if not connection.in_atomic_block:
        raise RuntimeError("allocate_ids must run inside a transaction")
    table, pk = model._meta.db_table, str(model._meta.pk.column)  # type: ignore[union-attr]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, pk, n])
            return sorted(r[0] for r in cursor.fetchall())
        qn = connection.ops.quote_name
        top = f"(SELECT COALESCE(MAX({qn(pk)}), 0) FROM {qn(table)})"  # noqa: S608
        # A write first: the transaction holds the write lock from here on, and the counter is past the keys.
        cursor.execute(f"UPDATE sqlite_sequence SET seq = MAX(seq, {top}) + %s WHERE name = %s", [n, table])  # noqa: S608
        if cursor.rowcount == 0:
            cursor.execute(f"INSERT INTO sqlite_sequence (name, seq) SELECT %s, {top} + %s", [table, n])  # noqa: S608
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        end = int(cursor.fetchone()[0])
    return list(range(end - n + 1, end + 1))


def as_stored(field: Any, value: Any) -> Any:
    """A decimal as `field`'s column stores it (rounded to its places the way the database rounds)."""
    if value is None or not isinstance(field, models.DecimalField):
        return value
    rounding = decimal.ROUND_HALF_UP if connection.vendor == "postgresql" else decimal.ROUND_HALF_EVEN
    return decimal.Decimal(value).quantize(decimal.Decimal(10) ** -field.decimal_places, rounding=rounding)


def converters(fields: Sequence[Any]) -> list[Convert]:
    """Per column, what turns a Python value into what the driver takes for `copy_rows` (None: as it is)."""
    out: list[Convert] = []
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


def copy_rows(
    table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], convert: Sequence[Convert] | None = None
) -> int:
    """Write rows (values in `columns` order) in one statement: COPY on PostgreSQL, a prepared INSERT run over every
    row on SQLite. `convert` (from `converters`) adapts values per column; None: the values are ready. `rows` may be a
    generator, and may read the database: every row is built before the statement starts. Returns the number of
    rows. Counted as one query by Django's query log."""
    qn = connection.ops.quote_name
    cols = ", ".join(qn(c) for c in columns)
    counted = [0]

    def adapted() -> Iterable[Sequence[Any]]:
        if convert is None or not any(convert):
            for row in rows:
                counted[0] += 1
                yield row
            return
        for row in rows:
            counted[0] += 1
            yield [v if c is None or v is None else c(v) for c, v in zip(convert, row, strict=True)]

    # Every row is built before the statement starts: building one may read the database (a content type, a
    # record's label), and on PostgreSQL a query on the connection in the middle of a COPY waits for ever.
    ready = list(adapted())
    start = time.monotonic()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            sql = f"COPY {qn(table)} ({cols}) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:  # type: ignore[attr-defined]
                for row in ready:
                    copy.write_row(row)
            if connection.queries_logged:  # COPY bypasses Django's cursor wrapper: log it like any statement
                connection.queries_log.append(
                    {"sql": f"{sql} -- {counted[0]} rows", "time": f"{time.monotonic() - start:.3f}"}
                )
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {qn(table)} ({cols}) VALUES ({marks})", ready)  # type: ignore[arg-type]  # noqa: S608
    return counted[0]


def insert_rows(model: type[models.Model], objs: Sequence[models.Model]) -> int:
    """INSERT every object (primary keys are not read back). Returns the number of rows."""
    if not objs:
        return 0
    db = connections[router.db_for_write(model)]
    fields: list[Any] = [f for f in model._meta.concrete_fields if not (f.primary_key and f.get_internal_type() in
                         ("AutoField", "BigAutoField", "SmallAutoField"))]  # fmt: skip
    rows = ([f.get_db_prep_save(f.pre_save(obj, add=True), db) for f in fields] for obj in objs)
    written = copy_rows(model._meta.db_table, [f.column for f in fields], rows)
    pagecache.touched(model)
    return written


def update_rows(
    model: type[models.Model], objs: Sequence[models.Model], fields: Sequence[str], *, touch: bool = True
) -> int:
    """UPDATE the given fields of every object by primary key, in one statement. Returns the number of rows.
    `touch=False`: the caller raises the cached pages' generations itself (the audit trail does, by the rows)."""
    if not objs:
        return 0
    db = connections[router.db_for_write(model)]
    concrete: list[Any] = [model._meta.get_field(f) for f in fields]
    pk: Any = model._meta.pk
    rows = [
        [pk.get_db_prep_save(obj.pk, db), *(f.get_db_prep_save(getattr(obj, f.attname), db) for f in concrete)]
        for obj in objs
    ]
    written = update_values(model, [f.attname for f in concrete], rows, prepared=True, touch=False)
    if touch:
        pagecache.touched(model, objs)
    return written


def update_values(model: type[models.Model], fields: Sequence[str], rows: Sequence[Sequence[Any]], *,
                  prepared: bool = False, touch: bool = True) -> int:  # fmt: skip
    """UPDATE plain rows (primary key, then the values of `fields` by attname) in one statement: `UPDATE … FROM
    unnest(one array per column)` on PostgreSQL, one prepared UPDATE run over every row on SQLite. `prepared`: the
    values are already what the driver takes (else adapted like `copy_rows`). Returns the number of rows.
    `touch=False`: the caller raises the cached pages' generations itself (these rows do not say their places)."""
    if not rows:
        return 0
    db = connections[router.db_for_write(model)]
    pk: Any = model._meta.pk
    concrete: list[Any] = [model._meta.get_field(f) for f in fields]
    qn = db.ops.quote_name
    table = qn(model._meta.db_table)
    convert = None if prepared else converters([pk, *concrete])
    with db.cursor() as cursor:
        if db.vendor == "postgresql":
            # One statement whatever the number of rows: each column travels as one array.
            columns = [pk, *concrete]
            arrays = [[row[i] for row in rows] for i in range(len(columns))]
            names = [f"c{i}" for i in range(len(columns))]
            unnest = ", ".join(f"%s::{f.cast_db_type(db)}[]" for f in columns)
            assignments = ", ".join(f"{qn(f.column)} = v.{n}" for f, n in zip(concrete, names[1:], strict=True))
            cursor.execute(
                f"UPDATE {table} SET {assignments} FROM unnest({unnest}) AS v({', '.join(names)}) "  # noqa: S608
                f"WHERE {table}.{qn(pk.column)} = v.c0",
                arrays,
            )
        else:
            assignments = ", ".join(f"{qn(f.column)} = %s" for f in concrete)
            params = (
                [*(v if c is None or v is None else c(v) for c, v in zip(convert[1:], row[1:], strict=True)), row[0]]
                if convert is not None
                else [*row[1:], row[0]]
                for row in rows
            )
            cursor.executemany(f"UPDATE {table} SET {assignments} WHERE {qn(pk.column)} = %s", params)  # type: ignore[arg-type]  # noqa: S608
    if touch:
        pagecache.touched(model)
    return len(rows)
