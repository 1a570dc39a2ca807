"""Service providers, referrals (consent enforced) and services delivered."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tendik.core.concurrency import guard
from tendik.protection import permissions as p
from tendik.protection import rollups
from tendik.protection.models import (
    Case,
    Consent,
    ConsentKind,
    CorrectionSession,
    Referral,
    ReferralEvent,
    ReferralStatus,
    ServiceDelivery,
    ServiceKind,
    ServiceProvider,
)
from tendik.protection.models.cases import DisclosureItem
from tendik.protection.services.errors import ConsentRequired, InvalidTransition

REFERRAL_TRANSITIONS: dict[str, frozenset[str]] = {
    ReferralStatus.SENT: frozenset({ReferralStatus.ACCEPTED, ReferralStatus.DECLINED}),
    ReferralStatus.ACCEPTED: frozenset({ReferralStatus.SERVICE_PROVIDED, ReferralStatus.CLOSED}),
    ReferralStatus.DECLINED: frozenset({ReferralStatus.CLOSED}),
    ReferralStatus.SERVICE_PROVIDED: frozenset({ReferralStatus.CLOSED}),
    ReferralStatus.CLOSED: frozenset(),
}


@transaction.atomic
def provider_create(*, actor: Any, name: str, kind: str, unit: Any = None, contact: str = "") -> ServiceProvider:
    """Add to the registry of service providers (committee editors and committee managers)."""
    from tendik.accounts.permissions import has_perm
    from tendik.accounts.roles import Perm

    if actor is not None and not (
        has_perm(actor, Perm.PROTECTION_EDIT) or has_perm(actor, Perm.PROTECTION_MANAGE_COMMITTEES)
    ):
        raise PermissionDenied
    provider = ServiceProvider(name=name, kind=kind, unit=unit, contact=contact)
    provider.full_clean(exclude=["unit"])
    provider.save()
    return provider


def consent_for(*, case: Case, provider: ServiceProvider, items: list[str], on: dt.date) -> Consent | None:
    """The active consent that covers disclosing `items` about `case` to `provider`, if any."""
    for consent in Consent.objects.filter(
        case=case, kind=ConsentKind.DISCLOSURE, provider=provider, withdrawn_on__isnull=True, given_on__lte=on
    ).order_by("-given_on", "-id"):
        if set(items) <= set(consent.items):
            return consent
    return None


@transaction.atomic
def referral_send(
    *,
    case: Case,
    actor: Any,
    provider: ServiceProvider,
    items: list[str],
    purpose: str = "",
    sent_on: dt.date | None = None,
) -> Referral:
    """Refer the survivor to a provider, recording what is disclosed.

    Refused (ConsentRequired, nothing saved) unless an active consent to disclose to this provider covers every item.
    """
    p.require_edit(actor, case.committee)
    items = list(dict.fromkeys(items))
    if any(i not in DisclosureItem.values for i in items):
        raise ValidationError({"items": _("Unknown item to disclose.")})
    sent_on = sent_on or timezone.localdate()
    consent = consent_for(case=case, provider=provider, items=items, on=sent_on)
    if consent is None:
        raise ConsentRequired()
    with rollups.tracking(case.pk):  # the report's sums, in this transaction (ADR 0006)
        referral = Referral.objects.create(
            case=case, provider=provider, items=items, consent=consent, purpose=purpose, sent_on=sent_on
        )
    ReferralEvent.objects.create(referral=referral, from_status="", to_status=ReferralStatus.SENT, actor=actor)
    return referral


@transaction.atomic
def referral_transition(
    *,
    referral: Referral,
    actor: Any,
    to: str,
    note: str = "",
    feedback: str = "",
    on: dt.date | None = None,
    version: int | None = None,
) -> Referral:
    """sent → accepted / declined → service provided → closed (with the provider's feedback).

    A stale `version` raises StaleVersion with the difference."""
    p.require_edit(actor, referral.case.committee)
    referral = guard(referral, version=version, data={"status": to, **({"feedback": feedback} if feedback else {})})
    if to not in REFERRAL_TRANSITIONS.get(referral.status, frozenset()):
        raise InvalidTransition(referral.status, to)
    previous = referral.status
    referral.status = to
    if feedback:
        referral.feedback = feedback
    if to == ReferralStatus.CLOSED:
        referral.closed_on = on or timezone.localdate()
    with rollups.tracking(referral.case_id):
        referral.save()
    ReferralEvent.objects.create(referral=referral, from_status=previous, to_status=to, actor=actor, note=note[:500])
    if to in (ReferralStatus.ACCEPTED, ReferralStatus.DECLINED):
        _tell_referral_answered(referral, actor)
    return referral


def _tell_referral_answered(referral: Referral, actor: Any) -> None:
    """The case owner and the chair hear that the provider answered (the case by its code only)."""
    from django.urls import reverse

    from tendik.accounts.services import notify_people
    from tendik.protection.services.orders import case_recipients

    code, provider, accepted = referral.case.code, referral.provider.name, referral.status == ReferralStatus.ACCEPTED
    notify_people(
        users=case_recipients(referral.case),
        title=lambda: (
            (
                _("Case %(code)s: %(provider)s accepted the referral")
                if accepted
                else _("Case %(code)s: %(provider)s declined the referral")
            )
            % {"code": code, "provider": provider}
        ),
        url=reverse("protection:case", args=[referral.case_id]),
        kind="protection.referral",
        exclude=actor,
    )


@transaction.atomic
def service_record(
    *,
    case: Case,
    actor: Any,
    kind: str,
    started_on: dt.date,
    provider: ServiceProvider | None = None,
    referral: Referral | None = None,
    ended_on: dt.date | None = None,
    amount_som: Decimal | int | None = None,
    note: str = "",
) -> ServiceDelivery:
    """Record a service delivered; cash aid carries its amount in som."""
    p.require_edit(actor, case.committee)
    if referral is not None and referral.case_id != case.pk:
        raise ValidationError({"referral": _("The referral belongs to another case.")})
    if kind == ServiceKind.CASH_AID:
        if amount_som is None or Decimal(amount_som) <= 0:
            raise ValidationError({"amount_som": _("Give the amount of cash aid in som.")})
    elif amount_som is not None:
        raise ValidationError({"amount_som": _("An amount is recorded only for cash aid.")})
    service = ServiceDelivery(
        case=case,
        kind=kind,
        started_on=started_on,
        ended_on=ended_on,
        provider=provider,
        referral=referral,
        amount_som=amount_som,
        note=note,
    )
    service.full_clean(exclude=["case", "provider", "referral"])
    with rollups.tracking(case.pk):
        service.save()
    return service


@transaction.atomic
def correction_session_record(
    *, service: ServiceDelivery, actor: Any, held_on: dt.date, attended: bool
) -> CorrectionSession:
    p.require_edit(actor, service.case.committee)
    if service.kind != ServiceKind.CORRECTION:
        raise ValidationError(_("Attendance is kept for correction programmes."))
    return CorrectionSession.objects.create(service=service, held_on=held_on, attended=attended)
