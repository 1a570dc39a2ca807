"""Indicator figures for a territory: totals from breakdowns, roll-ups from municipalities, ratios from parts.

For each indicator and period, figures entered for the territory itself (published statistics) win; otherwise
figures that another module derives from its own records (tendik.plans.indicator_sources, for yearly periods)
come next; else the municipalities' reported figures in the territory are added up (additive indicators only).
Reports count once submitted (not drafts, not returned ones). A ratio is computed from its numerator and
denominator; a published ratio is used only for periods where the parts are not known. Three queries whatever the
size, plus one and the sources' own (a fixed number) when an indicator is fed by a source.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import F, Q
from django.utils import timezone

from tendik.plans import combos
from tendik.plans.indicator_sources import derived_figures, fed_indicators
from tendik.plans.models import (
    DataValue,
    Indicator,
    IndicatorRollup,
    IndicatorTarget,
    PeriodKind,
    ReportingPeriod,
    ReportStatus,
)

NOT_COUNTED = [ReportStatus.DRAFT, ReportStatus.RETURNED]


@dataclass
class Point:
    period: ReportingPeriod
    value: Decimal | None
    by_combo: dict[str, Decimal] = field(default_factory=dict)
    target: Decimal | None = None
    derived: bool = False  # computed by another module from its records (not typed in)


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

    # The municipalities' counted figures, already added up for the territory (tendik.plans.rollups): one indexed
    # read of a few hundred rows whatever the number of reports.
    rolled: dict[tuple[int, int], dict[str, Decimal]] = defaultdict(dict)
    additive = [i.pk for i in base if i.additive or (territory is not None and territory.is_municipality)]
    sums = IndicatorRollup.objects.filter(
        period_q, prefix="" if territory is None else territory.path, indicator_id__in=additive
    )
    for ind_id, period_id, combo, total in sums.values_list("indicator_id", "period_id", "combo", "total"):
        rolled[(ind_id, period_id)][combo] = total

    derived = _derived(base, territory, year_from, year_to)
    period_ids = {k[1] for k in direct} | {k[1] for k in rolled} | {k[1] for k in derived}
    periods = {p.pk: p for p in ReportingPeriod.objects.filter(pk__in=period_ids)}
    targets = _targets(indicators, territory)

    def values_of(ind: Indicator, period_id: int) -> dict[str, Decimal] | None:
        key = (ind.pk, period_id)
        return direct.get(key) or derived.get(key) or rolled.get(key)

    def is_derived(ind: Indicator, period_id: int) -> bool:
        parts = [ind.numerator, ind.denominator] if ind.is_ratio else [ind]
        return any(p is not None and (p.pk, period_id) not in direct and (p.pk, period_id) in derived for p in parts)

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
                Point(
                    period=period,
                    value=value,
                    by_combo=by_combo,
                    target=targets.get((ind.pk, period.year)),
                    derived=is_derived(ind, period.pk),
                )
            )
        result.append(Series(indicator=ind, points=points))
    return result


def _derived(
    base: list[Indicator], territory: Any, year_from: int | None, year_to: int | None
) -> dict[tuple[int, int], dict[str, Decimal]]:
    """Figures of registered sources for the yearly periods up to today (each taken on the period's last day, or
    today for the running year), keyed like the other figures."""
    fed = {i.code: i.pk for i in base if i.code in fed_indicators()}
    if not fed:
        return {}
    today = timezone.localdate()
    years = ReportingPeriod.objects.filter(kind=PeriodKind.YEAR, start__lte=today)
    if year_from:
        years = years.filter(year__gte=year_from)
    if year_to:
        years = years.filter(year__lte=year_to)
    by_end = {min(p.end, today): p.pk for p in years}
    figures = derived_figures(indicator_codes=set(fed), territory=territory, dates=list(by_end))
    return {(fed[code], by_end[on]): values for (code, on), values in figures.items() if code in fed and on in by_end}


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
    """The indicators a dashboard charts, with the parts of ratios (their targets are read by `indicator_series`;
    breakdown names are not shown there, so nothing else is loaded)."""
    return list(Indicator.objects.select_related("numerator", "denominator"))
