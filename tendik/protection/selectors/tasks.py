"""What committee members have to do next (read by the task home): orders about to expire, referrals without a
response, families due a visit, open cases without consent to statistics.

Each function is one query, scoped like the pages it links to; none reads a survivor's identity (titles use codes).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from tendik.accounts.roles import Perm
from tendik.protection import permissions as p
from tendik.protection.models import AtRiskFamily, Case, Consent, ProtectionOrder, Referral
from tendik.protection.models.cases import CaseStage, ConsentKind
from tendik.protection.models.families import FamilyStatus
from tendik.protection.models.referrals import ReferralStatus

ORDER_WARNING_DAYS = 14
FAMILY_WARNING_DAYS = 7


def orders_expiring(*, user: Any, today: dt.date, days: int = ORDER_WARNING_DAYS) -> QuerySet[ProtectionOrder]:
    """Orders of cases the user works on that end within `days`, soonest first."""
    return (
        ProtectionOrder.objects.filter(p.identity_q(user, "case__"))
        .filter(valid_until__gte=today, valid_until__lte=today + dt.timedelta(days=days))
        .select_related("case")
        .order_by("valid_until", "pk")
    )


def referrals_awaiting(*, user: Any) -> QuerySet[Referral]:
    """Referrals sent from the user's cases that the provider has not answered yet, oldest first."""
    return (
        Referral.objects.filter(p.identity_q(user, "case__"), status=ReferralStatus.SENT)
        .select_related("case", "provider")
        .order_by("sent_on", "pk")
    )


def families_due(*, user: Any, today: dt.date, days: int = FAMILY_WARNING_DAYS) -> QuerySet[AtRiskFamily]:
    """Families on the list of the user's committees whose review (visit) is due within `days` or overdue."""
    return (
        AtRiskFamily.objects.filter(p.committees_q(user, Perm.PROTECTION_EDIT, "committee"))
        .filter(status=FamilyStatus.ACTIVE, next_review_on__lte=today + dt.timedelta(days=days))
        .only("pk", "code", "next_review_on", "committee_id")
        .order_by("next_review_on", "pk")
    )


def cases_without_statistics_consent(*, user: Any) -> QuerySet[Case]:
    """Open cases of the user without an active consent to statistics (the chair's report leaves them out)."""
    consented = Consent.objects.filter(case=OuterRef("pk"), kind=ConsentKind.STATISTICS, withdrawn_on__isnull=True)
    return (
        Case.objects.filter(p.identity_q(user))
        .filter(~Q(stage=CaseStage.CLOSED), ~Exists(consented))
        .only("pk", "code", "opened_on", "committee_id")
        .order_by("opened_on", "pk")
    )
