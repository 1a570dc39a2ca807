"""Reads of progress reports: scoped lists, one report with its chain, the queue waiting for a reviewer."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from tendik.accounts.permissions import is_national, unit_q
from tendik.accounts.roles import Perm
from tendik.geography.models import AdministrativeUnit
from tendik.plans import permissions as plan_perms
from tendik.plans.models import ProgressReport, ReportStatus

S = ReportStatus


def reports_for(*, user: Any, within: Any = None) -> QuerySet[ProgressReport]:
    qs = ProgressReport.objects.filter(unit_q(user, Perm.PLANS_VIEW, "municipality"))
    if within is not None:
        qs = qs.filter(municipality__path__startswith=within.path)
    return qs.select_related("municipality", "period", "local_plan").annotate(entry_count=Count("entries"))


def report_get(*, user: Any, pk: int) -> ProgressReport:
    scoped = ProgressReport.objects.filter(unit_q(user, Perm.PLANS_VIEW, "municipality"))
    return get_object_or_404(scoped.select_related("municipality", "period", "local_plan"), pk=pk)


def ancestors_of(units: list[AdministrativeUnit]) -> dict[str, AdministrativeUnit]:
    """Every ancestor of the given units, by code, in one query."""
    codes = {c for u in units for c in u.ancestor_codes()[:-1]}
    return {u.code: u for u in AdministrativeUnit.objects.filter(code__in=codes)}


def with_steps(*, user: Any, reports: list[ProgressReport]) -> list[ProgressReport]:
    """Annotate each report with .chain, .step (what it waits for) and .can_review, in one extra query."""
    ancestors = ancestors_of([r.municipality for r in reports])
    for r in reports:
        chain = plan_perms.approval_chain(r.municipality, ancestors)
        step = plan_perms.pending_step(r, chain)
        r.chain, r.step = chain, step  # type: ignore[attr-defined]
        r.can_review = step is not None and plan_perms.may_act_at(user, step, chain)  # type: ignore[attr-defined]
    return reports


def review_queue(*, user: Any) -> list[ProgressReport]:
    """Reports waiting for this user's decision (at the rayon, oblast or ministry step)."""
    q = Q(status__in=[S.SUBMITTED, S.RAYON_APPROVED]) & unit_q(user, Perm.REPORT_REVIEW, "municipality")
    if is_national(user, Perm.REPORT_ACCEPT):
        q |= Q(status__in=[S.OBLAST_APPROVED, S.RAYON_APPROVED, S.SUBMITTED])
    candidates = list(
        ProgressReport.objects.filter(q).select_related("municipality", "period").order_by("period__start")
    )
    return [r for r in with_steps(user=user, reports=candidates) if getattr(r, "can_review", False)]


def report_entries(*, report: ProgressReport) -> QuerySet[Any]:
    return report.entries.select_related("local_measure__national_measure__plan").prefetch_related(
        "evidence", "local_measure__indicators"
    )


def report_history(*, report: ProgressReport) -> QuerySet[Any]:
    return report.events.select_related("actor")


def reports_to_fill(*, user: Any) -> QuerySet[ProgressReport]:
    """Reports the user's municipalities still have to fill in (draft) or correct (returned); returned first, then by
    due date. One query whatever their number."""
    return (
        ProgressReport.objects.filter(unit_q(user, Perm.REPORT_SUBMIT, "municipality"))
        .filter(status__in=[S.DRAFT, S.RETURNED])
        .select_related("municipality", "period")
        .order_by("-status", "period__due", "period__start", "pk")  # "returned" sorts after "draft"
    )


def last_return(*, report: ProgressReport) -> Any:
    """The reviewer's latest return of this report (with the comment), if it is returned now; else None."""
    from tendik.plans.models import ReportAction

    if report.status != S.RETURNED:
        return None
    return report.events.filter(action=ReportAction.RETURN).select_related("actor").order_by("-pk").first()
