"""At-risk families: list, visit, review, remove."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tendik.core.concurrency import guard
from tendik.protection import permissions as p
from tendik.protection.models import (
    Appeal,
    AppealOutcome,
    AtRiskFamily,
    Committee,
    CommitteeMember,
    FamilyStatus,
    FamilyVisit,
    RiskFactor,
)
from tendik.protection.services.codes import next_code

FAMILY_FIELDS = ("household", "address", "settlement", "risk_factors", "responsible", "next_review_on", "notes")


def _validate(family: AtRiskFamily) -> None:
    bad = [f for f in family.risk_factors if f not in RiskFactor.values]
    if not family.risk_factors or bad:
        raise ValidationError({"risk_factors": _("Choose at least one risk factor.")})
    if family.responsible is not None and family.responsible.committee_id != family.committee_id:
        raise ValidationError({"responsible": _("Choose a member of this committee.")})
    family.full_clean(exclude=["code", "committee", "responsible"])


@transaction.atomic
def family_add(
    *,
    committee: Committee,
    actor: Any,
    household: str,
    risk_factors: list[str],
    address: str = "",
    settlement: str = "",
    responsible: CommitteeMember | None = None,
    added_on: dt.date | None = None,
    next_review_on: dt.date | None = None,
    notes: str = "",
    appeal: Appeal | None = None,
) -> AtRiskFamily:
    """Put a family on the committee's at-risk list."""
    p.require_edit(actor, committee)
    added_on = added_on or timezone.localdate()
    family = AtRiskFamily(
        committee=committee,
        household=household.strip(),
        address=address.strip(),
        settlement=settlement,
        risk_factors=list(dict.fromkeys(risk_factors)),
        responsible=responsible,
        added_on=added_on,
        next_review_on=next_review_on,
        notes=notes,
    )
    _validate(family)
    family.code = next_code(model=AtRiskFamily, committee=committee, prefix="F", on=added_on)
    family.save()
    if appeal is not None:
        if appeal.committee_id != committee.pk:
            raise ValidationError(_("The appeal belongs to another committee."))
        appeal.family = family
        appeal.outcome = AppealOutcome.FAMILY_LISTED
        appeal.save(update_fields=["family", "outcome"])
    return family


@transaction.atomic
def family_update(*, family: AtRiskFamily, actor: Any, version: int | None = None, **fields: Any) -> AtRiskFamily:
    """Change a family's record; a stale `version` raises StaleVersion with the difference."""
    p.require_edit(actor, family.committee)
    family = guard(family, version=version, data=fields)
    for name in FAMILY_FIELDS:
        if name in fields:
            setattr(family, name, fields[name])
    _validate(family)
    family.save()
    return family


@transaction.atomic
def family_remove(
    *, family: AtRiskFamily, actor: Any, reason: str, on: dt.date | None = None, version: int | None = None
) -> AtRiskFamily:
    p.require_edit(actor, family.committee)
    family = guard(family, version=version, data={"removed_reason": reason})
    if family.status == FamilyStatus.REMOVED:
        raise ValidationError(_("The family is already off the list."))
    if not reason.strip():
        raise ValidationError({"removed_reason": _("Say why the family is taken off the list.")})
    family.status = FamilyStatus.REMOVED
    family.removed_on = on or timezone.localdate()
    family.removed_reason = reason.strip()
    family.save(update_fields=["status", "removed_on", "removed_reason", "version"])
    return family


@transaction.atomic
def family_restore(*, family: AtRiskFamily, actor: Any, version: int | None = None) -> AtRiskFamily:
    p.require_edit(actor, family.committee)
    family = guard(family, version=version)
    family.status = FamilyStatus.ACTIVE
    family.removed_on = None
    family.removed_reason = ""
    family.save(update_fields=["status", "removed_on", "removed_reason", "version"])
    return family


@transaction.atomic
def family_visit_record(
    *,
    family: AtRiskFamily,
    actor: Any,
    kind: str = "visit",
    done_on: dt.date | None = None,
    planned_on: dt.date | None = None,
    member: CommitteeMember | None = None,
    notes: str = "",
    next_review_on: dt.date | None = None,
) -> FamilyVisit:
    """Record a visit or preventive talk done (or planned: done_on None and planned_on set)."""
    p.require_edit(actor, family.committee)
    if done_on is None and planned_on is None:
        raise ValidationError({"done_on": _("Give the date of the visit.")})
    if member is not None and member.committee_id != family.committee_id:
        raise ValidationError({"member": _("Choose a member of this committee.")})
    if member is None and actor is not None:
        member = family.committee.members.filter(user=actor).first()
    visit = FamilyVisit(family=family, kind=kind, done_on=done_on, planned_on=planned_on, member=member, notes=notes)
    visit.full_clean(exclude=["family", "member"])
    visit.save()
    if next_review_on is not None:
        family.next_review_on = next_review_on
        family.save(update_fields=["next_review_on"])
    return visit


@transaction.atomic
def family_visit_done(
    *, visit: FamilyVisit, actor: Any, done_on: dt.date | None = None, notes: str = ""
) -> FamilyVisit:
    """Mark a planned visit as done."""
    p.require_edit(actor, visit.family.committee)
    visit.done_on = done_on or timezone.localdate()
    if notes:
        visit.notes = notes
    visit.save()
    return visit
