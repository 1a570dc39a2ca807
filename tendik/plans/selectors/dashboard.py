"""A territory's progress: budgets planned and spent, report statuses by period, its sub-units, and flags.

Every figure comes from aggregate queries grouped in the database, so the page costs the same number of queries
for one municipality or the whole country. What grows with the years (reports, their entries' spending) is read
from the sums kept current by tendik.plans.rollups (ADR 0006): a few rows per territory and period, whatever the
number of reports. Plans and their measures (one plan per municipality) are counted directly.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Count, Exists, Min, OuterRef, Q, Sum
from django.db.models.functions import Substr
from django.utils import timezone

from tendik.accounts.permissions import has_perm, scope_paths, unit_q
from tendik.accounts.roles import Perm
from tendik.geography.models import AdministrativeUnit
from tendik.plans.models import (
    BUDGET_SOURCES,
    BudgetSource,
    Frequency,
    LocalMeasure,
    LocalPlan,
    MeasureStatus,
    ProgressReport,
    ReportingPeriod,
    ReportRollup,
    ReportStatus,
)
from tendik.plans.models.i18n import current_lang
from tendik.plans.selectors.local import spent_expr

PATH_SEGMENT = 15  # a 14-digit SOATE code and its slash
NOT_COUNTED = [ReportStatus.DRAFT, ReportStatus.RETURNED]


@dataclass
class BudgetLine:
    source: str
    label: str
    planned: Decimal
    spent: Decimal

    @property
    def share(self) -> int:
        return int(self.spent * 100 / self.planned) if self.planned else 0


@dataclass
class ChildRow:
    unit: AdministrativeUnit
    plans: int = 0
    measures: int = 0
    planned: Decimal = Decimal(0)
    spent: Decimal = Decimal(0)
    reports: dict[str, int] = field(default_factory=dict)
    missing: int = 0


def default_territory(user: Any) -> AdministrativeUnit | None:
    """The top unit of the user's scope for viewing plans (None: the whole country)."""
    paths = scope_paths(user, Perm.PLANS_VIEW)
    if not paths:
        return None
    top = min(paths, key=len)
    return AdministrativeUnit.objects.select_related("parent").filter(code=AdministrativeUnit.code_at(top)).first()


def _scoped(qs: Any, user: Any, field_name: str, territory: AdministrativeUnit | None) -> Any:
    qs = qs.filter(unit_q(user, Perm.PLANS_VIEW, field_name))
    if territory is not None:
        qs = qs.filter(**{f"{field_name}__path__startswith": territory.path})
    return qs


def scope_prefixes(user: Any, territory: AdministrativeUnit | None) -> list[str]:
    """The fewest territory paths whose units together are exactly the user's scope (for viewing plans) within
    `territory` (None: the country): the prefixes under which the rolled-up sums are read and added."""
    top = territory.path if territory is not None else ""
    paths = scope_paths(user, Perm.PLANS_VIEW)
    if paths is None:
        return [top]
    found = {p for p in paths if p.startswith(top)} | ({top} if any(top.startswith(p) for p in paths) else set())
    return sorted(p for p in found if not any(p != q and p.startswith(q) for q in found))


def _counted_rollups(user: Any, territory: AdministrativeUnit | None) -> Any:
    return ReportRollup.objects.filter(prefix__in=scope_prefixes(user, territory)).exclude(status__in=NOT_COUNTED)


@dataclass
class MeasureSums:
    """The local measures of a territory in the user's scope, counted once in the database: one row per (sub-unit,
    national plan, status) with the number of measures, the sum of their approved progress, their budgets by source
    and how many ended before `today`. The budget card, the measures by status, the progress by plan, the sub-units'
    measures and money planned and the number of measures past their end are all read from these few hundred rows
    (one query instead of five)."""

    rows: list[dict[str, Any]]
    today: dt.date
    plans: dict[str, int] = field(default_factory=dict)  # local plans by sub-unit
    first_year: int | None = None  # the first year of the plans started by `today` (where reports can be due)

    def total(self, key: str, *, where: Any = None) -> Any:
        return sum((r[key] or 0 for r in self.rows if where is None or where(r)), Decimal(0) if key[:2] == "b_" else 0)


def measure_sums(*, user: Any, territory: AdministrativeUnit | None, today: dt.date | None = None) -> MeasureSums:
    """The territory's (None: the country's) local measures in the user's scope, grouped by sub-unit (the oblasts
    of the country, the rayons of an oblast…), national plan and status; and its local plans by sub-unit. Two
    queries."""
    today = today or timezone.localdate()
    depth = 0 if territory is None else territory.depth + 1
    measures = _scoped(LocalMeasure.objects.all(), user, "local_plan__municipality", territory)
    rows = (
        measures.annotate(child=Substr("local_plan__municipality__path", 1, PATH_SEGMENT * (depth + 1)))
        .values("child", "national_measure__plan_id", "current_status")
        .annotate(
            n=Count("pk"),
            p=Sum("current_progress"),
            late=Count("pk", filter=Q(end__lt=today)),
            **{f"b_{s}": Sum(f"budget_{s}") for s in BUDGET_SOURCES},
        )
        .order_by()
    )
    plans = (
        _scoped(LocalPlan.objects.all(), user, "municipality", territory)
        .annotate(child=Substr("municipality__path", 1, PATH_SEGMENT * (depth + 1)))
        .values("child")
        .annotate(n=Count("pk"), first=Min("start_year", filter=Q(start_year__lte=today.year)))
        .order_by()
    )
    by_child = {row["child"]: row for row in plans}
    return MeasureSums(
        rows=list(rows),
        today=today,
        plans={child: row["n"] for child, row in by_child.items()},
        first_year=min((row["first"] for row in by_child.values() if row["first"] is not None), default=None),
    )


def budget_by_source(
    *, user: Any, territory: AdministrativeUnit | None, sums: MeasureSums | None = None
) -> list[BudgetLine]:
    sums = sums or measure_sums(user=user, territory=territory)
    planned = {s: sums.total(f"b_{s}") for s in BUDGET_SOURCES}
    # Spent: what counted reports' entries say, from the sums per territory (not a scan of every entry).
    spent = _counted_rollups(user, territory).aggregate(**{s: Sum(f"spent_{s}") for s in BUDGET_SOURCES})
    return [
        BudgetLine(
            source=s, label=str(BudgetSource(s).label), planned=planned[s] or Decimal(0), spent=spent[s] or Decimal(0)
        )
        for s in BUDGET_SOURCES
    ]


def measure_statuses(
    *, user: Any, territory: AdministrativeUnit | None, sums: MeasureSums | None = None
) -> list[tuple[str, str, int]]:
    """(status, label, number of local measures) by their last approved status."""
    sums = sums or measure_sums(user=user, territory=territory)
    return [
        (s.value, str(s.label), sums.total("n", where=lambda r, s=s: r["current_status"] == s.value))
        for s in MeasureStatus
    ]


def children(
    *,
    user: Any,
    territory: AdministrativeUnit | None,
    period: ReportingPeriod | None,
    sums: MeasureSums | None = None,
) -> list[ChildRow]:
    """One row per sub-unit (oblasts of the country, rayons of an oblast, municipalities of a rayon)."""
    if territory is None:
        units = list(AdministrativeUnit.objects.current().filter(parent__isnull=True).order_by("path"))
        depth = 0
    else:
        units = list(territory.children.current().order_by("path"))
        depth = territory.depth + 1
    if not units:
        return []
    rows = {u.path: ChildRow(unit=u) for u in units}
    length = PATH_SEGMENT * (depth + 1)

    def grouped(qs: Any, path_field: str) -> Any:
        return qs.annotate(child=Substr(path_field, 1, length)).values("child")

    sums = sums or measure_sums(user=user, territory=territory)
    for child_path, n in sums.plans.items():
        if child_path in rows:
            rows[child_path].plans = n
    for row in sums.rows:
        if row["child"] in rows:
            child = rows[row["child"]]
            child.measures += row["n"]
            child.planned += sum((row[f"b_{s}"] or Decimal(0) for s in BUDGET_SOURCES), Decimal(0))
    # Spending and reports by status: from the sums of each sub-unit (or of the parts of it in the user's scope),
    # in one query: by sub-unit and status, the money spent (all periods) and the reports of the period.
    prefixes = set()
    for prefix in scope_prefixes(user, territory):
        prefixes |= {path for path in rows if path.startswith(prefix)} if len(prefix) < length else {prefix}
    reported: Any = (
        ReportRollup.objects.filter(prefix__in=prefixes)
        .annotate(child=Substr("prefix", 1, length))
        .values("child", "status")
        .annotate(s=Sum(spent_expr()), **({"n": Sum("reports", filter=Q(period=period))} if period is not None else {}))
        .order_by()
    )
    order = {status: i for i, status in enumerate(ReportStatus.values)}
    for sub in sorted(reported, key=lambda r: order.get(r["status"], len(order))):
        if sub["child"] not in rows:
            continue
        child = rows[sub["child"]]
        if sub["status"] not in NOT_COUNTED:
            child.spent += sub["s"] or Decimal(0)
        if sub.get("n") is not None:
            child.reports[str(ReportStatus(sub["status"]).label)] = sub["n"]
    if period is not None:
        for row in grouped(_missing_reports_qs(user, territory, period), "municipality__path").annotate(n=Count("pk")):
            if row["child"] in rows:
                rows[row["child"]].missing = row["n"]
    return [r for r in rows.values() if r.plans or r.measures]


def _missing_reports_qs(user: Any, territory: AdministrativeUnit | None, period: ReportingPeriod) -> Any:
    """Local plans covering the period with no report submitted for it."""
    plans = _scoped(LocalPlan.objects.all(), user, "municipality", territory)
    submitted = ProgressReport.objects.filter(period=period).exclude(status__in=[ReportStatus.DRAFT])
    return plans.filter(
        start_year__lte=period.year, end_year__gte=period.year, reporting_frequency=period.kind
    ).exclude(pk__in=submitted.values("local_plan_id"))


def report_periods(*, user: Any, territory: AdministrativeUnit | None) -> list[ReportingPeriod]:
    """Periods that reports exist for in the territory, newest first."""
    reports = ReportRollup.objects.filter(prefix__in=scope_prefixes(user, territory))
    return list(ReportingPeriod.objects.filter(pk__in=reports.values("period_id")).order_by("-start", "-end"))


def periods_and_report_periods(
    *, user: Any, territory: AdministrativeUnit | None
) -> tuple[dict[int, ReportingPeriod], list[ReportingPeriod]]:
    """Every reporting period by id (a few a year, for the indicator figures), and those `report_periods` gives
    (reports exist for them in the territory), newest first: one query for both."""
    reports = ReportRollup.objects.filter(prefix__in=scope_prefixes(user, territory), period=OuterRef("pk"))
    every = list(ReportingPeriod.objects.annotate(reported=Exists(reports)).order_by("-start", "-end"))
    return {p.pk: p for p in every}, [p for p in every if p.reported]  # type: ignore[attr-defined]


@dataclass
class Flags:
    missing_reports: list[Any]
    overdue_measures: list[Any]
    missing_total: int
    overdue_total: int
    all_missing: list[dict[str, Any]] = field(default_factory=list)  # every missing report, with its unit's path


def flags(
    *,
    user: Any,
    territory: AdministrativeUnit | None,
    today: dt.date | None = None,
    limit: int = 20,
    sums: MeasureSums | None = None,
) -> Flags:
    """Flags in the user's scope (and territory). With the territory's `sums` (counted for the same day), the
    measures past their end are counted from them rather than by a query of their own."""
    today = today or timezone.localdate()
    overdue_total = None
    if sums is not None and sums.today == today:
        overdue_total = sums.total("late", where=lambda r: r["current_status"] not in _NOT_OVERDUE)
    return flags_for(
        plans=_scoped(LocalPlan.objects.all(), user, "municipality", territory),
        measures=_scoped(LocalMeasure.objects.all(), user, "local_plan__municipality", territory),
        today=today,
        limit=limit,
        overdue_total=overdue_total,
        first_year=(sums.first_year or 0) if sums is not None and sums.today == today else None,
    )


_NOT_OVERDUE = [MeasureStatus.DONE, MeasureStatus.CANCELLED]


def flags_for(
    *,
    plans: Any,
    measures: Any,
    today: dt.date,
    limit: int,
    everything: bool = False,
    overdue_total: int | None = None,
    first_year: int | None = None,
) -> Flags:
    """Reports missing after their due date (by each plan's reporting frequency), and local measures past their end
    and not done. The missing reports are found and counted in the database (plans joined with the periods due,
    less the reports sent): two queries, then two for the measures (one when their number is already known:
    `overdue_total`). `everything` also lists every missing report (`all_missing`), not only the `limit` latest."""
    missing, missing_total = _missing_reports(plans, today, limit=None if everything else limit, first=first_year)
    overdue = (
        measures.filter(end__lt=today)
        .exclude(current_status__in=_NOT_OVERDUE)
        .select_related("local_plan__municipality")
    )
    if overdue_total is None:
        overdue_total = overdue.count()
    return Flags(
        missing_reports=missing[:limit],
        overdue_measures=list(overdue.order_by("end")[:limit]) if overdue_total and limit else [],
        missing_total=missing_total,
        overdue_total=overdue_total,
        all_missing=missing if everything else [],
    )


def _missing_reports(
    plans: Any, today: dt.date, *, limit: int | None, first: int | None = None
) -> tuple[list[dict[str, Any]], int]:
    """The latest `limit` (None: all) reports missing after their due date, newest due first, and their number
    (`first`: the first year of the plans started by today, when the caller has counted it already).

    The periods due (at most seven a year, from the first plan's year to today) are a small VALUES table; each plan
    is joined with those of its frequency within its years, and the periods it sent a report for (not a draft) are
    left out — in the database, whatever the number of plans and years. The reports sent are left out with NOT IN
    over (plan, period) pairs, which PostgreSQL hashes once (one pass over the reports) instead of probing the
    reports of every plan for every period due: about 19,000 probes at national size, 190 ms → 25 ms. Every value
    compared is NOT NULL (a period due but not in the periods table compares as 0), so NOT IN means "not among"."""
    from tendik.plans.models.indicators import period_label
    from tendik.plans.services.periods import REPORT_DUE_DAYS, period_bounds, period_codes

    plans = plans.filter(start_year__lte=today.year)
    if first is None:  # not known yet (0: no plan started)
        first = plans.aggregate(first=Min("start_year"))["first"]
    if not first:
        return [], 0
    due: dict[str, tuple[str, int, dt.date]] = {}
    for frequency in (Frequency.QUARTER, Frequency.HALF, Frequency.YEAR):
        for code in period_codes(frequency=frequency, start_year=first, end_year=today.year):
            _kind, year, _start, end = period_bounds(code)
            if end + dt.timedelta(days=REPORT_DUE_DAYS) < today:
                due[code] = (frequency.value, year, end)
    if not due:
        return [], 0
    qn = connection.ops.quote_name
    plan_t, unit_t, report_t, period_t = (
        qn(m._meta.db_table) for m in (LocalPlan, AdministrativeUnit, ProgressReport, ReportingPeriod)
    )
    in_scope, scope_params = plans.order_by().values("pk").query.sql_with_params()
    values = ", ".join(["(%s, %s, %s, %s)"] * len(due))
    due_params = [x for code, (kind, year, end) in due.items() for x in (code, kind, year, end.isoformat())]
    sql = (
        f"WITH due (code, kind, yr, ends) AS (VALUES {values}) "  # noqa: S608 - table names quoted, values bound
        f"SELECT lp.id, u.name_ru, u.name_ky, u.name_en, u.code, u.path, due.code, COUNT(*) OVER () "
        f"FROM {plan_t} lp JOIN {unit_t} u ON u.id = lp.municipality_id "
        f"JOIN due ON due.kind = lp.reporting_frequency AND due.yr >= lp.start_year AND due.yr <= lp.end_year "
        f"LEFT JOIN {period_t} p ON p.code = due.code "
        f"WHERE lp.id IN ({in_scope}) AND (lp.id, COALESCE(p.id, 0)) NOT IN (SELECT r.local_plan_id, r.period_id "
        f"FROM {report_t} r WHERE r.status <> %s AND r.local_plan_id IN ({in_scope})) "
        f"ORDER BY due.ends DESC, u.path, lp.start_year DESC, lp.id"
    )
    params = [*due_params, *scope_params, ReportStatus.DRAFT.value, *scope_params]
    if limit is not None:
        sql += " LIMIT %s"
        params.append(max(limit, 1))  # one row at least, to read the number
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    lang = current_lang()
    names = {"ru": 1, "ky": 2, "en": 3}
    missing = [
        {
            "local_plan_id": row[0],
            "municipality": row[names.get(lang, 1)] or row[1],
            "code": row[4],
            "path": row[5],
            "period_code": row[6],
            "period": period_label(row[6]),
            "due": due[row[6]][2],
        }
        for row in rows
    ]
    return missing, (rows[0][7] if rows else 0)


def unit_for_dashboard(*, user: Any, code: str | None) -> AdministrativeUnit | None:
    """The territory asked for, if the user may see it; else the top of the user's scope."""
    if code:
        unit = AdministrativeUnit.objects.select_related("parent").filter(code=code).first()  # "Up" shows the parent
        if unit is not None and has_perm(user, Perm.PLANS_VIEW, unit=unit):
            return unit
    return default_territory(user)
