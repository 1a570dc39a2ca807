"""Reads of dialogue-group monitoring, scoped by the permission layer (one place decides who sees what).

- Submitted visits: whoever holds PARTICIPATION_VIEW for the municipality.
- Draft visits: only writers (VISITS_WRITE) for the municipality.
- Groups: PARTICIPATION_VIEW for a territory that overlaps the group's (a rayon focal point sees her oblast's group).
- Names of members and monitors: writers and managers (MONITORING_MANAGE) whose scope overlaps the group's territory.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from tendik.accounts.permissions import EVERYTHING, has_perm, is_national, scope_paths, unit_q
from tendik.accounts.roles import Perm
from tendik.core.params import id_param
from tendik.participation.models import (
    DialogueGroup,
    EvidencePhoto,
    GroupMember,
    MonitoringVisit,
    RatingLevel,
    RatingScale,
    Scorecard,
    VisitStatus,
)

PANEL_ROWS = 10


def _ancestor_paths(path: str) -> list[str]:
    codes = [c for c in path.split("/") if c]
    return ["".join(f"{c}/" for c in codes[: i + 1]) for i in range(len(codes))]


def _overlap_q(user: Any, perm: Perm, field: str) -> Q:
    """Rows whose unit `field` lies within the user's scope for `perm`, or contains it."""
    paths = scope_paths(user, perm)
    if paths is None:
        return EVERYTHING
    q = Q(pk__in=[])
    for p in paths:
        q |= Q(**{f"{field}__path__startswith": p}) | Q(**{f"{field}__path__in": _ancestor_paths(p)})
    return q


def _overlaps(user: Any, perm: Perm, unit: Any) -> bool:
    paths = scope_paths(user, perm)
    if paths is None:
        return True
    return any(unit.path.startswith(p) or p.startswith(unit.path) for p in paths)


# --- permissions ------------------------------------------------------------------------------------------------


def can_write_visit(user: Any, *, municipality: Any) -> bool:
    return has_perm(user, Perm.VISITS_WRITE, unit=municipality)


def can_manage_group(user: Any, group: DialogueGroup | None = None, *, territory: Any = None) -> bool:
    unit = group.territory if group is not None else territory
    if unit is None:
        return has_perm(user, Perm.MONITORING_MANAGE)
    return has_perm(user, Perm.MONITORING_MANAGE, unit=unit)


def can_manage_scales(user: Any) -> bool:
    """The scale is the ministry's: only a national MONITORING_MANAGE grant edits it."""
    return is_national(user, Perm.MONITORING_MANAGE)


def can_see_names(user: Any, group: DialogueGroup) -> bool:
    """Members' and monitors' names: the group's colleagues and its managers, not every reader."""
    return _overlaps(user, Perm.VISITS_WRITE, group.territory) or _overlaps(
        user, Perm.MONITORING_MANAGE, group.territory
    )


def can_recommend(user: Any, card: Scorecard) -> bool:
    """Turning a finding into a recommendation is consultations work in the municipality's territory."""
    return card.visit.status == VisitStatus.SUBMITTED and has_perm(
        user, Perm.CONSULTATIONS_MANAGE, unit=card.visit.municipality
    )


def may_use_monitoring(user: Any) -> bool:
    return has_perm(user, Perm.PARTICIPATION_VIEW)


# --- groups -----------------------------------------------------------------------------------------------------


def groups_for(user: Any) -> QuerySet[DialogueGroup]:
    """Groups the user may see, with counts of current members and submitted visits (two annotations, one query)."""
    return (
        DialogueGroup.objects.filter(_overlap_q(user, Perm.PARTICIPATION_VIEW, "territory"))
        .select_related("territory")
        .annotate(
            member_count=Count("members", filter=Q(members__left_on__isnull=True), distinct=True),
            visit_count=Count("visits", filter=Q(visits__status=VisitStatus.SUBMITTED), distinct=True),
        )
        .order_by("territory__path", "name_ru")
    )


def group_get(user: Any, pk: int) -> DialogueGroup:
    group = groups_for(user).filter(pk=pk).first()
    if group is None:
        raise Http404
    return group


def groups_for_municipality(user: Any, municipality: Any) -> QuerySet[DialogueGroup]:
    """Active groups whose territory contains the municipality (a visit's group must cover where it went)."""
    return DialogueGroup.objects.filter(
        is_active=True, territory__path__in=_ancestor_paths(municipality.path)
    ).select_related("territory")


def members_of(group: DialogueGroup) -> QuerySet[GroupMember]:
    return group.members.select_related("user").order_by("-role", "full_name")


# --- visits -----------------------------------------------------------------------------------------------------


def visits_q(user: Any) -> Q:
    submitted = Q(status=VisitStatus.SUBMITTED) & unit_q(user, Perm.PARTICIPATION_VIEW, "municipality")
    return submitted | unit_q(user, Perm.VISITS_WRITE, "municipality")


def visits_for(user: Any) -> QuerySet[MonitoringVisit]:
    """Visits the user may see, with group and municipality and the number of scorecards."""
    return (
        MonitoringVisit.objects.filter(visits_q(user))
        .select_related("group", "municipality", "municipality__parent")
        .annotate(card_count=Count("cards"))
        .order_by("-visited_on", "-id")
    )


def visit_get(user: Any, pk: int) -> MonitoringVisit:
    """Look up and authorise: out of scope (or a draft for a reader) is a 404, never a hint that it exists."""
    visit = (
        MonitoringVisit.objects.filter(visits_q(user))
        .select_related("group__territory", "municipality__parent", "scale", "created_by", "submitted_by")
        .filter(pk=pk)
        .first()
    )
    if visit is None:
        raise Http404
    return visit


def visit_cards(visit: MonitoringVisit) -> list[Scorecard]:
    return list(
        visit.cards.select_related("local_measure__national_measure__plan", "level", "recommendation")
        .prefetch_related(Prefetch("photos", queryset=EvidencePhoto.objects.order_by("uploaded_at", "pk")))
        .order_by("local_measure__order", "local_measure_id")
    )


def photo_get(user: Any, pk: int) -> EvidencePhoto:
    """A photo whose visit the user may see; otherwise 404."""
    photo = EvidencePhoto.objects.filter(pk=pk).select_related("card").first()
    if photo is None or not MonitoringVisit.objects.filter(visits_q(user), pk=photo.card.visit_id).exists():
        raise Http404
    return photo


def card_get(user: Any, pk: int) -> Scorecard:
    card = (
        Scorecard.objects.filter(pk=pk)
        .select_related("visit__municipality", "visit__group", "local_measure__national_measure")
        .first()
    )
    if card is None or not MonitoringVisit.objects.filter(visits_q(user), pk=card.visit_id).exists():
        raise Http404
    return card


def municipalities_with_plans(user: Any) -> Any:
    """Municipalities the user may write visits for that have a local plan (the measures come from it)."""
    from tendik.geography.models import AdministrativeUnit
    from tendik.plans.models import LocalPlan

    return (
        AdministrativeUnit.objects.filter(pk__in=LocalPlan.objects.values("municipality_id"))
        .filter(_path_q(user, Perm.VISITS_WRITE))
        .order_by("path")
    )


def _path_q(user: Any, perm: Perm) -> Q:
    paths = scope_paths(user, perm)
    if paths is None:
        return EVERYTHING
    q = Q(pk__in=[])
    for p in paths:
        q |= Q(path__startswith=p)
    return q


def local_measures_of(municipality: Any) -> Any:
    from tendik.plans.models import LocalMeasure

    return (
        LocalMeasure.objects.filter(local_plan__municipality=municipality)
        .select_related("local_plan", "national_measure__plan")
        .order_by("-local_plan__start_year", "order", "id")
    )


# --- scales -----------------------------------------------------------------------------------------------------


def current_scale() -> RatingScale | None:
    return RatingScale.objects.filter(is_current=True).order_by("pk").first()


def scales() -> QuerySet[RatingScale]:
    return RatingScale.objects.prefetch_related(
        Prefetch("levels", queryset=RatingLevel.objects.order_by("-score"))
    ).annotate(visit_count=Count("visits"))


# --- panels (public pages: nothing personal, fixed number of queries) --------------------------------------------


def _public_cards() -> QuerySet[Scorecard]:
    return Scorecard.objects.filter(visit__status=VisitStatus.SUBMITTED).select_related(
        "visit__municipality", "visit__group", "level", "local_measure"
    )


def _latest(qs: QuerySet[Scorecard]) -> tuple[list[Scorecard], int]:
    """The newest PANEL_ROWS rows and the total: one query, a second (count) only when there are more."""
    rows = list(qs.order_by("-visit__visited_on", "-pk")[:PANEL_ROWS])
    return rows, (qs.count() if len(rows) == PANEL_ROWS else len(rows))


def measure_findings(measure: Any) -> tuple[list[Scorecard], int]:
    """The latest submitted scorecards on local measures that adopted this national measure, and how many in all."""
    return _latest(_public_cards().filter(local_measure__national_measure=measure))


def unit_findings(unit: Any) -> tuple[list[Scorecard], int]:
    """The latest submitted scorecards of visits to municipalities within `unit`, and how many in all."""
    return _latest(_public_cards().filter(visit__municipality__path__startswith=unit.path))


def recommendation_sources(recommendation: Any) -> list[Scorecard]:
    return list(
        Scorecard.objects.filter(recommendation=recommendation).select_related(
            "visit__municipality", "visit__group", "local_measure", "level"
        )
    )


def cards_for_export(user: Any, *, status: str = "", group: str = "") -> QuerySet[Scorecard]:
    """Every scorecard of the visits the user may see (same filters as the list), in a fixed number of queries."""
    visits = MonitoringVisit.objects.filter(visits_q(user))
    if status in VisitStatus.values:
        visits = visits.filter(status=status)
    if group_id := id_param(group):
        visits = visits.filter(group_id=group_id)
    return (
        Scorecard.objects.filter(visit__in=visits)
        .select_related(
            "visit__group",
            "visit__municipality__parent__parent",
            "local_measure__national_measure__plan",
            "level",
            "recommendation",
        )
        .order_by("-visit__visited_on", "visit_id", "local_measure__order", "pk")
    )
