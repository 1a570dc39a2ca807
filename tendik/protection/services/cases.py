"""Cases: opening, editing with optimistic concurrency, stages, sharing, perpetrators, incidents, risk, consent."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tendik.core.concurrency import difference, guard
from tendik.core.crypto import identity_hash
from tendik.protection import permissions as p
from tendik.protection import rollups
from tendik.protection.models import (
    Appeal,
    Case,
    CaseShare,
    CaseStage,
    CaseStageEvent,
    Committee,
    Consent,
    ConsentKind,
    GbvimsType,
    Incident,
    Perpetrator,
    RiskAssessment,
    RiskLevel,
    ViolenceForm,
)
from tendik.protection.models.appeals import AppealOutcome
from tendik.protection.models.cases import SURVIVOR_IDENTITY_FIELDS, DisclosureItem
from tendik.protection.services.codes import next_code
from tendik.protection.services.errors import InvalidTransition

# Stage moves allowed (from → to). Anything else raises InvalidTransition.
CASE_TRANSITIONS: dict[str, frozenset[str]] = {
    CaseStage.OPENED: frozenset({CaseStage.ASSESSMENT, CaseStage.CLOSED}),
    CaseStage.ASSESSMENT: frozenset({CaseStage.PLAN, CaseStage.CLOSED}),
    CaseStage.PLAN: frozenset({CaseStage.SERVICES, CaseStage.CLOSED}),
    CaseStage.SERVICES: frozenset({CaseStage.FOLLOW_UP, CaseStage.CLOSED}),
    CaseStage.FOLLOW_UP: frozenset({CaseStage.SERVICES, CaseStage.CLOSED}),
    CaseStage.CLOSED: frozenset({CaseStage.REOPENED}),
    CaseStage.REOPENED: frozenset(
        {CaseStage.ASSESSMENT, CaseStage.PLAN, CaseStage.SERVICES, CaseStage.FOLLOW_UP, CaseStage.CLOSED}
    ),
}

NON_IDENTITY_FIELDS = ("survivor_sex", "survivor_age_group", "survivor_disability", "relationship", "opened_on")
# Safety plan and notes hold details that identify as surely as a name: same rule as identity.
PROTECTED_FIELDS = (*SURVIVOR_IDENTITY_FIELDS, "safety_plan", "notes")
EDITABLE_FIELDS = (*NON_IDENTITY_FIELDS, *PROTECTED_FIELDS)

# Structured risk assessment: question → weight. Any red flag makes the risk high whatever the score.
RISK_QUESTIONS: dict[str, tuple[Any, int]] = {
    "threat_to_kill": (gettext_lazy("Has threatened to kill the survivor or the children"), 3),
    "weapon": (gettext_lazy("Has used or threatened with a weapon"), 3),
    "strangulation": (gettext_lazy("Has choked or strangled the survivor"), 3),
    "escalation": (gettext_lazy("Violence is becoming more frequent or severe"), 2),
    "injury": (gettext_lazy("The survivor was injured in the last incident"), 2),
    "children_harmed": (gettext_lazy("Children have been harmed or threatened"), 2),
    "pregnant": (gettext_lazy("The survivor is pregnant"), 1),
    "separation": (gettext_lazy("The survivor has recently separated or tried to"), 1),
    "controlling": (gettext_lazy("Constant jealousy, control of money, phone or movement"), 1),
    "alcohol_drugs": (gettext_lazy("The perpetrator abuses alcohol or drugs"), 1),
    "earlier_police": (gettext_lazy("The police have been called before"), 1),
    "survivor_afraid": (gettext_lazy("The survivor is very afraid of what will happen"), 1),
}
RED_FLAGS = frozenset({"threat_to_kill", "weapon", "strangulation"})
HIGH_SCORE, MEDIUM_SCORE = 8, 4


def _require_edit(actor: Any, committee: Committee) -> None:
    p.require_edit(actor, committee)


def _require_identity(actor: Any, case: Case) -> None:
    if actor is not None and not p.can_view_identity(actor, case):
        raise PermissionDenied


@transaction.atomic
def case_open(
    *,
    committee: Committee,
    actor: Any,
    survivor_sex: str,
    survivor_age_group: str,
    survivor_name: str = "",
    survivor_birth_date: dt.date | None = None,
    survivor_address: str = "",
    survivor_phone: str = "",
    survivor_document: str = "",
    survivor_disability: bool = False,
    relationship: str = "",
    opened_on: dt.date | None = None,
    owner: Any = None,
    safety_plan: str = "",
    notes: str = "",
    appeal: Appeal | None = None,
) -> Case:
    """Open a case in `committee`; the actor becomes its owner (sees and edits the identity)."""
    _require_edit(actor, committee)
    opened_on = opened_on or timezone.localdate()
    case = Case(
        committee=committee,
        owner=owner or actor,
        opened_on=opened_on,
        stage=CaseStage.OPENED,
        survivor_name=survivor_name.strip(),
        survivor_birth_date=survivor_birth_date,
        survivor_address=survivor_address.strip(),
        survivor_phone=survivor_phone.strip(),
        survivor_document=survivor_document.strip(),
        survivor_sex=survivor_sex,
        survivor_age_group=survivor_age_group,
        survivor_disability=survivor_disability,
        relationship=relationship,
        safety_plan=safety_plan,
        notes=notes,
    )
    case.survivor_hash = identity_hash(case.survivor_name, survivor_birth_date)
    case.full_clean(exclude=["code", "owner", "committee"])
    case.code = next_code(model=Case, committee=committee, prefix="C", on=opened_on)
    case.save()
    rollups.track_new_case(case)  # the report's sums, in this transaction (ADR 0006)
    CaseStageEvent.objects.create(case=case, from_stage="", to_stage=CaseStage.OPENED, actor=actor)
    if appeal is not None:
        if appeal.committee_id != committee.pk:
            raise ValidationError(_("The appeal belongs to another committee."))
        appeal.case = case
        appeal.outcome = AppealOutcome.CASE_OPENED
        appeal.save(update_fields=["case", "outcome"])
    return case


def case_diff(*, case: Case, data: dict[str, Any], viewer: Any) -> list[dict[str, Any]]:
    """Field-by-field difference between what is stored and what `viewer` submitted; hidden where not allowed."""
    allowed = viewer is None or p.can_view_identity(viewer, case)
    return difference(instance=case, data={k: v for k, v in data.items() if k in EDITABLE_FIELDS}, hide=not allowed)


@transaction.atomic
def case_update(*, case: Case, actor: Any, version: int, data: dict[str, Any]) -> Case:
    """Save changes made from `version`; if someone saved in between, refuse with the difference (StaleVersion)."""
    _require_edit(actor, case.committee)
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(_("These fields cannot be changed here: %(f)s") % {"f": ", ".join(sorted(unknown))})
    if any(name in PROTECTED_FIELDS for name in data):
        _require_identity(actor, case)
    allowed = p.can_view_identity(actor, case)
    current = guard(case, version=version, data={k: v for k, v in data.items()}, hide=not allowed)
    for name, value in data.items():
        setattr(current, name, value.strip() if isinstance(value, str) else value)
    current.survivor_hash = identity_hash(current.survivor_name, current.survivor_birth_date)
    current.full_clean(exclude=["code", "owner", "committee"])
    with rollups.tracking(current.pk):
        current.save()
    return current


def _bump(case: Case, version: int | None, actor: Any) -> Case:
    return guard(case, version=version)


@transaction.atomic
def case_transition(
    *,
    case: Case,
    actor: Any,
    to: str,
    reason: str = "",
    note: str = "",
    version: int | None = None,
    on: dt.date | None = None,
) -> Case:
    """Move a case to another stage by the transition table; closing needs a reason. Writes the history."""
    _require_edit(actor, case.committee)
    current = _bump(case, version, actor)
    if to not in CASE_TRANSITIONS.get(current.stage, frozenset()):
        raise InvalidTransition(current.stage, to)
    previous = current.stage
    if to == CaseStage.CLOSED:
        if not reason:
            raise ValidationError({"reason": _("Say why the case is closed.")})
        current.closure_reason = reason
        current.closed_on = on or timezone.localdate()
    elif to == CaseStage.REOPENED:
        current.closure_reason = ""
        current.closed_on = None
    current.stage = to
    current.full_clean(exclude=["code", "owner", "committee"])
    current.save()
    CaseStageEvent.objects.create(
        case=current, from_stage=previous, to_stage=to, actor=actor, reason=reason, note=note[:500]
    )
    return current


@transaction.atomic
def case_share(*, case: Case, actor: Any, user: Any) -> CaseShare:
    """Share a case (identity included) with another member of the same committee."""
    if actor is not None and not p.can_share(actor, case):
        raise PermissionDenied
    from tendik.accounts.permissions import committee_ids
    from tendik.accounts.roles import Perm

    if case.committee_id not in committee_ids(user, Perm.PROTECTION_VIEW):
        raise ValidationError(_("A case can be shared only with a member of its committee."))
    share, _created = CaseShare.objects.get_or_create(case=case, user=user, defaults={"shared_by": actor})
    return share


@transaction.atomic
def case_unshare(*, case: Case, actor: Any, user: Any) -> None:
    if actor is not None and not p.can_share(actor, case):
        raise PermissionDenied
    for share in CaseShare.objects.filter(case=case, user=user):
        share.delete()


@transaction.atomic
def perpetrator_add(
    *,
    case: Case,
    actor: Any,
    name: str = "",
    birth_date: dt.date | None = None,
    address: str = "",
    phone: str = "",
    document: str = "",
    sex: str = "",
    relationship: str = "",
) -> Perpetrator:
    _require_edit(actor, case.committee)
    _require_identity(actor, case)
    perp = Perpetrator(
        case=case,
        name=name.strip(),
        birth_date=birth_date,
        address=address.strip(),
        phone=phone.strip(),
        document=document.strip(),
        sex=sex,
        relationship=relationship,
    )
    perp.identity_hash = identity_hash(perp.name, birth_date)
    perp.full_clean(exclude=["case"])
    perp.save()
    return perp


def gbvims_classify(*, forms: list[str], forced_marriage: bool = False, sexual_penetration: bool = False) -> str:
    """The first applicable GBVIMS type for an incident with these forms of violence."""
    if ViolenceForm.SEXUAL in forms:
        return GbvimsType.RAPE if sexual_penetration else GbvimsType.SEXUAL_ASSAULT
    if ViolenceForm.PHYSICAL in forms:
        return GbvimsType.PHYSICAL_ASSAULT
    if forced_marriage:
        return GbvimsType.FORCED_MARRIAGE
    if ViolenceForm.ECONOMIC in forms or ViolenceForm.NEGLECT in forms:
        return GbvimsType.DENIAL
    return GbvimsType.PSYCHOLOGICAL


@transaction.atomic
def incident_add(
    *,
    case: Case,
    actor: Any,
    occurred_on: dt.date,
    forms: list[str],
    place_type: str = "home",
    gbvims_type: str = "",
    description: str = "",
) -> Incident:
    """Record an incident; several forms of violence may apply; the GBVIMS type defaults to the first applicable."""
    _require_edit(actor, case.committee)
    forms = list(dict.fromkeys(forms))
    bad = [f for f in forms if f not in ViolenceForm.values]
    if not forms or bad:
        raise ValidationError({"forms": _("Choose at least one form of violence.")})
    incident = Incident(
        case=case,
        occurred_on=occurred_on,
        forms=forms,
        place_type=place_type,
        gbvims_type=gbvims_type or gbvims_classify(forms=forms),
        description=description,
    )
    incident.full_clean(exclude=["case"])
    with rollups.tracking(case.pk):
        incident.save()
    return incident


def risk_score(answers: dict[str, bool]) -> tuple[int, str]:
    score = sum(weight for key, (_label, weight) in RISK_QUESTIONS.items() if answers.get(key))
    if score >= HIGH_SCORE or any(answers.get(k) for k in RED_FLAGS):
        return score, RiskLevel.HIGH
    if score >= MEDIUM_SCORE:
        return score, RiskLevel.MEDIUM
    return score, RiskLevel.LOW


@transaction.atomic
def risk_assess(
    *, case: Case, actor: Any, answers: dict[str, bool], assessed_on: dt.date | None = None
) -> RiskAssessment:
    """Record a structured risk assessment; the score and level follow from the answers (repeat as often as needed)."""
    _require_edit(actor, case.committee)
    answers = {k: bool(answers.get(k)) for k in RISK_QUESTIONS}
    score, level = risk_score(answers)
    return RiskAssessment.objects.create(
        case=case,
        assessed_by=actor,
        answers=answers,
        score=score,
        level=level,
        assessed_on=assessed_on or timezone.localdate(),
    )


@transaction.atomic
def consent_record(
    *,
    case: Case,
    actor: Any,
    kind: str,
    provider: Any = None,
    items: list[str] | None = None,
    given_on: dt.date | None = None,
) -> Consent:
    """Record the survivor's consent; a disclosure consent names the organisation and what may be disclosed."""
    _require_edit(actor, case.committee)
    items = list(dict.fromkeys(items or []))
    if kind not in ConsentKind.values:
        raise ValidationError({"kind": _("Unknown kind of consent.")})
    if kind == ConsentKind.DISCLOSURE and provider is None:
        raise ValidationError({"provider": _("A consent to disclose names the organisation.")})
    if kind != ConsentKind.DISCLOSURE and (provider is not None or items):
        raise ValidationError({"provider": _("Only a consent to disclose names an organisation.")})
    if any(i not in DisclosureItem.values for i in items):
        raise ValidationError({"items": _("Unknown item to disclose.")})
    with rollups.tracking(case.pk):
        return Consent.objects.create(
            case=case,
            kind=kind,
            provider=provider,
            items=items,
            recorded_by=actor,
            given_on=given_on or timezone.localdate(),
        )


@transaction.atomic
def consent_withdraw(*, consent: Consent, actor: Any, on: dt.date | None = None) -> Consent:
    _require_edit(actor, consent.case.committee)
    if consent.withdrawn_on is None:
        consent.withdrawn_on = on or timezone.localdate()
        with rollups.tracking(consent.case_id):
            consent.save(update_fields=["withdrawn_on"])
    return consent
