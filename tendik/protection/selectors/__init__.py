"""Reads of the protection module: querysets already scoped to what the acting user may see.

Committee work is scoped by committee membership (PROTECTION_VIEW); committee lists also by territory
(PROTECTION_MANAGE_COMMITTEES). Identities are read only through `case_identity`, which checks and logs.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet

from tendik.accounts.permissions import unit_q
from tendik.accounts.roles import Perm
from tendik.audit.services import access_log
from tendik.core.crypto import identity_hash
from tendik.protection import permissions as p
from tendik.protection.models import (
    Appeal,
    AtRiskFamily,
    Case,
    Committee,
    CommitteeMeeting,
    CommitteeMember,
    FamilyVisit,
    PreventionEvent,
    ProtectionOrder,
    Referral,
    ServiceDelivery,
    ServiceProvider,
)
from tendik.protection.models.cases import PERPETRATOR_IDENTITY_FIELDS, SURVIVOR_IDENTITY_FIELDS

IDENTITY_PURPOSE = "case.identity"


def committees_for(user: Any) -> QuerySet[Committee]:
    """Committees the user works in, or manages in their territory."""
    q = p.q_or(p.committees_q(user, Perm.PROTECTION_VIEW), p.committees_q(user, Perm.PROTECTION_MANAGE_COMMITTEES))
    return Committee.objects.filter(q).select_related("municipality__parent__parent")


def committees_working(user: Any) -> QuerySet[Committee]:
    """Committees whose confidential work (cases, appeals, families) the user may see."""
    return Committee.objects.filter(p.committees_q(user, Perm.PROTECTION_VIEW)).select_related("municipality")


def members_for(user: Any) -> QuerySet[CommitteeMember]:
    q = p.q_or(
        p.committees_q(user, Perm.PROTECTION_VIEW, "committee__"),
        p.committees_q(user, Perm.PROTECTION_MANAGE_COMMITTEES, "committee__"),
    )
    return CommitteeMember.objects.filter(q).select_related("committee")


def _working_q(user: Any, prefix: str = "committee__") -> Q:
    return p.committees_q(user, Perm.PROTECTION_VIEW, prefix)


def appeals_for(user: Any) -> QuerySet[Appeal]:
    return Appeal.objects.filter(_working_q(user)).select_related("committee", "assigned_to", "case", "family")


def families_for(user: Any) -> QuerySet[AtRiskFamily]:
    return AtRiskFamily.objects.filter(_working_q(user)).select_related("committee", "responsible")


def visits_for(user: Any) -> QuerySet[FamilyVisit]:
    return FamilyVisit.objects.filter(_working_q(user, "family__committee__")).select_related("family", "member")


def cases_for(user: Any) -> QuerySet[Case]:
    """Cases the user may see by code (identity needs `case_identity`)."""
    return Case.objects.filter(_working_q(user)).select_related("committee", "owner")


def case_ids_with_identity(user: Any, cases: QuerySet[Case]) -> set[int]:
    """Of `cases`, those whose identity the user may see (one query, for lists)."""
    return set(cases.filter(p.identity_q(user)).values_list("pk", flat=True))


def case_identity(*, user: Any, case: Case, purpose: str = IDENTITY_PURPOSE) -> dict[str, Any] | None:
    """The survivor's and perpetrators' identity if `user` may see it — and every such read is logged."""
    if not p.can_view_identity(user, case):
        return None
    access_log(instance=case, purpose=purpose, actor=user)
    return {
        "survivor": {name: getattr(case, name) for name in SURVIVOR_IDENTITY_FIELDS},
        "safety_plan": case.safety_plan,
        "notes": case.notes,
        "perpetrators": [
            {"id": perp.pk, **{name: getattr(perp, name) for name in PERPETRATOR_IDENTITY_FIELDS}}
            for perp in case.perpetrators.all()
        ],
    }


def returning_cases(*, user: Any, case: Case) -> QuerySet[Case]:
    """Other cases of the same survivor (same keyed hash) that the user may see."""
    if not case.survivor_hash:
        return Case.objects.none()
    return cases_for(user).filter(survivor_hash=case.survivor_hash).exclude(pk=case.pk)


def perpetrator_earlier_cases(*, user: Any, case: Case) -> dict[int, list[str]]:
    """For each perpetrator of `case`: codes of the user's other cases with the same perpetrator (keyed hash)."""
    hashes = {p.pk: p.identity_hash for p in case.perpetrators.all() if p.identity_hash}
    if not hashes:
        return {}
    rows = (
        cases_for(user)
        .filter(perpetrators__identity_hash__in=set(hashes.values()))
        .exclude(pk=case.pk)
        .values_list("perpetrators__identity_hash", "code")
        .distinct()
    )
    by_hash: dict[str, list[str]] = {}
    for digest, code in rows:
        by_hash.setdefault(digest, []).append(code)
    return {pk: sorted(by_hash.get(digest, [])) for pk, digest in hashes.items()}


def find_survivor(*, user: Any, name: str, birth_date: dt.date | None) -> QuerySet[Case]:
    """Cases of a returning survivor found by the keyed hash of name and date of birth, without decrypting."""
    digest = identity_hash(name, birth_date)
    if not digest:
        return Case.objects.none()
    return cases_for(user).filter(survivor_hash=digest)


def orders_for(user: Any) -> QuerySet[ProtectionOrder]:
    return ProtectionOrder.objects.filter(_working_q(user, "case__committee__")).select_related("case", "rule")


def referrals_for(user: Any) -> QuerySet[Referral]:
    return Referral.objects.filter(_working_q(user, "case__committee__")).select_related("case", "provider")


def services_for(user: Any) -> QuerySet[ServiceDelivery]:
    return ServiceDelivery.objects.filter(_working_q(user, "case__committee__")).select_related("case", "provider")


def meetings_for(user: Any) -> QuerySet[CommitteeMeeting]:
    return CommitteeMeeting.objects.filter(_working_q(user)).select_related("committee")


def events_for(user: Any) -> QuerySet[PreventionEvent]:
    """Events of the user's committees, and events held in the territory the user works in or manages."""
    q = p.q_or(
        _working_q(user),
        unit_q(user, Perm.PROTECTION_VIEW, "unit"),
        unit_q(user, Perm.PROTECTION_MANAGE_COMMITTEES, "unit"),
    )
    return PreventionEvent.objects.filter(q).select_related("committee", "unit")


def providers_for(user: Any) -> QuerySet[ServiceProvider]:
    """The provider registry is shared by every committee."""
    from tendik.accounts.permissions import has_perm

    if has_perm(user, Perm.PROTECTION_VIEW) or has_perm(user, Perm.PROTECTION_MANAGE_COMMITTEES):
        return ServiceProvider.objects.select_related("unit")
    return ServiceProvider.objects.none()
