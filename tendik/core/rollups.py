"""Sums kept in the same transaction as the change (ADR 0006): one upsert for every rolled-up table.

`add(model, keys, deltas)` adds each delta to its sum with `INSERT … ON CONFLICT (keys) DO UPDATE SET total = total +
excluded.total, n = n + excluded.n`, run with `executemany` — the same SQL on SQLite (≥ 3.24) and PostgreSQL. The
database adds, so two changes at the same moment cannot lose an update (the upsert's row lock serialises them). Sums
whose count falls to 0 are deleted, so that the table always equals a recount exactly. Users: `tendik.plans.rollups`
(indicator figures per territory) and `tendik.protection.rollups` (case figures per committee and month).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db import connection, models, transaction

Delta = tuple[Decimal | int, Decimal | int]  # (total, n)


def add(
    model: type[models.Model],
    keys: Sequence[str],
    deltas: Mapping[tuple[Any, ...], Delta],
    *,
    prune: tuple[str, Sequence[Any]] | None = None,
) -> int:
    """Add `deltas` ({key values: (total, n)}) to `model`'s sums, whose columns are `keys` + `total` and `n`.

    Afterwards the sums whose `n` fell to 0 are deleted, among the rows whose column `prune[0]` is in `prune[1]`
    (an indexed column of the touched keys, to keep the delete small); every row if `prune` is None. Only a sum
    given a delta with n <= 0 can fall to 0 (the table holds none at 0 otherwise): when `prune[0]` is one of `keys`,
    the delete looks only at those deltas' values of it, and there is no delete at all when every delta adds (a
    bulk load; otherwise each chunk would scan every sum of the months it touched).
    Returns the number of sums touched."""
    deltas = {k: d for k, d in deltas.items() if d[0] or d[1]}
    if not deltas:
        return 0
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    columns = [qn(_column(model, k)) for k in keys]
    cols = ", ".join([*columns, "total", "n"])
    marks = ", ".join(["%s"] * (len(keys) + 2))
    sql = (
        f"INSERT INTO {table} ({cols}) VALUES ({marks}) ON CONFLICT ({', '.join(columns)}) "  # noqa: S608
        f"DO UPDATE SET total = {table}.total + excluded.total, n = {table}.n + excluded.n"
    )
    params = [(*k, str(total), n) for k, (total, n) in deltas.items()]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(sql, params)
        falling = [k for k, (_total, n) in deltas.items() if n <= 0]
        if not falling:
            return len(deltas)
        if prune is None:
            cursor.execute(f"DELETE FROM {table} WHERE n <= 0")  # noqa: S608
        else:
            column, values = prune
            if column in keys:
                at = list(keys).index(column)
                values = [k[at] for k in falling]
            values = sorted(set(values))
            where = ", ".join(["%s"] * len(values))
            cursor.execute(
                f"DELETE FROM {table} WHERE n <= 0 AND {qn(_column(model, column))} IN ({where})",  # noqa: S608
                values,
            )
    return len(deltas)


def _column(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field) and field.column  # noqa: S101  (a concrete column of the sums table)
    return str(field.column)
