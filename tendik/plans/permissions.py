"""Who may do what with plans, local plans and reports: built on tendik.accounts.permissions.

The approval chain of a municipality's report follows its territory: the rayon step is done in the unit right
under the oblast (a rayon, or a city of oblast significance for the ayil aimaks under it), the oblast step in
the top unit. A town or city directly under an oblast has no rayon step.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tendik.accounts.permissions import has_perm, has_perm_at, is_national
from tendik.accounts.roles import Perm
from tendik.plans.models import ReportStatus

if TYPE_CHECKING:
    from tendik.geography.models import AdministrativeUnit
    from tendik.plans.models import LocalPlan, ProgressReport

RAYON, OBLAST, MINISTRY = "rayon", "oblast", "ministry"


@dataclass(frozen=True)
class Chain:
    rayon: AdministrativeUnit | None
    oblast: AdministrativeUnit | None


def approval_chain(municipality: AdministrativeUnit, ancestors: dict[str, AdministrativeUnit] | None = None) -> Chain:
    """The units acting at the rayon and oblast steps for a municipality.

    `ancestors` (code → unit) may be given to avoid a query per report in lists.
    """
    from tendik.geography.models import AdministrativeUnit

    codes = municipality.ancestor_codes()[:-1]
    if ancestors is None:
        ancestors = {u.code: u for u in AdministrativeUnit.objects.filter(code__in=codes)}
    chain = [ancestors[c] for c in codes if c in ancestors]
    return Chain(rayon=chain[1] if len(chain) >= 2 else None, oblast=chain[0] if chain else None)


def pending_step(report: ProgressReport, chain: Chain) -> str | None:
    """Which step the report waits for: rayon, oblast, ministry, or None (draft, returned, accepted)."""
    if report.status == ReportStatus.SUBMITTED:
        if chain.rayon is not None:
            return RAYON
        return OBLAST if chain.oblast is not None else MINISTRY
    if report.status == ReportStatus.RAYON_APPROVED:
        return OBLAST if chain.oblast is not None else MINISTRY
    if report.status == ReportStatus.OBLAST_APPROVED:
        return MINISTRY
    return None


def may_act_at(user: Any, step: str | None, chain: Chain) -> bool:
    """May the user approve or return a report waiting at `step`?"""
    if step == MINISTRY:
        return is_national(user, Perm.REPORT_ACCEPT)
    unit = chain.rayon if step == RAYON else chain.oblast if step == OBLAST else None
    # A step belongs to its level: the oblast does not take the rayon's approval, nor the country the oblast's.
    return unit is not None and has_perm_at(user, Perm.REPORT_REVIEW, unit=unit)


def may_view_local(user: Any, municipality: AdministrativeUnit) -> bool:
    return has_perm(user, Perm.PLANS_VIEW, unit=municipality)


def may_edit_local_plan(user: Any, local_plan: LocalPlan) -> bool:
    return has_perm(user, Perm.LOCAL_PLAN_EDIT, unit=local_plan.municipality)


def may_edit_report(user: Any, report: ProgressReport) -> bool:
    return report.is_editable and has_perm(user, Perm.REPORT_SUBMIT, unit=report.municipality)


def may_submit(user: Any, report: ProgressReport) -> bool:
    return may_edit_report(user, report)


def may_manage_catalogue(user: Any) -> bool:
    return has_perm(user, Perm.PLANS_MANAGE_CATALOGUE)
