"""Plan figures for charts and thematic maps: progress per plan (the gender plan and the 1325 plan apart, and
together), measures by status, and the figures plans put on the territories' map (tendik.geography.figures).

Everything is counted in the database, scoped by `tendik.accounts.permissions` like the rest of the dashboard.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Avg, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from tendik.accounts.permissions import has_perm
from tendik.accounts.roles import Perm
from tendik.geography.figures import MapFigure, Number, group_by_units
from tendik.geography.models import AdministrativeUnit
from tendik.plans.models import DataValue, Indicator, LocalMeasure, LocalPlan, MeasureStatus, Plan, ReportStatus
from tendik.plans.selectors.dashboard import MeasureSums, _scoped, flags_for, measure_sums

OWN = "own"
ALL = "all"
NOT_COUNTED = [ReportStatus.DRAFT, ReportStatus.RETURNED]


@dataclass
class PlanProgress:
    """Local measures of one plan (or of the municipalities' own initiative, or of all plans together)."""

    key: str
    label: str
    measures: int = 0
    progress_sum: int = 0
    by_status: dict[str, int] = field(default_factory=dict)

    @property
    def progress(self) -> float | None:
        """Mean approved progress of the measures, in %."""
        return self.progress_sum / self.measures if self.measures else None

    @property
    def done_share(self) -> float | None:
        return 100 * self.by_status.get(MeasureStatus.DONE, 0) / self.measures if self.measures else None


def progress_by_plan(
    *, user: Any, territory: AdministrativeUnit | None, sums: MeasureSums | None = None
) -> list[PlanProgress]:
    """One row per plan with local measures in the territory (current plans first), then the municipalities' own
    measures if any, then all together. Two queries (one with the territory's `sums`, counted already)."""
    if sums is None:
        sums = measure_sums(user=user, territory=territory)
    rows = sums.rows
    by_plan: dict[Any, PlanProgress] = {}
    together = PlanProgress(key=ALL, label=_("All plans together"))
    plans = {p.pk: p for p in Plan.objects.filter(pk__in={r["national_measure__plan_id"] for r in rows})}
    for r in rows:
        plan_id = r["national_measure__plan_id"]
        if plan_id not in by_plan:
            plan = plans.get(plan_id)
            by_plan[plan_id] = PlanProgress(
                key=plan.code if plan else OWN, label=plan.short_title if plan else _("Municipalities' own measures")
            )
        for row in (by_plan[plan_id], together):
            row.measures += r["n"]
            row.progress_sum += r["p"] or 0
            row.by_status[r["current_status"]] = row.by_status.get(r["current_status"], 0) + r["n"]
    order = {p.pk: (not p.is_current, p.order, p.code) for p in plans.values()}
    ordered = [by_plan[k] for k in sorted((k for k in by_plan if k is not None), key=lambda k: order[k])]
    if None in by_plan:
        ordered.append(by_plan[None])
    return [*ordered, together] if ordered else []


# Figures for the map ---------------------------------------------------------------------------------------------


def _progress_values(plan: Plan | None) -> Any:
    def values(user: Any, units: Sequence[AdministrativeUnit]) -> dict[str, Number]:
        qs = _scoped(LocalMeasure.objects.all(), user, "local_plan__municipality", None)
        if plan is not None:
            qs = qs.filter(national_measure__plan=plan)
        grouped = group_by_units(
            qs, path_field="local_plan__municipality__path", units=units, p=Avg("current_progress")
        )
        return {code: float(row["p"]) for code, row in grouped.items() if row["p"] is not None}

    return values


def _late_reports(user: Any, units: Sequence[AdministrativeUnit]) -> dict[str, Number]:
    today = timezone.localdate()
    plans = _scoped(LocalPlan.objects.all(), user, "municipality", None)
    flags = flags_for(plans=plans, measures=LocalMeasure.objects.none(), today=today, limit=0, everything=True)
    counts = dict.fromkeys((u.code for u in units), 0)
    paths = {u.path: u.code for u in units}
    for m in flags.all_missing:
        for path, code in paths.items():
            if m["path"].startswith(path):
                counts[code] += 1
    return counts  # type: ignore[return-value]


def _indicator_values(indicator: Indicator) -> Any:
    def values(user: Any, units: Sequence[AdministrativeUnit]) -> dict[str, Number]:
        reported = _scoped(
            DataValue.objects.filter(indicator=indicator, report__isnull=False).exclude(report__status__in=NOT_COUNTED),
            user,
            "unit",
            None,
        )
        latest = reported.order_by("-period__start").values_list("period_id", flat=True).first()
        if latest is None:
            return {}
        grouped = group_by_units(
            reported.filter(period_id=latest), path_field="unit__path", units=units, s=Sum("value")
        )
        return {code: float(row["s"]) for code, row in grouped.items() if row["s"] is not None}

    return values


def map_figures(user: Any) -> list[MapFigure]:
    """The plan figures `user` may put on the territories' map (none without permission to see plans)."""
    if not has_perm(user, Perm.PLANS_VIEW):
        return []
    group = _("Plans")
    progress_note = _(
        "Mean progress of the local measures in the territory, as approved in the municipalities' reports."
    )
    out = [
        MapFigure(
            key="plans.progress",
            label=_("Plan progress: all plans"),
            value_label=_("Mean progress, %"),
            values=_progress_values(None),
            percent=True,
            note=progress_note,
            group=group,
        )
    ]
    for plan in Plan.objects.filter(is_current=True).order_by("order", "code"):
        out.append(
            MapFigure(
                key=f"plans.progress.{plan.code}",
                label=_("Plan progress: %(plan)s") % {"plan": plan.short_title},
                value_label=_("Mean progress, %"),
                values=_progress_values(plan),
                percent=True,
                note=progress_note,
                group=group,
            )
        )
    out.append(
        MapFigure(
            key="plans.late",
            label=_("Progress reports late"),
            value_label=_("Reports late"),
            values=_late_reports,
            note=_("Reports of local plans not submitted within the due time after the end of their period."),
            group=group,
        )
    )
    for ind in Indicator.objects.filter(additive=True, numerator__isnull=True).exclude(unit="percent").order_by("code"):
        out.append(
            MapFigure(
                key=f"plans.indicator.{ind.code}",
                label=_("Indicator: %(name)s") % {"name": ind.name},
                value_label=_("Reported, latest period"),
                values=_indicator_values(ind),
                decimals=0,
                note=_("Sum of the figures the municipalities reported for the latest period with figures."),
                group=_("Indicators"),
            )
        )
    return out
