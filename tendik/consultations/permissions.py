"""Who may see and do what in consultations, built on tendik.accounts.permissions.

Territory of a record:
- a meeting: its place, and the oblasts it covered (a focal point of Jalal-Abad sees the Osh meeting that covered
  her oblast);
- a series: the territories of its meetings (managing the series itself is national work);
- a recommendation: its meeting and its regions; a general recommendation of a series is seen by whoever sees
  the series and is managed or answered nationally.
A user with a unit scope "overlaps" a unit when the unit lies within her scope or her scope lies within the unit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from tendik.accounts.permissions import has_perm, is_national, scope_paths
from tendik.accounts.roles import Perm

if TYPE_CHECKING:
    from tendik.consultations.models import Meeting, Participant, Recommendation


def _ancestor_paths(path: str) -> list[str]:
    codes = [c for c in path.split("/") if c]
    return ["".join(f"{c}/" for c in codes[: i + 1]) for i in range(len(codes))]


def _within_q(field: str, paths: list[str]) -> Q:
    q = Q(pk__in=[])
    for p in paths:
        q |= Q(**{f"{field}__path__startswith": p})
    return q


def _overlap_q(field: str, paths: list[str]) -> Q:
    q = Q(pk__in=[])
    for p in paths:
        q |= Q(**{f"{field}__path__startswith": p}) | Q(**{f"{field}__path__in": _ancestor_paths(p)})
    return q


def meeting_q(user: Any, perm: Perm = Perm.CONSULTATIONS_VIEW, prefix: str = "") -> Q:
    """Meetings (rows reached through `prefix`, e.g. "meeting__") within the user's scope for `perm`."""
    paths = scope_paths(user, perm)
    if paths is None:
        return Q()
    if not paths:
        return Q(pk__in=[])
    return _within_q(f"{prefix}place", paths) | _overlap_q(f"{prefix}oblasts_covered", paths)


def series_q(user: Any, perm: Perm = Perm.CONSULTATIONS_VIEW) -> Q:
    paths = scope_paths(user, perm)
    if paths is None:
        return Q()
    if not paths:
        return Q(pk__in=[])
    return meeting_q(user, perm, prefix="meetings__")


def recommendation_q(user: Any, perm: Perm = Perm.CONSULTATIONS_VIEW) -> Q:
    paths = scope_paths(user, perm)
    if paths is None:
        return Q()
    if not paths:
        return Q(pk__in=[])
    general = Q(scope="general", series__in=_series_ids_subquery(user, perm))
    return meeting_q(user, perm, prefix="meeting__") | _overlap_q("regions", paths) | general


def _series_ids_subquery(user: Any, perm: Perm) -> Any:
    from tendik.consultations.models import ConsultationSeries

    return ConsultationSeries.objects.filter(series_q(user, perm)).values("pk")


def _unit_overlaps(user: Any, perm: Perm, unit: Any) -> bool:
    if unit is None:
        return False
    if has_perm(user, perm, unit=unit):
        return True
    paths = scope_paths(user, perm) or []
    return any(p.startswith(unit.path) for p in paths)


def can_view_meeting(user: Any, meeting: Meeting) -> bool:
    if has_perm(user, Perm.CONSULTATIONS_VIEW, unit=meeting.place):
        return True
    return any(_unit_overlaps(user, Perm.CONSULTATIONS_VIEW, u) for u in meeting.oblasts_covered.all())


def can_manage_series(user: Any) -> bool:
    """Creating and editing a series (and its general recommendations) is national work."""
    return is_national(user, Perm.CONSULTATIONS_MANAGE)


def can_manage_meeting(user: Any, meeting: Meeting | None = None, *, place: Any = None) -> bool:
    unit = meeting.place if meeting is not None else place
    if unit is None:
        return has_perm(user, Perm.CONSULTATIONS_MANAGE)
    return has_perm(user, Perm.CONSULTATIONS_MANAGE, unit=unit)


def _recommendation_units(rec: Recommendation) -> list[Any]:
    units = list(rec.regions.all()) if rec.pk else []
    if rec.meeting is not None:
        units.append(rec.meeting.place)
    return units


def _may_act_on(user: Any, perm: Perm, rec: Recommendation) -> bool:
    if is_national(user, perm):
        return True
    units = _recommendation_units(rec)
    if not units:
        return False
    return any(has_perm(user, perm, unit=u) for u in units)


def can_manage_recommendation(user: Any, rec: Recommendation) -> bool:
    return _may_act_on(user, Perm.CONSULTATIONS_MANAGE, rec)


def can_answer_recommendation(user: Any, rec: Recommendation) -> bool:
    return _may_act_on(user, Perm.CONSULTATIONS_ANSWER, rec)


def can_view_personal(user: Any, participant: Participant) -> bool:
    perm = Perm.PARTICIPANTS_VIEW_PERSONAL
    if has_perm(user, perm, unit=participant.meeting.place):
        return True
    return participant.municipality_id is not None and has_perm(user, perm, unit=participant.municipality)


def personal_q(user: Any) -> Q:
    """Participants whose personal data the user may see."""
    paths = scope_paths(user, Perm.PARTICIPANTS_VIEW_PERSONAL)
    if paths is None:
        return Q()
    return _within_q("meeting__place", paths) | _within_q("municipality", paths)


def require_manage_meeting(user: Any, meeting: Meeting) -> None:
    if not can_manage_meeting(user, meeting):
        raise PermissionDenied(Perm.CONSULTATIONS_MANAGE.value)


def require_manage_recommendation(user: Any, rec: Recommendation) -> None:
    if not can_manage_recommendation(user, rec):
        raise PermissionDenied(Perm.CONSULTATIONS_MANAGE.value)


def require_answer(user: Any, rec: Recommendation) -> None:
    if not can_answer_recommendation(user, rec):
        raise PermissionDenied(Perm.CONSULTATIONS_ANSWER.value)
