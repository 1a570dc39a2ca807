"""Who is told what when a progress report moves: each step notifies the next person, in her language.

Submitted or approved further up → the reviewers of the step it now waits for; returned → the municipality's
officers, with the reviewer's comment; approved or accepted → the officers too. Nobody is told about their own move.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from tendik.accounts.models import RoleAssignment, User
from tendik.accounts.roles import ROLE_PERMISSIONS, Perm
from tendik.accounts.services import notify_people
from tendik.plans import permissions as plan_perms
from tendik.plans.models import ProgressReport, ReportAction, ReportStatus

KIND = "plans.report"


def _roles(perm: Perm) -> list[str]:
    return [r for r, perms in ROLE_PERMISSIONS.items() if perm in perms]


def officers_of(report: ProgressReport) -> list[User]:
    """Officers assigned at the report's municipality, and whoever submitted it."""
    ids = set(
        RoleAssignment.objects.filter(
            is_active=True, role__in=_roles(Perm.REPORT_SUBMIT), unit=report.municipality
        ).values_list("user_id", flat=True)
    )
    submitter = (
        report.events.filter(action=ReportAction.SUBMIT, actor__isnull=False)
        .order_by("-pk")
        .values_list("actor_id", flat=True)
        .first()
    )
    if submitter:
        ids.add(submitter)
    return list(User.objects.filter(pk__in=ids, is_active=True))


def reviewers_of(report: ProgressReport) -> list[User]:
    """The people who act at the step the report now waits for (rayon, oblast focal points, or the ministry)."""
    chain = plan_perms.approval_chain(report.municipality)
    step = plan_perms.pending_step(report, chain)
    if step is None:
        return []
    if step == plan_perms.MINISTRY:
        q = RoleAssignment.objects.filter(
            role__in=_roles(Perm.REPORT_ACCEPT), unit__isnull=True, committee__isnull=True
        )
    else:
        unit = chain.rayon if step == plan_perms.RAYON else chain.oblast
        q = RoleAssignment.objects.filter(role__in=_roles(Perm.REPORT_REVIEW), unit=unit)
    ids = q.filter(is_active=True).values_list("user_id", flat=True)
    return list(User.objects.filter(pk__in=ids, is_active=True))


def report_moved(*, report: ProgressReport, action: str, actor: Any, comment: str = "") -> int:
    """Tell the next people about the move just made. Called inside the transition's transaction."""
    url = reverse("plans:report", args=[report.pk])
    place, period = report.municipality, report.period

    def words(message: str) -> Any:
        # Evaluated inside each recipient's language.
        return lambda: message_text(message) % {"place": place.name, "period": period.label}

    told = 0
    if action == ReportAction.SUBMIT or (
        action in (ReportAction.APPROVE_RAYON, ReportAction.APPROVE_OBLAST) and report.status != ReportStatus.ACCEPTED
    ):
        told += notify_people(
            users=reviewers_of(report),
            title=words("REVIEW"),
            url=url,
            kind=KIND,
            exclude=actor,
        )
    if action == ReportAction.RETURN:
        told += notify_people(
            users=officers_of(report),
            title=words("RETURNED"),
            body=lambda: _("What to correct: %(comment)s") % {"comment": comment},
            url=url,
            kind=KIND,
            exclude=actor,
        )
    elif action in (ReportAction.APPROVE_RAYON, ReportAction.APPROVE_OBLAST, ReportAction.ACCEPT):
        told += notify_people(
            users=officers_of(report),
            title=words("ACCEPTED" if action == ReportAction.ACCEPT else "APPROVED"),
            body=(lambda: _("Comment: %(comment)s") % {"comment": comment}) if comment else "",
            url=url,
            kind=KIND,
            exclude=actor,
        )
    return told


def message_text(key: str) -> str:
    return {
        "REVIEW": _("A progress report of %(place)s for %(period)s waits for your review"),
        "RETURNED": _("The progress report of %(place)s for %(period)s was returned for correction"),
        "APPROVED": _("The progress report of %(place)s for %(period)s was approved"),
        "ACCEPTED": _("The progress report of %(place)s for %(period)s was accepted by the ministry"),
    }[key]
