"""VAWP reads: reports in the support worker's territory, identities (logged), and suppressed statistics.

One place decides scope: `reports_for` (VAWP_FOLLOW_UP, by the report's territory). Identities, descriptions,
notes and evidence are read only through functions here that check the permission and write the access log.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from tendik.accounts.permissions import has_perm, unit_q
from tendik.accounts.roles import Perm
from tendik.audit.services import access_log
from tendik.core.disclosure import Audience, Figure, Protected, Table, whole_period
from tendik.geography.models import AdministrativeUnit
from tendik.participation.models.vawp import (
    OPEN_STATES,
    SURVEY_BASELINE,
    SURVEY_PHYSICAL_KNOWN,
    MarkFacet,
    ReporterRole,
    VawpEvidence,
    VawpReport,
    VawpReportEvent,
    ViolenceKind,
)

IDENTITY_PURPOSE = "vawp.identity"
EVIDENCE_PURPOSE = "vawp.evidence"


def reports_for(user: Any) -> QuerySet[VawpReport]:
    """Reports whose territory lies in the user's VAWP_FOLLOW_UP scope; no identity is read by this queryset's use."""
    return (
        VawpReport.objects.filter(unit_q(user, Perm.VAWP_FOLLOW_UP))
        .select_related("unit", "oblast")
        .prefetch_related("marks")
        .defer("description", "reporter_name", "reporter_phone", "reporter_email", "contact_note")
    )


def reports_to_follow_up(*, user: Any) -> QuerySet[VawpReport]:
    """Reports in scope that still need the support worker (received, in contact, support provided), oldest first."""
    return reports_for(user).filter(state__in=OPEN_STATES).order_by("submitted_at", "id")


def report_for_follow_up(*, user: Any, code: str) -> VawpReport:
    """The report with `code` if the user may follow it up; VawpReport.DoesNotExist otherwise (show 404)."""
    return reports_for(user).get(code=code)


@dataclass(frozen=True)
class Identity:
    anonymous: bool
    name: str
    phone: str
    email: str
    contact_note: str
    description: str


def report_identity(*, user: Any, report: VawpReport) -> Identity:
    """Who reported and what happened, for support staff in scope only; every call is in the access log."""
    if not has_perm(user, Perm.VAWP_FOLLOW_UP, unit=report.unit):
        raise PermissionDenied(Perm.VAWP_FOLLOW_UP.value)
    row = VawpReport.objects.only(
        "pk", "anonymous", "reporter_name", "reporter_phone", "reporter_email", "contact_note", "description"
    ).get(pk=report.pk)
    access_log(instance=report, purpose=IDENTITY_PURPOSE, actor=user)
    return Identity(
        anonymous=row.anonymous,
        name=row.reporter_name,
        phone=row.reporter_phone,
        email=row.reporter_email,
        contact_note=row.contact_note,
        description=row.description,
    )


def report_history(*, user: Any, report: VawpReport) -> list[VawpReportEvent]:
    """State changes and notes (decrypted) — call together with report_identity, which logs the view."""
    if not has_perm(user, Perm.VAWP_FOLLOW_UP, unit=report.unit):
        raise PermissionDenied(Perm.VAWP_FOLLOW_UP.value)
    return list(report.events.select_related("actor"))


def evidence_list(*, report: VawpReport) -> list[VawpEvidence]:
    return list(report.evidence.only("pk", "report_id", "content_type", "size", "added_at"))


def evidence_for(*, user: Any, report: VawpReport, pk: int) -> VawpEvidence:
    """One evidence file of a report in scope; the view is in the access log. DoesNotExist otherwise."""
    if not has_perm(user, Perm.VAWP_FOLLOW_UP, unit=report.unit):
        raise VawpEvidence.DoesNotExist
    item = report.evidence.get(pk=pk)
    access_log(instance=report, purpose=EVIDENCE_PURPOSE, actor=user)
    return item


# --- statistics ------------------------------------------------------------------------------------------------------


def stats_scope(user: Any) -> QuerySet[VawpReport]:
    return VawpReport.objects.filter(unit_q(user, Perm.VAWP_STATS))


def stats_years(user: Any) -> list[int]:
    return sorted({d.year for d in stats_scope(user).dates("submitted_at", "year")}, reverse=True)


@dataclass
class StatRow:
    key: str
    label: str
    figure: Figure
    share: str
    baseline: str = ""


@dataclass
class VawpStatistics:
    total: Figure
    by_kind: list[StatRow] = field(default_factory=list)
    by_role: list[StatRow] = field(default_factory=list)
    by_oblast: list[StatRow] = field(default_factory=list)
    physical_known: str = ""
    any_hidden: bool = False
    year: int | None = None
    table: Table | None = None
    shown: Protected | None = None

    def as_json(self) -> dict[str, Any]:
        def rows(items: list[StatRow]) -> list[dict[str, Any]]:
            return [{"key": r.key, "label": r.label, "count": r.figure.as_json(), "share": r.share} for r in items]

        return {
            "year": self.year,
            "total": self.total.as_json(),
            "by_kind": [
                {**row, "survey_baseline": r.baseline} for row, r in zip(rows(self.by_kind), self.by_kind, strict=True)
            ],
            "by_role": rows(self.by_role),
            "by_oblast": rows(self.by_oblast),
            "survey_physical_known_of": self.physical_known,
        }


def _percent(value: float) -> str:
    return _("%(share)s%%") % {"share": number_format(round(value), use_l10n=True)}


def _baseline(low: int, high: int) -> str:
    return _percent(low) if low == high else f"{number_format(low)}–{_percent(high)}"


def vawp_statistics(*, user: Any, year: int | None = None) -> VawpStatistics:
    """Shares of reports by kind, by the reporter's role and by oblast in the user's VAWP_STATS scope.

    Every figure passes through tendik.core.disclosure (counts 1–4 hidden, complements hidden so that nothing can
    be worked out by subtraction); a share is shown only beside a visible count. Whole calendar years only.
    Five queries whatever the number of reports.
    """
    if not has_perm(user, Perm.VAWP_STATS):
        raise PermissionDenied(Perm.VAWP_STATS.value)
    scope = stats_scope(user)
    if year:
        period = whole_period(dt.date(year, 1, 1))
        scope = scope.filter(submitted_at__date__gte=period.start, submitted_at__date__lte=period.end)
    total = scope.count()
    kinds = dict(
        scope.filter(marks__facet=MarkFacet.KIND)
        .values_list("marks__value")
        .annotate(n=Count("id", distinct=True))
        .values_list("marks__value", "n")
    )
    roles = dict(scope.values_list("reporter_role").annotate(n=Count("id")).values_list("reporter_role", "n"))
    oblast_counts = dict(scope.values_list("oblast_id").annotate(n=Count("id")).values_list("oblast_id", "n"))
    oblasts = AdministrativeUnit.objects.filter(pk__in=list(oblast_counts)).order_by("name_ru")

    table = Table()
    table.count("total", total)
    for kind in ViolenceKind.values:
        table.count(("kind", kind), kinds.get(kind, 0))  # several kinds per report: no sum relation
    table.breakdown("total", total=total, parts={r: roles.get(r, 0) for r in ReporterRole.values}, name="role")
    table.breakdown("total", total=total, parts={o.pk: oblast_counts[o.pk] for o in oblasts}, name="oblast")
    shown = table.protect(audience=Audience.CROSS_SCOPE)
    total_fig = shown["total"]

    def share(fig: Figure) -> str:
        if fig.hidden or total_fig.hidden or not total or fig.value is None:
            return "–" if (fig.hidden or total_fig.hidden) else ""
        return _percent(100 * float(fig.value) / total)

    kind_labels = dict(ViolenceKind.choices)
    role_labels = dict(ReporterRole.choices)
    stats = VawpStatistics(total=total_fig, year=year, table=table, shown=shown, any_hidden=shown.any_hidden)
    for kind in ViolenceKind.values:
        fig = shown[("kind", kind)]
        stats.by_kind.append(
            StatRow(kind, str(kind_labels[kind]), fig, share(fig), baseline=_baseline(*SURVEY_BASELINE[kind]))
        )
    for role in ReporterRole.values:
        fig = shown[("total", "role", role)]
        stats.by_role.append(StatRow(role, str(role_labels[role]), fig, share(fig)))
    for oblast in oblasts:
        fig = shown[("total", "oblast", oblast.pk)]
        stats.by_oblast.append(StatRow(oblast.code, oblast.name, fig, share(fig)))
    stats.physical_known = _percent(SURVEY_PHYSICAL_KNOWN)
    return stats
