"""The plans dashboards read sums kept current with each change (ADR 0006): their figures must be exactly those of the
former scans of every report, entry and plan × period, on the demo data and on generated data over the real
territories, for every kind of scope. The expected values are computed here by the former scanning code."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.db.models import Count, Sum
from django.db.models.functions import Substr

from tendik.accounts.services import role_assign
from tendik.geography.models import AdministrativeUnit
from tendik.plans.models import (
    BUDGET_SOURCES,
    LocalPlan,
    ProgressReport,
    ReportEntry,
    ReportingPeriod,
    ReportStatus,
)
from tendik.plans.selectors import dashboard as sel
from tendik.plans.selectors.local import spent_expr
from tendik.portal.generate import SIZES, generate_plans

pytestmark = pytest.mark.django_db

NOT_COUNTED = [ReportStatus.DRAFT, ReportStatus.RETURNED]


# ---- the former computations (scans), kept here as the reference ----------------------------------------------------


def _old_spent(user: Any, territory: Any) -> dict[str, Decimal]:
    entries = sel._scoped(
        ReportEntry.objects.exclude(report__status__in=NOT_COUNTED), user, "report__municipality", territory
    )
    agg = entries.aggregate(**{s: Sum(f"spent_{s}") for s in BUDGET_SOURCES})
    return {s: agg[s] or Decimal(0) for s in BUDGET_SOURCES}


def _old_periods(user: Any, territory: Any) -> list[str]:
    reports = sel._scoped(ProgressReport.objects.all(), user, "municipality", territory)
    return list(
        ReportingPeriod.objects.filter(pk__in=reports.values("period_id"))
        .order_by("-start", "-end")  # a year, its first half and first quarter start the same day
        .values_list("code", flat=True)
    )


def _old_children(user: Any, territory: Any, period: Any) -> dict[str, tuple[Decimal, dict[str, int]]]:
    depth = 0 if territory is None else territory.depth + 1
    length = sel.PATH_SEGMENT * (depth + 1)
    entries = sel._scoped(
        ReportEntry.objects.exclude(report__status__in=NOT_COUNTED), user, "report__municipality", territory
    )
    out: dict[str, Any] = {}
    spent = entries.annotate(child=Substr("report__municipality__path", 1, length)).values("child")
    for row in spent.annotate(s=Sum(spent_expr())):
        out.setdefault(row["child"], [Decimal(0), {}])[0] = row["s"] or Decimal(0)
    if period is not None:
        reports = sel._scoped(ProgressReport.objects.filter(period=period), user, "municipality", territory)
        grouped = reports.annotate(child=Substr("municipality__path", 1, length)).values("child", "status")
        for row in grouped.annotate(n=Count("pk")):
            out.setdefault(row["child"], [Decimal(0), {}])[1][str(ReportStatus(row["status"]).label)] = row["n"]
    return {k: (v[0], v[1]) for k, v in out.items()}


def _old_missing(user: Any, territory: Any, today: dt.date) -> list[tuple[int, str, dt.date]]:
    """Every (plan, period code, due) missing, in the former order: plans × periods looped in Python."""
    from tendik.plans.services.periods import REPORT_DUE_DAYS, period_bounds, period_codes

    plans = list(
        sel._scoped(LocalPlan.objects.all(), user, "municipality", territory)
        .filter(start_year__lte=today.year)
        .values("pk", "reporting_frequency", "start_year", "end_year")
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
                missing.append((p["pk"], code, end))
    missing.sort(key=lambda m: m[2], reverse=True)
    return missing


# ---- the comparison ------------------------------------------------------------------------------------------------


def _compare(user: Any, territory: Any, today: dt.date) -> int:
    """Assert the dashboard's figures equal the former scans; returns how many non-zero figures were compared."""
    new_budget = {b.source: b.spent for b in sel.budget_by_source(user=user, territory=territory)}
    assert new_budget == _old_spent(user, territory), (user, territory)
    periods = sel.report_periods(user=user, territory=territory)
    assert [p.code for p in periods] == _old_periods(user, territory)
    assert sel.periods_and_report_periods(user=user, territory=territory)[1] == periods  # the dashboard's one query
    compared = sum(1 for v in new_budget.values() if v) + len(periods)
    for period in [None, *periods[:3]]:
        old = _old_children(user, territory, period)
        for row in sel.children(user=user, territory=territory, period=period):
            spent, reports = old.get(row.unit.path, (Decimal(0), {}))
            assert (row.spent, row.reports) == (spent, reports), (territory, period, row.unit)
            compared += bool(row.spent) + len(row.reports)
    flags = sel.flags(user=user, territory=territory, today=today)
    old_missing = _old_missing(user, territory, today)
    assert flags.missing_total == len(old_missing)
    assert [(m["local_plan_id"], m["period_code"], m["due"]) for m in flags.missing_reports] == old_missing[:20]
    return compared + flags.missing_total


@pytest.fixture
def loaded() -> dict[str, Any]:
    for name in ("load_territories", "load_demo_users", "load_plans", "load_plans_demo"):
        call_command(name, verbosity=0)
    generate_plans(size=SIZES["demo"], limit=40, log=lambda _m: None)
    units = {u.code: u for u in AdministrativeUnit.objects.filter(children__isnull=False).distinct()}
    return units


def test_dashboard_figures_identical_to_the_former_scans(loaded, make_user):
    batken, kadamjay, naryn = loaded["41705000000000"], loaded["41705258000000"], loaded["41704000000000"]
    national = make_user("national_coordinator")
    oblast = make_user("focal_point", unit=batken)
    rayon = make_user("focal_point", unit=kadamjay)
    split = make_user("focal_point", unit=kadamjay)  # a scope of two places in two oblasts
    role_assign(user=split, role="focal_point", unit=naryn)
    municipality = AdministrativeUnit.objects.filter(path__startswith=kadamjay.path, local_plans__isnull=False).first()
    officer = make_user("municipal_officer", unit=municipality)
    cases = [
        (national, None),
        (national, batken),
        (national, kadamjay),
        (national, municipality),
        (oblast, batken),
        (oblast, kadamjay),
        (oblast, None),  # the country asked for by an oblast: only the oblast's part
        (rayon, kadamjay),
        (split, None),
        (split, batken),
        (officer, municipality),
        (officer, None),
    ]
    compared = 0
    for today in (dt.date(2026, 3, 1), dt.date(2025, 8, 20)):
        for user, territory in cases:
            compared += _compare(user, territory, today)
    assert compared > 500  # figures were really there to compare
