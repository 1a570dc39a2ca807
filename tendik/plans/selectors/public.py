"""Plan figures anyone may read (the public portal, open data): no login, no personal data, counted in the database.

Local measures count by their last approved status; progress reports count once approved by the rayon or above.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr

from tendik.geography.models import AdministrativeUnit
from tendik.plans.models import APPROVED_STATUSES, LocalMeasure, MeasureStatus, Plan, ReportEntry

PATH_SEGMENT = 15  # a 14-digit SOATE code and its slash
OWN = ""  # the municipalities' own measures (no national measure adopted)


def current_plans() -> list[Plan]:
    return list(Plan.objects.filter(is_current=True).order_by("order", "code"))


def all_plans() -> list[Plan]:
    """Every plan, current ones first."""
    return list(Plan.objects.order_by("-is_current", "order", "code"))


def measure_statuses_by_place(
    *, territory: AdministrativeUnit | None, depth: int | None = None
) -> dict[tuple[str, str], dict[str, int]]:
    """{(place path, plan code): {status: local measures}} for the places one level below `territory` (or at
    `depth`), plus `territory` itself under its own path. Plan code "" holds the municipalities' own measures.
    One query."""
    measures = LocalMeasure.objects.all()
    if territory is not None:
        measures = measures.filter(local_plan__municipality__path__startswith=territory.path)
    level = depth if depth is not None else (territory.depth + 1 if territory is not None else 0)
    length = PATH_SEGMENT * (level + 1)
    rows = (
        measures.annotate(place=Substr("local_plan__municipality__path", 1, length))
        .values("place", "national_measure__plan__code", "current_status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    out: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: dict.fromkeys(MeasureStatus.values, 0))
    for row in rows:
        plan = row["national_measure__plan__code"] or OWN
        out[(row["place"], plan)][row["current_status"]] += row["n"]
        if territory is not None:
            out[(territory.path, plan)][row["current_status"]] += row["n"]
    return dict(out)


def national_measure_statuses() -> dict[str, dict[str, int]]:
    """{plan code: {status: local measures adopting the plan's measures}} for the whole country. One query."""
    out: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(MeasureStatus.values, 0))
    rows = LocalMeasure.objects.values("national_measure__plan__code", "current_status").annotate(n=Count("pk"))
    for row in rows.order_by():
        out[row["national_measure__plan__code"] or OWN][row["current_status"]] += row["n"]
    return dict(out)


def measure_progress_since(*, measure: Any, since: dt.datetime | None) -> QuerySet[ReportEntry]:
    """Approved progress reports on local measures adopting `measure`, submitted since `since` (newest first):
    what municipalities did about it. Public fields only (place, period, status, progress, what was done)."""
    entries = ReportEntry.objects.filter(
        local_measure__national_measure=measure, report__status__in=list(APPROVED_STATUSES)
    )
    if since is not None:
        entries = entries.filter(Q(report__submitted_at__isnull=True) | Q(report__submitted_at__gte=since))
    return entries.select_related("report__municipality", "report__period").order_by(
        "-report__period__start", "report__municipality__name_ru"
    )
