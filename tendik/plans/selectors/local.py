"""Reads of local plans, scoped to the user's territory, with budget sums in a fixed number of queries."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, F, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from tendik.accounts.permissions import unit_q
from tendik.accounts.roles import Perm
from tendik.plans.models import BUDGET_SOURCES, LocalMeasure, LocalPlan, ReportEntry

MONEY = DecimalField(max_digits=16, decimal_places=2)
ZERO = Value(Decimal(0), output_field=MONEY)


def planned_expr(prefix: str = "") -> Any:
    return sum((F(f"{prefix}budget_{s}") for s in BUDGET_SOURCES[1:]), F(f"{prefix}budget_{BUDGET_SOURCES[0]}"))


def spent_expr(prefix: str = "") -> Any:
    return sum((F(f"{prefix}spent_{s}") for s in BUDGET_SOURCES[1:]), F(f"{prefix}spent_{BUDGET_SOURCES[0]}"))


def local_plans_for(*, user: Any, within: Any = None) -> QuerySet[LocalPlan]:
    """Local plans the user may see (optionally within a territory), with measure count, planned and spent money."""
    qs = LocalPlan.objects.filter(unit_q(user, Perm.PLANS_VIEW, "municipality"))
    if within is not None:
        qs = qs.filter(municipality__path__startswith=within.path)
    planned = (
        LocalMeasure.objects.filter(local_plan=OuterRef("pk"))
        .values("local_plan")
        .annotate(s=Sum(planned_expr()))
        .values("s")
    )
    spent = (
        ReportEntry.objects.filter(local_measure__local_plan=OuterRef("pk"))
        .exclude(report__status__in=["draft", "returned"])
        .values("local_measure__local_plan")
        .annotate(s=Sum(spent_expr()))
        .values("s")
    )
    return (
        qs.select_related("municipality", "municipality__parent")
        .annotate(
            measure_count=Count("measures", distinct=True),
            planned=Coalesce(Subquery(planned, output_field=MONEY), ZERO),
            spent=Coalesce(Subquery(spent, output_field=MONEY), ZERO),
        )
        .order_by("municipality__path", "-start_year")
    )


def local_plan_get(*, user: Any, pk: int) -> LocalPlan:
    return get_object_or_404(local_plans_for(user=user), pk=pk)


def local_measures(*, local_plan: LocalPlan) -> QuerySet[LocalMeasure]:
    spent = (
        ReportEntry.objects.filter(local_measure=OuterRef("pk"))
        .exclude(report__status__in=["draft", "returned"])
        .values("local_measure")
        .annotate(s=Sum(spent_expr()))
        .values("s")
    )
    return (
        local_plan.measures.select_related("national_measure__plan")
        .prefetch_related("indicators")
        .annotate(spent=Coalesce(Subquery(spent, output_field=MONEY), ZERO))
    )


def local_measure_get(*, user: Any, pk: int) -> LocalMeasure:
    scoped = LocalMeasure.objects.filter(unit_q(user, Perm.PLANS_VIEW, "local_plan__municipality"))
    return get_object_or_404(scoped.select_related("local_plan__municipality", "national_measure"), pk=pk)


def municipalities_for(*, user: Any, perm: Perm = Perm.LOCAL_PLAN_EDIT) -> QuerySet[Any]:
    """Municipalities (ayil aimaks, towns, cities) in the user's scope for `perm`."""
    from django.db.models import Q

    from tendik.accounts.permissions import scope_paths
    from tendik.geography.models import MUNICIPAL_LEVELS, AdministrativeUnit

    paths = scope_paths(user, perm)
    qs = AdministrativeUnit.objects.current().filter(level__in=MUNICIPAL_LEVELS, parent__isnull=False)
    if paths is None:
        return qs
    q = Q(pk__in=[])
    for p in paths:
        q |= Q(path__startswith=p)
    return qs.filter(q)


def plans_to_adopt_into(*, user: Any, measure: Any) -> QuerySet[LocalPlan]:
    """Local plans the user may edit that have not adopted `measure` yet (the measure page's "adopt" action)."""
    from tendik.accounts.permissions import unit_q

    return (
        LocalPlan.objects.filter(unit_q(user, Perm.LOCAL_PLAN_EDIT, "municipality"))
        .exclude(measures__national_measure=measure)
        .select_related("municipality")
        .order_by("municipality__path", "-start_year")
    )
