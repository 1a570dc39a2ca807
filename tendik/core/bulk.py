"""Fast bulk writes for imports: one prepared statement run many times (cursor.executemany).

Django's `bulk_create` compiles every value of every row and `bulk_update` builds a CASE per field and row; for the
tens of thousands of rows of an import both cost seconds. These helpers cost milliseconds on SQLite and PostgreSQL
alike. They write no audit entries by themselves: use `tendik.audit.services.audited_bulk_create/update` for
audited models, and these for rows that carry no trail of their own (timeline events, many-to-many links).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connections, models, router

from tendik.core import pagecache

BATCH = 2000


def insert_rows(model: type[models.Model], objs: Sequence[models.Model]) -> int:
    """INSERT every object (primary keys are not read back). Returns the number of rows."""
    if not objs:
        return 0
    connection = connections[router.db_for_write(model)]
    fields: list[Any] = [f for f in model._meta.concrete_fields if not (f.primary_key and f.get_internal_type() in
                         ("AutoField", "BigAutoField", "SmallAutoField"))]  # fmt: skip
    qn = connection.ops.quote_name
    columns = ", ".join(qn(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {qn(model._meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608
    rows = []
    for obj in objs:
        row = []
        for f in fields:
            value = f.pre_save(obj, add=True)
            row.append(f.get_db_prep_save(value, connection))
        rows.append(row)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start : start + BATCH])
    pagecache.touched(model)
    return len(rows)


def update_rows(model: type[models.Model], objs: Sequence[models.Model], fields: Sequence[str]) -> int:
    """UPDATE the given fields of every object by primary key. Returns the number of rows."""
    if not objs:
        return 0
    connection = connections[router.db_for_write(model)]
    concrete: list[Any] = [model._meta.get_field(f) for f in fields]
    qn = connection.ops.quote_name
    pk: Any = model._meta.pk
    assignments = ", ".join(f"{qn(f.column)} = %s" for f in concrete)
    sql = f"UPDATE {qn(model._meta.db_table)} SET {assignments} WHERE {qn(pk.column)} = %s"  # noqa: S608
    params = [
        [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in concrete]
        + [pk.get_db_prep_save(obj.pk, connection)]
        for obj in objs
    ]  # fmt: skip
    with connection.cursor() as cursor:
        for start in range(0, len(params), BATCH):
            cursor.executemany(sql, params[start : start + BATCH])
    pagecache.touched(model)
    return len(params)
