"""A territory's progress: budgets planned and spent, report statuses by period, its sub-units, and flags.

Every figure comes from aggregate queries grouped in the database, so the page costs the same number of queries
for one municipality or the whole country.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Sum
from django.db.models.functions import Substr
from django.utils import timezone

from tendik.accounts.permissions import has_perm, scope_paths, unit_q
from tendik.accounts.roles import Perm
from tendik.geography.models import AdministrativeUnit
from tendik.plans.models import (
    BUDGET_SOURCES,
    BudgetSource,
    LocalMeasure,
    LocalPlan,
    MeasureStatus,
    ProgressReport,
    ReportEntry,
    ReportingPeriod,
    ReportStatus,
)
from tendik.plans.models.i18n import current_lang
from tendik.plans.selectors.local import planned_expr, spent_expr

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
    return AdministrativeUnit.objects.filter(code=top.rstrip("/").rsplit("/", 1)[-1]).first()


def _scoped(qs: Any, user: Any, field_name: str, territory: AdministrativeUnit | None) -> Any:
    qs = qs.filter(unit_q(user, Perm.PLANS_VIEW, field_name))
    if territory is not None:
        qs = qs.filter(**{f"{field_name}__path__startswith": territory.path})
    return qs


def budget_by_source(*, user: Any, territory: AdministrativeUnit | None) -> list[BudgetLine]:
    measures = _scoped(LocalMeasure.objects.all(), user, "local_plan__municipality", territory)
    planned = measures.aggregate(**{s: Sum(f"budget_{s}") for s in BUDGET_SOURCES})
    entries = _scoped(
        ReportEntry.objects.exclude(report__status__in=NOT_COUNTED), user, "report__municipality", territory
    )
    spent = entries.aggregate(**{s: Sum(f"spent_{s}") for s in BUDGET_SOURCES})
    return [
        BudgetLine(
            source=s, label=str(BudgetSource(s).label), planned=planned[s] or Decimal(0), spent=spent[s] or Decimal(0)
        )
        for s in BUDGET_SOURCES
    ]


def measure_statuses(*, user: Any, territory: AdministrativeUnit | None) -> list[tuple[str, str, int]]:
    """(status, label, number of local measures) by their last approved status."""
    measures = _scoped(LocalMeasure.objects.all(), user, "local_plan__municipality", territory)
    counts = dict(measures.values_list("current_status").annotate(n=Count("pk")))
    return [(s.value, str(s.label), counts.get(s.value, 0)) for s in MeasureStatus]


def children(*, user: Any, territory: AdministrativeUnit | None, period: ReportingPeriod | None) -> list[ChildRow]:
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

    plans = _scoped(LocalPlan.objects.all(), user, "municipality", territory)
    for row in grouped(plans, "municipality__path").annotate(n=Count("pk")):
        if row["child"] in rows:
            rows[row["child"]].plans = row["n"]
    measures = _scoped(LocalMeasure.objects.all(), user, "local_plan__municipality", territory)
    for row in grouped(measures, "local_plan__municipality__path").annotate(n=Count("pk"), s=Sum(planned_expr())):
        if row["child"] in rows:
            rows[row["child"]].measures = row["n"]
            rows[row["child"]].planned = row["s"] or Decimal(0)
    entries = _scoped(
        ReportEntry.objects.exclude(report__status__in=NOT_COUNTED), user, "report__municipality", territory
    )
    for row in grouped(entries, "report__municipality__path").annotate(s=Sum(spent_expr())):
        if row["child"] in rows:
            rows[row["child"]].spent = row["s"] or Decimal(0)
    if period is not None:
        reports = _scoped(ProgressReport.objects.filter(period=period), user, "municipality", territory)
        for row in grouped(reports, "municipality__path").values("child", "status").annotate(n=Count("pk")):
            if row["child"] in rows:
                rows[row["child"]].reports[str(ReportStatus(row["status"]).label)] = row["n"]
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
    reports = _scoped(ProgressReport.objects.all(), user, "municipality", territory)
    return list(ReportingPeriod.objects.filter(pk__in=reports.values("period_id")).order_by("-start"))


@dataclass
class Flags:
    missing_reports: list[Any]
    overdue_measures: list[Any]
    missing_total: int
    overdue_total: int
    all_missing: list[dict[str, Any]] = field(default_factory=list)  # every missing report, with its unit's path


def flags(*, user: Any, territory: AdministrativeUnit | None, today: dt.date | None = None, limit: int = 20) -> Flags:
    """Flags in the user's scope (and territory)."""
    return flags_for(
        plans=_scoped(LocalPlan.objects.all(), user, "municipality", territory),
        measures=_scoped(LocalMeasure.objects.all(), user, "local_plan__municipality", territory),
        today=today or timezone.localdate(),
        limit=limit,
    )


def flags_for(*, plans: Any, measures: Any, today: dt.date, limit: int) -> Flags:
    """Reports missing after their due date (by each plan's reporting frequency), and local measures past their end
    and not done. Two queries for the reports, two for the measures."""
    from tendik.plans.models.indicators import period_label
    from tendik.plans.services.periods import REPORT_DUE_DAYS, period_bounds, period_codes

    plans = list(
        plans.filter(start_year__lte=today.year).values(
            "pk",
            "municipality__name_ru",
            "municipality__name_ky",
            "municipality__name_en",
            "municipality__code",
            "municipality__path",
            "reporting_frequency",
            "start_year",
            "end_year",
        )
    )
    submitted = set(
        ProgressReport.objects.filter(local_plan_id__in=[p["pk"] for p in plans])
        .exclude(status=ReportStatus.DRAFT)
        .values_list("local_plan_id", "period__code")
    )
    missing = []
    for p in plans:
        codes = period_codes(
            frequency=p["reporting_frequency"], start_year=p["start_year"], end_year=min(p["end_year"], today.year)
        )
        for code in reversed(codes):
            end = period_bounds(code)[3]
            if end + dt.timedelta(days=REPORT_DUE_DAYS) < today and (p["pk"], code) not in submitted:
                missing.append(
                    {
                        "local_plan_id": p["pk"],
                        "municipality": p[f"municipality__name_{current_lang()}"] or p["municipality__name_ru"],
                        "code": p["municipality__code"],
                        "path": p["municipality__path"],
                        "period_code": code,
                        "period": period_label(code),
                        "due": end,
                    }
                )
    missing.sort(key=lambda m: m["due"], reverse=True)
    overdue = (
        measures.filter(end__lt=today)
        .exclude(current_status__in=[MeasureStatus.DONE, MeasureStatus.CANCELLED])
        .select_related("local_plan__municipality")
    )
    return Flags(
        missing_reports=missing[:limit],
        overdue_measures=list(overdue.order_by("end")[:limit]),
        missing_total=len(missing),
        overdue_total=overdue.count(),
        all_missing=missing,
    )


def unit_for_dashboard(*, user: Any, code: str | None) -> AdministrativeUnit | None:
    """The territory asked for, if the user may see it; else the top of the user's scope."""
    if code:
        unit = AdministrativeUnit.objects.filter(code=code).first()
        if unit is not None and has_perm(user, Perm.PLANS_VIEW, unit=unit):
            return unit
    return default_territory(user)
