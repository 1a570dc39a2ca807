"""Indicator figures for a territory: totals from breakdowns, roll-ups from municipalities, ratios from parts.

For each indicator and period, figures entered for the territory itself (published statistics) win; otherwise
the municipalities' reported figures in the territory are added up (additive indicators only). Reports count
once submitted (not drafts, not returned ones). A ratio is computed from its numerator and denominator; a
published ratio is used only for periods where the parts are not known. Three queries whatever the size.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import F, Q, Sum

from tendik.plans import combos
from tendik.plans.models import DataValue, Indicator, IndicatorTarget, ReportingPeriod, ReportStatus

NOT_COUNTED = [ReportStatus.DRAFT, ReportStatus.RETURNED]


@dataclass
class Point:
    period: ReportingPeriod
    value: Decimal | None
    by_combo: dict[str, Decimal] = field(default_factory=dict)
    target: Decimal | None = None


@dataclass
class Series:
    indicator: Indicator
    points: list[Point]

    @property
    def latest(self) -> Point | None:
        return next((p for p in reversed(self.points) if p.value is not None), None)

    @property
    def max_value(self) -> Decimal:
        values = [p.value for p in self.points if p.value is not None] + [
            p.target for p in self.points if p.target is not None
        ]
        return max(values, default=Decimal(0))


def _parts(indicators: list[Indicator]) -> list[Indicator]:
    needed: dict[int, Indicator] = {}
    for ind in indicators:
        needed[ind.pk] = ind
        if ind.is_ratio:
            for part in (ind.numerator, ind.denominator):
                if part is not None:
                    needed[part.pk] = part
    return list(needed.values())


def indicator_series(
    *, indicators: list[Indicator], territory: Any = None, year_from: int | None = None, year_to: int | None = None
) -> list[Series]:
    """Figures of each indicator by period for a territory (None: the country). `numerator`/`denominator` of ratio
    indicators should be select_related."""
    base = _parts(indicators)
    ids = [i.pk for i in base]
    period_q = Q()
    if year_from:
        period_q &= Q(period__year__gte=year_from)
    if year_to:
        period_q &= Q(period__year__lte=year_to)

    direct_q = Q(report__isnull=True) & (Q(unit__isnull=True) if territory is None else Q(unit=territory))
    direct: dict[tuple[int, int], dict[str, Decimal]] = defaultdict(dict)
    for ind_id, period_id, combo, figure in DataValue.objects.filter(
        direct_q, period_q, indicator_id__in=ids
    ).values_list("indicator_id", "period_id", "combo", "value"):
        direct[(ind_id, period_id)][combo] = figure

    rolled: dict[tuple[int, int], dict[str, Decimal]] = defaultdict(dict)
    reported = DataValue.objects.filter(period_q, report__isnull=False, indicator_id__in=ids).exclude(
        report__status__in=NOT_COUNTED
    )
    if territory is not None:
        reported = reported.filter(unit__path__startswith=territory.path)
    additive = {i.pk for i in base if i.additive or (territory is not None and territory.is_municipality)}
    for row in (
        reported.filter(indicator_id__in=additive).values("indicator_id", "period_id", "combo").annotate(s=Sum("value"))
    ):
        rolled[(row["indicator_id"], row["period_id"])][row["combo"]] = row["s"]

    period_ids = {k[1] for k in direct} | {k[1] for k in rolled}
    periods = {p.pk: p for p in ReportingPeriod.objects.filter(pk__in=period_ids)}
    targets = _targets(indicators, territory)

    def values_of(ind: Indicator, period_id: int) -> dict[str, Decimal] | None:
        return direct.get((ind.pk, period_id)) or rolled.get((ind.pk, period_id))

    result = []
    for ind in indicators:
        points = []
        for period in sorted(periods.values(), key=lambda p: (p.start, p.end)):
            value = None
            by_combo: dict[str, Decimal] = {}
            if ind.is_ratio:
                num_vals = values_of(ind.numerator, period.pk) if ind.numerator else None
                den_vals = values_of(ind.denominator, period.pk) if ind.denominator else None
                num = combos.total(num_vals.items(), ind.numerator_filter) if num_vals else None
                den = combos.total(den_vals.items(), ind.denominator_filter) if den_vals else None
                if num is not None and den:
                    value = (num / den * ind.factor).quantize(Decimal("0.01"))
                elif (own := values_of(ind, period.pk)) is not None:
                    value = combos.total(own.items())
            else:
                own = values_of(ind, period.pk)
                if own:
                    by_combo = {k: v for k, v in own.items() if k}
                    value = combos.total(own.items())
            if value is None:
                continue
            points.append(
                Point(period=period, value=value, by_combo=by_combo, target=targets.get((ind.pk, period.year)))
            )
        result.append(Series(indicator=ind, points=points))
    return result


def _targets(indicators: list[Indicator], territory: Any) -> dict[tuple[int, int], Decimal]:
    """Targets by (indicator, year): the territory's own, else national ones for ratios and percentages."""
    ids = [i.pk for i in indicators]
    rows = IndicatorTarget.objects.filter(indicator_id__in=ids)
    rows = (
        rows.filter(unit__isnull=True) if territory is None else rows.filter(Q(unit__isnull=True) | Q(unit=territory))
    )
    out: dict[tuple[int, int], Decimal] = {}
    scale_free = {i.pk for i in indicators if i.unit == "percent"}
    for t in rows.order_by(
        F("unit_id").asc(nulls_first=True)
    ):  # NULLs first: a territory's own target overrides the national one
        if t.unit_id is None and territory is not None and t.indicator_id not in scale_free:
            continue
        out[(t.indicator_id, t.year)] = t.value
    return out


def indicators_for_dashboard() -> list[Indicator]:
    return list(
        Indicator.objects.select_related("numerator", "denominator").prefetch_related("categories__options", "targets")
    )
