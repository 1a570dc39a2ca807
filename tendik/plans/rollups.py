"""Keep `IndicatorRollup` exact and current: every change to counted figures is applied, in the same transaction, to
the sums of the municipality and each territory above it (rayon, oblast, country).

A report's figures count once it is submitted and until it is returned (drafts and returned reports do not). Callers:
`services.reports._move` (a report starts or stops counting), `services.reports._write` (figures of a counted report
change), the generator. `rebuild()` recounts everything (after a territorial reform moves units, or a repair).
The upsert (INSERT … ON CONFLICT … DO UPDATE SET total = total + excluded.total) is the same on SQLite and
PostgreSQL and safe under concurrent approvals: the database adds, not Python.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal

from django.db import connection, transaction

from tendik.plans.models import DataValue, IndicatorRollup, ReportStatus

PATH_SEGMENT = 15  # a 14-digit СОАТЕ code and its slash
NOT_COUNTED = (ReportStatus.DRAFT, ReportStatus.RETURNED)

Key = tuple[str, int, int, str]  # prefix, indicator, period, combo


def is_counted(status: str) -> bool:
    return status not in NOT_COUNTED


def prefixes(path: str) -> list[str]:
    """The country ("") and every territory path down to the unit's own."""
    return [path[: PATH_SEGMENT * k] for k in range(len(path) // PATH_SEGMENT + 1)]


def _table() -> tuple[str, Callable[[str], str]]:
    qn = connection.ops.quote_name
    return qn(IndicatorRollup._meta.db_table), qn


def apply(rows: Iterable[tuple[int, int, str, str, Decimal, int]]) -> int:
    """Add (indicator, period, unit path, combo, value, sign) rows to the sums; sign -1 takes a figure away.
    Returns the number of sums touched."""
    deltas: dict[Key, list[Decimal | int]] = defaultdict(lambda: [Decimal(0), 0])
    for indicator_id, period_id, path, combo, value, sign in rows:
        for prefix in prefixes(path):
            d = deltas[(prefix, indicator_id, period_id, combo)]
            d[0] += value * sign
            d[1] += sign
    if not deltas:
        return 0
    table, qn = _table()
    sql = (
        f"INSERT INTO {table} (prefix, indicator_id, period_id, combo, total, n) VALUES (%s, %s, %s, %s, %s, %s) "  # noqa: S608
        "ON CONFLICT (prefix, indicator_id, period_id, combo) "
        f"DO UPDATE SET total = {table}.total + excluded.total, n = {table}.n + excluded.n"
    )
    params = [(p, i, per, c, str(t), n) for (p, i, per, c), (t, n) in deltas.items()]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(sql, params)
        periods = sorted({k[2] for k in deltas})
        marks = ", ".join(["%s"] * len(periods))
        cursor.execute(f"DELETE FROM {table} WHERE n <= 0 AND period_id IN ({marks})", periods)  # noqa: S608
    return len(deltas)


def _value_rows(values: Iterable[DataValue], sign: int) -> Iterable[tuple[int, int, str, str, Decimal, int]]:
    for v in values:
        if v.unit is not None:  # reported figures always have their municipality
            yield v.indicator_id, v.period_id, v.unit.path, v.combo, v.value, sign


def report_counts_changed(*, report_id: int, sign: int) -> int:
    """A report started (+1) or stopped (-1) counting: add or take away all its figures."""
    values = DataValue.objects.filter(report_id=report_id).values_list(
        "indicator_id", "period_id", "unit__path", "combo", "value"
    )
    return apply((i, p, path, c, v, sign) for i, p, path, c, v in values)


def values_changed(*, removed: Iterable[DataValue] = (), added: Iterable[DataValue] = ()) -> int:
    """Figures of a counted report were removed, added or changed (a change: the old one removed, the new added).
    The values must have `unit` loaded (select_related or set)."""
    return apply([*_value_rows(removed, -1), *_value_rows(added, +1)])


@transaction.atomic
def rebuild() -> int:
    """Recount every sum from the figures, one grouped INSERT … SELECT per territory level. Returns rows written."""
    table, qn = _table()
    dv = qn(DataValue._meta.db_table)
    from tendik.geography.models import AdministrativeUnit
    from tendik.plans.models import ProgressReport

    units = qn(AdministrativeUnit._meta.db_table)
    reports = qn(ProgressReport._meta.db_table)
    marks = ", ".join(["%s"] * len(NOT_COUNTED))
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}")  # noqa: S608
        cursor.execute(f"SELECT MAX(LENGTH(path)) FROM {units}")  # noqa: S608
        depth = (cursor.fetchone()[0] or 0) // PATH_SEGMENT
        written = 0
        for k in range(depth + 1):
            length = PATH_SEGMENT * k
            cursor.execute(
                f"INSERT INTO {table} (prefix, indicator_id, period_id, combo, total, n) "  # noqa: S608
                f"SELECT SUBSTR(u.path, 1, %s), v.indicator_id, v.period_id, v.combo, SUM(v.value), COUNT(*) "
                f"FROM {dv} v JOIN {reports} r ON r.id = v.report_id JOIN {units} u ON u.id = v.unit_id "
                f"WHERE r.status NOT IN ({marks}) AND LENGTH(u.path) >= %s "
                f"GROUP BY SUBSTR(u.path, 1, %s), v.indicator_id, v.period_id, v.combo",
                [length, *NOT_COUNTED, length, length],
            )
            written += cursor.rowcount
    return written
