"""Keep `IndicatorRollup` and `ReportRollup` exact and current: every change to counted figures, to a report's status
or to the money its entries say was spent is applied, in the same transaction, to the sums of the municipality and
each territory above it (rayon, oblast, country).

A report's figures count once it is submitted and until it is returned (drafts and returned reports do not). Callers:
`services.reports._move` (a report starts or stops counting), `services.reports._write` (figures of a counted report
change), the generator; for `ReportRollup` (reports by period and status, with their spending): `report_opened`
(`services.reports.report_open`), `report_moved` (`_move`), `spending_changed` (`_write`), the generator.
`rebuild()` recounts everything (after a territorial reform moves units, or a repair).
The upsert (INSERT … ON CONFLICT … DO UPDATE SET total = total + excluded.total) is the same on SQLite and
PostgreSQL and safe under concurrent approvals: the database adds, not Python.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import Sum

from tendik.core import pagecache
from tendik.core import rollups as core_rollups
from tendik.plans.models import BUDGET_SOURCES, DataValue, IndicatorRollup, ReportEntry, ReportRollup, ReportStatus

PATH_SEGMENT = 15  # a 14-digit SOATE code and its slash
# The page-cache key (tendik.core.pagecache) of the plans dashboards, built from these sums and the plans' records:
# raised by every audited write to the plans and geography apps and the models an indicator source names — but not by
# a draft's entries (`services.reports._write`), which no dashboard counts — and by `rebuild()`.
PAGES = "plans-dashboard"
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
    sums = {k: (t, n) for k, (t, n) in deltas.items()}
    return core_rollups.add(IndicatorRollup, ("prefix", "indicator", "period", "combo"), sums,
                            prune=("period", [k[2] for k in sums]))  # fmt: skip


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
    """Recount every sum (figures, reports and spending) from scratch. Returns rows written."""
    pagecache.bump(PAGES)  # (the migrations call the two parts directly, before the generations' table exists)
    return rebuild_indicators() + rebuild_reports()


@transaction.atomic
def rebuild_indicators() -> int:
    """Recount every figure sum, one grouped INSERT … SELECT per territory level. Returns rows written."""
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


# ---- reports by period and status, with the money spent -------------------------------------------------------------

SPENT = [f"spent_{s}" for s in BUDGET_SOURCES]
Spent = tuple[Decimal, ...]  # by budget source, in the order of BUDGET_SOURCES
NOTHING: Spent = tuple(Decimal(0) for _s in BUDGET_SOURCES)


def apply_reports(rows: Iterable[tuple[int, str, str, int, Spent]]) -> int:
    """Add (period, municipality path, status, reports, spent by source) rows to the report sums of every territory
    above (negative numbers take away). One upsert statement; sums of no report left are deleted. Returns the number
    of sums touched."""
    deltas: dict[tuple[str, int, str], list[Any]] = defaultdict(lambda: [0, *NOTHING])
    for period_id, path, status, reports, spent in rows:
        for prefix in prefixes(path):
            d = deltas[(prefix, period_id, status)]
            d[0] += reports
            for i, amount in enumerate(spent, start=1):
                d[i] += amount
    deltas = {k: d for k, d in deltas.items() if any(d)}
    if not deltas:
        return 0
    qn = connection.ops.quote_name
    table = qn(ReportRollup._meta.db_table)
    columns = ["prefix", "period_id", "status", "reports", *SPENT]
    added = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in columns[3:])
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))}) "  # noqa: S608
        f"ON CONFLICT (prefix, period_id, status) DO UPDATE SET {added}"
    )
    params = [(p, per, st, d[0], *(str(x) for x in d[1:])) for (p, per, st), d in deltas.items()]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(sql, params)
        periods = sorted({k[1] for k in deltas})
        marks = ", ".join(["%s"] * len(periods))
        cursor.execute(f"DELETE FROM {table} WHERE reports <= 0 AND period_id IN ({marks})", periods)  # noqa: S608
    return len(deltas)


def _spent(entries: Any) -> Spent:
    agg = entries.aggregate(**{c: Sum(c) for c in SPENT})
    return tuple(agg[c] or Decimal(0) for c in SPENT)


def _spent_of(report_id: int) -> Spent:
    return _spent(ReportEntry.objects.filter(report_id=report_id))


def report_opened(*, report: Any) -> int:
    """A report was created (its new entries have spent nothing yet): one more report of its status and period."""
    return apply_reports([(report.period_id, report.municipality.path, report.status, 1, NOTHING)])


def report_moved(*, report: Any, from_status: str, to_status: str) -> int:
    """A report changed status: it and its spending move from one status to the other (one query and one upsert)."""
    if from_status == to_status:
        return 0
    spent = _spent_of(report.pk)
    path = report.municipality.path
    return apply_reports(
        [
            (report.period_id, path, from_status, -1, tuple(-x for x in spent)),
            (report.period_id, path, to_status, 1, spent),
        ]
    )


def spent_by_source(entries: Iterable[Any]) -> Spent:
    """What these entries (loaded rows) say was spent, by source."""
    totals = [Decimal(0) for _s in SPENT]
    for e in entries:
        for i, c in enumerate(SPENT):
            totals[i] += getattr(e, c) or Decimal(0)
    return tuple(totals)


def spending_changed(*, report: Any, before: Spent, after: Spent) -> int:
    """The entries of a report were written: their spending went from `before` to `after` (by source)."""
    delta = tuple(a - b for a, b in zip(after, before, strict=True))
    return apply_reports([(report.period_id, report.municipality.path, report.status, 0, delta)])


@transaction.atomic
def rebuild_reports() -> int:
    """Recount the report sums: one grouped INSERT … SELECT per territory level. Returns rows written."""
    qn = connection.ops.quote_name
    from tendik.geography.models import AdministrativeUnit
    from tendik.plans.models import ProgressReport

    table = qn(ReportRollup._meta.db_table)
    units = qn(AdministrativeUnit._meta.db_table)
    reports = qn(ProgressReport._meta.db_table)
    entries = qn(ReportEntry._meta.db_table)
    per_report = ", ".join(f"SUM({c}) AS {c}" for c in SPENT)
    summed = ", ".join(f"COALESCE(SUM(e.{c}), 0)" for c in SPENT)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}")  # noqa: S608
        cursor.execute(f"SELECT MAX(LENGTH(path)) FROM {units}")  # noqa: S608
        depth = (cursor.fetchone()[0] or 0) // PATH_SEGMENT
        written = 0
        for k in range(depth + 1):
            length = PATH_SEGMENT * k
            cursor.execute(
                f"INSERT INTO {table} (prefix, period_id, status, reports, {', '.join(SPENT)}) "  # noqa: S608
                f"SELECT SUBSTR(u.path, 1, %s), r.period_id, r.status, COUNT(*), {summed} "
                f"FROM {reports} r JOIN {units} u ON u.id = r.municipality_id "
                f"LEFT JOIN (SELECT report_id, {per_report} FROM {entries} GROUP BY report_id) e ON e.report_id = r.id "
                f"WHERE LENGTH(u.path) >= %s GROUP BY SUBSTR(u.path, 1, %s), r.period_id, r.status",
                [length, length, length],
            )
            written += cursor.rowcount
    return written
