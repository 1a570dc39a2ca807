"""Reads of the national plans: browser tree, search in three languages, a measure with its adoptions.

The national catalogue (plans, areas, goals, measures, indicators) is public: it is read without a user. What
municipalities did with a measure is scoped by the user, except for the national aggregate counts.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from tendik.accounts.permissions import has_perm, unit_q
from tendik.accounts.roles import Perm
from tendik.geography.models import normalise_name
from tendik.plans.models import Goal, LocalMeasure, Measure, MeasureStatus, Plan, PlanArea


def plans_list(*, user: Any = None) -> QuerySet[Plan]:
    """All plans (the catalogue is public and the same for everyone), with measure counts."""
    return Plan.objects.annotate(measure_count=Count("measures"))


def plan_get(*, user: Any = None, code: str) -> Plan:
    return get_object_or_404(Plan, code=code)


def plan_tree(*, plan: Plan, query: str = "") -> list[PlanArea]:
    """Areas → goals → measures of a plan in four queries; with `query`, only matching measures (and their goals)."""
    measures = Measure.objects.filter(plan=plan).prefetch_related("sdg_targets")
    q = normalise_name(query)
    if q:
        measures = measures.filter(Q(search_text__contains=q))
    goals = Goal.objects.filter(plan=plan).prefetch_related(Prefetch("measures", queryset=measures))
    areas = list(PlanArea.objects.filter(plan=plan).prefetch_related(Prefetch("goals", queryset=goals)))
    if q:
        for area in areas:
            area.shown_goals = [g for g in area.goals.all() if g.measures.all()]  # type: ignore[attr-defined]
        areas = [a for a in areas if a.shown_goals]  # type: ignore[attr-defined]
    else:
        for area in areas:
            area.shown_goals = list(area.goals.all())  # type: ignore[attr-defined]
    return areas


def measure_search(*, user: Any = None, query: str) -> QuerySet[Measure]:
    """Measures of every plan whose text (ru, ky or en), responsible body or number contains the query."""
    q = normalise_name(query)
    if not q:
        return Measure.objects.none()
    return Measure.objects.filter(search_text__contains=q).select_related("plan", "goal")


def measure_get(*, user: Any = None, pk: int) -> Measure:
    return get_object_or_404(
        Measure.objects.select_related("plan", "goal__area").prefetch_related(
            "sdg_targets", "related_measures__plan", "indicators"
        ),
        pk=pk,
    )


def measure_adoption_summary(*, measure: Measure) -> dict[str, int]:
    """Across the country (public): how many municipalities adopted the measure and how many report it done."""
    counts = LocalMeasure.objects.filter(national_measure=measure).aggregate(
        adopted=Count("local_plan__municipality", distinct=True),
        done=Count("local_plan__municipality", distinct=True, filter=Q(current_status=MeasureStatus.DONE)),
    )
    return {"adopted": counts["adopted"] or 0, "done": counts["done"] or 0}


def measure_adoptions(*, user: Any, measure: Measure) -> QuerySet[LocalMeasure]:
    """The municipalities (in the user's scope) that adopted a national measure, with how far each has got."""
    if not has_perm(user, Perm.PLANS_VIEW):
        return LocalMeasure.objects.none()
    return (
        LocalMeasure.objects.filter(national_measure=measure)
        .filter(unit_q(user, Perm.PLANS_VIEW, "local_plan__municipality"))
        .select_related("local_plan__municipality")
        .order_by("local_plan__municipality__path")
    )
