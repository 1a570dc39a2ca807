"""Who may see and do what in the protection module, built on tendik.accounts.permissions.

Committee work (members, appeals, families, case codes, meetings, events) is visible to the committee's own members
(roles bound to the committee). Identities in a case are visible only to the case owner, the committee chair and the
members the case is explicitly shared with — and only through a committee role that carries CASE_VIEW_IDENTITY.
Focal points and the national coordinator see committee lists and aggregate reports of their territory, never cases.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from tendik.accounts.permissions import committee_ids, committee_q, grants, has_perm
from tendik.accounts.roles import Perm, Role


def committees_q(user: Any, perm: Perm, prefix: str = "") -> Q:
    """Committees (rows of Committee, or of a model reaching one through `prefix`) the user may act on for `perm`."""
    return committee_q(user, perm, prefix.removesuffix("__"))


def q_or(*qs: Q) -> Q:
    """OR of scope filters (each is non-empty: "everything" is the permission layer's EVERYTHING, not Q())."""
    result = Q(pk__in=[])
    for q in qs:
        result |= q
    return result


def chair_committee_ids(user: Any) -> set[int]:
    return {g.committee_id for g in grants(user) if g.role == Role.COMMITTEE_CHAIR and g.committee_id is not None}


def can_view(user: Any, committee: Any) -> bool:
    return has_perm(user, Perm.PROTECTION_VIEW, committee=committee)


def can_edit(user: Any, committee: Any) -> bool:
    return has_perm(user, Perm.PROTECTION_EDIT, committee=committee)


def can_manage(user: Any, *, committee: Any = None, unit: Any = None) -> bool:
    """Create and change committees and their membership (focal points in their territory, coordinators)."""
    if committee is not None:
        return has_perm(user, Perm.PROTECTION_MANAGE_COMMITTEES, committee=committee)
    return has_perm(user, Perm.PROTECTION_MANAGE_COMMITTEES, unit=unit)


def identity_q(user: Any, prefix: str = "") -> Q:
    """Cases whose identities `user` may see: owner, chair, or explicitly shared — within own committees."""
    allowed = committee_ids(user, Perm.CASE_VIEW_IDENTITY)
    if not allowed or not getattr(user, "is_authenticated", False):
        return Q(**{f"{prefix}pk__in": []})
    from tendik.protection.models import CaseShare

    chairs = chair_committee_ids(user) & allowed
    shared = CaseShare.objects.filter(user_id=user.pk).values("case_id")
    return Q(**{f"{prefix}committee_id__in": allowed}) & (
        Q(**{f"{prefix}owner_id": user.pk})
        | Q(**{f"{prefix}committee_id__in": chairs})
        | Q(**{f"{prefix}pk__in": shared})
    )


def can_view_identity(user: Any, case: Any) -> bool:
    from tendik.protection.models import Case

    if case.committee_id not in committee_ids(user, Perm.CASE_VIEW_IDENTITY):
        return False
    if case.owner_id == user.pk or case.committee_id in chair_committee_ids(user):
        return True
    return Case.objects.filter(pk=case.pk).filter(identity_q(user)).exists()


def can_share(user: Any, case: Any) -> bool:
    """The owner and the committee chair may share a case with another member."""
    if case.committee_id not in committee_ids(user, Perm.CASE_VIEW_IDENTITY):
        return False
    return case.owner_id == user.pk or case.committee_id in chair_committee_ids(user)


def can_export_identifiable(user: Any, committee: Any) -> bool:
    return committee.pk in committee_ids(user, Perm.CASE_EXPORT_IDENTIFIABLE)


def require(ok: bool) -> None:
    if not ok:
        raise PermissionDenied


def require_edit(actor: Any, committee: Any) -> None:
    """Services call this with the acting user; None means the system itself (commands, demo data)."""
    if actor is not None and not can_edit(actor, committee):
        raise PermissionDenied
