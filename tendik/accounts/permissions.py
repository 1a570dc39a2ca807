"""The one layer that decides what a user may see and do.

Every view, API endpoint and export asks here. A role grants named permissions (roles.py); an assignment's
scope says where: the whole country, a territorial unit and everything under it, or one committee.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from tendik.accounts.roles import ROLE_PERMISSIONS, Perm, Role, role_requires_two_factor

if TYPE_CHECKING:
    from tendik.geography.models import AdministrativeUnit


@dataclass(frozen=True)
class Grant:
    role: str
    unit_path: str | None  # None with committee_id None = whole country
    committee_id: int | None
    committee_unit_path: str | None
    unit_level: str | None

    @property
    def is_national(self) -> bool:
        return self.unit_path is None and self.committee_id is None


_CACHE_ATTR = "_tendik_grants"


def grants(user: Any) -> list[Grant]:
    """The user's active role assignments, loaded once per request (one query)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    rows = user.role_assignments.filter(is_active=True).select_related("unit", "committee__municipality")
    result = [
        Grant(
            role=ra.role,
            unit_path=ra.unit.path if ra.unit_id else None,
            committee_id=ra.committee_id,
            committee_unit_path=ra.committee.municipality.path if ra.committee_id else None,
            unit_level=ra.unit.level if ra.unit_id else None,
        )
        for ra in rows
    ]
    setattr(user, _CACHE_ATTR, result)
    return result


def reader_of_everything() -> Any:
    """No one's account: an unsaved, active user who may view every module's pages in the whole country (a national
    viewer) and nothing else. For rendering, ahead of the readers, a page part that is the same for every reader
    whose scope covers its whole territory (tendik.core.pagecache, "warm"). It cannot sign in: it has no password
    and is never saved."""
    from django.contrib.auth import get_user_model

    user = get_user_model()(username="", is_active=True)
    user.set_unusable_password()
    setattr(
        user,
        _CACHE_ATTR,
        [Grant(role=Role.VIEWER, unit_path=None, committee_id=None, committee_unit_path=None, unit_level=None)],
    )
    return user


def forget(user: Any) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def _grants_for(user: Any, perm: Perm) -> list[Grant]:
    return [g for g in grants(user) if perm in ROLE_PERMISSIONS.get(g.role, frozenset())]


def has_perm(user: Any, perm: Perm, *, unit: AdministrativeUnit | None = None, committee: Any = None) -> bool:
    """May `user` do `perm` for `unit` (or `committee`)? With neither, "anywhere at all"."""
    for g in _grants_for(user, perm):
        if committee is not None:
            if g.committee_id == committee.pk:
                return True
            if g.committee_id is None and (g.is_national or committee.municipality.path.startswith(g.unit_path or "")):
                return True
            continue
        if unit is None:
            return True
        if g.is_national:
            return True
        if g.unit_path and unit.path.startswith(g.unit_path):
            return True
        if g.committee_unit_path and unit.path.startswith(g.committee_unit_path):
            return True
    return False


def has_perm_at(user: Any, perm: Perm, *, unit: AdministrativeUnit) -> bool:
    """Does `user` hold `perm` assigned at exactly `unit` (not through a wider territory or the country)?

    For steps that belong to one level, such as the rayon's approval of a municipal report: the oblast's focal
    point sees the rayon's territory but does not take the rayon's step.
    """
    return any(g.unit_path == unit.path and not g.is_national for g in _grants_for(user, perm))


def require(user: Any, perm: Perm, *, unit: AdministrativeUnit | None = None, committee: Any = None) -> None:
    if not has_perm(user, perm, unit=unit, committee=committee):
        raise PermissionDenied(perm.value)


def is_national(user: Any, perm: Perm) -> bool:
    return any(g.is_national for g in _grants_for(user, perm))


# "No restriction" as a Q that still combines: an empty Q() vanishes when OR-ed (Q() | Q(x) is just Q(x)),
# which would narrow a national user's rows to the other branch.
EVERYTHING = Q(pk__isnull=False)


def unit_q(user: Any, perm: Perm, field: str = "unit") -> Q:
    """A filter for rows whose territorial unit (`field`) lies in the user's scope for `perm`.

    `field` names the foreign key to AdministrativeUnit, e.g. "municipality" or "local_plan__municipality".
    """
    q = Q(pk__in=[])
    for g in _grants_for(user, perm):
        if g.is_national:
            return EVERYTHING
        path = g.unit_path or g.committee_unit_path
        if path:
            q |= Q(**{f"{field}__path__startswith": path})
    return q


def committee_q(user: Any, perm: Perm, field: str = "committee") -> Q:
    """A filter for rows of committees the user may act on for `perm`: own committees, or committees in territory.

    `field` is the path to the committee ("committee", "case__committee"), or "" to filter Committee rows themselves.
    """
    own = f"{field}_id" if field else "pk"
    in_territory = f"{field}__municipality__path__startswith" if field else "municipality__path__startswith"
    q = Q(pk__in=[])
    for g in _grants_for(user, perm):
        if g.is_national:
            return EVERYTHING
        if g.committee_id is not None:
            q |= Q(**{own: g.committee_id})
        elif g.unit_path:
            q |= Q(**{in_territory: g.unit_path})
    return q


def committee_ids(user: Any, perm: Perm) -> set[int]:
    """Committees the user belongs to with a role granting `perm` (membership, not territory)."""
    return {g.committee_id for g in _grants_for(user, perm) if g.committee_id is not None}


def scope_paths(user: Any, perm: Perm) -> list[str] | None:
    """Territory paths of the user's scope for `perm`; None means the whole country."""
    paths = []
    for g in _grants_for(user, perm):
        if g.is_national:
            return None
        path = g.unit_path or g.committee_unit_path
        if path:
            paths.append(path)
    return paths


def requires_two_factor(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or user.is_staff or any(role_requires_two_factor(g.role) for g in grants(user)))


def perms_summary(user: Any) -> set[Perm]:
    return {p for g in grants(user) for p in ROLE_PERMISSIONS.get(g.role, frozenset())}


def assignment_q(user: Any, perm: Perm) -> Q:
    """A filter for RoleAssignment rows whose scope lies inside the user's scope for `perm`.

    A national grant covers every assignment; a territorial grant covers assignments to units under it and to
    committees of municipalities under it; an assignment to the whole country is covered only by a national grant.
    """
    q = Q(pk__in=[])
    for g in _grants_for(user, perm):
        if g.is_national:
            return EVERYTHING
        if g.unit_path:
            q |= Q(unit__path__startswith=g.unit_path) | Q(committee__municipality__path__startswith=g.unit_path)
        elif g.committee_id is not None:
            q |= Q(committee_id=g.committee_id)
    return q


def may_grant(actor: Any, *, role: str, unit: AdministrativeUnit | None = None, committee: Any = None) -> bool:
    """May `actor` give (or take back) `role` in this scope (the country when unit and committee are None)?

    Only holders of MANAGE_USERS grant roles, only inside their own scope, and only national administrators grant
    the administrator role or a role for the whole country.
    """
    if role == Role.ADMIN or (unit is None and committee is None):
        return is_national(actor, Perm.MANAGE_USERS)
    return has_perm(actor, Perm.MANAGE_USERS, unit=unit, committee=committee)


def may_view_audit(user: Any) -> bool:
    """The audit trail spans every record of the country, so only a national VIEW_AUDIT grant opens it."""
    return is_national(user, Perm.VIEW_AUDIT)
