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
    *,
    indicators: list[Indicator],
    territory: Any = None,
    year_from: int | None = None,
    year_to: int | None = None,
    periods: dict[int, ReportingPeriod] | None = None,
    last: int | None = None,
) -> list[Series]:
    """Figures of each indicator by period for a territory (None: the country). `numerator`/`denominator` of ratio
    indicators should be select_related. `periods`: every reporting period by id, when the caller has read them
    already (else they are read here). `last`: only each indicator's latest `last` points (a chart's), computed
    from the newest period back instead of computing every period and dropping most."""
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

    derived = _derived(base, territory, year_from, year_to, periods)
    # The periods each indicator has figures for (its own, or its parts' for a ratio): a point is drawn only there,
    # so each indicator's loop runs over its own few periods, not over every period of every indicator.
    with_figures: dict[int, set[int]] = defaultdict(set)
    for found in (direct, rolled, derived):
        for ind_id, period_id in found:
            with_figures[ind_id].add(period_id)
    period_ids = {period_id for ids in with_figures.values() for period_id in ids}
    if periods is None:
        periods = {p.pk: p for p in ReportingPeriod.objects.filter(pk__in=period_ids)}
    else:
        periods = {pk: periods[pk] for pk in period_ids}
    order = {pk: i for i, pk in enumerate(sorted(periods, key=lambda pk: (periods[pk].start, periods[pk].end)))}
    targets = _targets(indicators, territory)

    def values_of(ind: Indicator, period_id: int) -> dict[str, Decimal] | None:
        key = (ind.pk, period_id)
        return direct.get(key) or derived.get(key) or rolled.get(key)

    result = []
    for ind in indicators:
        numerator, denominator = (ind.numerator, ind.denominator) if ind.is_ratio else (None, None)
        parts = [p for p in (numerator, denominator) if p is not None] if ind.is_ratio else [ind]
        candidates = set(with_figures.get(ind.pk, ()))
        for part in parts:
            candidates |= with_figures.get(part.pk, set())
        points: list[Point] = []
        for period_id in sorted(candidates, key=order.__getitem__, reverse=True):
            if last is not None and len(points) >= last:
                break
            period = periods[period_id]
            value = None
            by_combo: dict[str, Decimal] = {}
            if ind.is_ratio:
                num_vals = values_of(numerator, period_id) if numerator else None
                den_vals = values_of(denominator, period_id) if denominator else None
                num = combos.total(num_vals.items(), ind.numerator_filter) if num_vals else None
                den = combos.total(den_vals.items(), ind.denominator_filter) if den_vals else None
                if num is not None and den:
                    value = (num / den * ind.factor).quantize(Decimal("0.01"))
                elif (own := values_of(ind, period_id)) is not None:
                    value = combos.total(own.items())
            else:
                own = values_of(ind, period_id)
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
                    derived=any((p.pk, period_id) not in direct and (p.pk, period_id) in derived for p in parts),
                )
            )
        points.reverse()  # built newest first
        result.append(Series(indicator=ind, points=points))
    return result


def _derived(
    base: list[Indicator],
    territory: Any,
    year_from: int | None,
    year_to: int | None,
    periods: dict[int, ReportingPeriod] | None = None,
) -> dict[tuple[int, int], dict[str, Decimal]]:
    """Figures of registered sources for the yearly periods up to today (each taken on the period's last day, or
    today for the running year), keyed like the other figures."""
    fed = {i.code: i.pk for i in base if i.code in fed_indicators()}
    if not fed:
        return {}
    today = timezone.localdate()
    years: Any
    if periods is None:
        years = ReportingPeriod.objects.filter(kind=PeriodKind.YEAR, start__lte=today)
        if year_from:
            years = years.filter(year__gte=year_from)
        if year_to:
            years = years.filter(year__lte=year_to)
    else:
        years = sorted(
            (
                p
                for p in periods.values()
                if p.kind == PeriodKind.YEAR
                and p.start <= today
                and (not year_from or p.year >= year_from)
                and (not year_to or p.year <= year_to)
            ),
            key=lambda p: (p.start, p.end),
        )
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
