"""The plans' charts, drawn by the one renderer (tendik.core.charts) for the dashboard and the progress PDF."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from tendik.core import charts
from tendik.plans.models import MeasureStatus
from tendik.plans.selectors.figures import PlanProgress


def plan_progress_chart(rows: list[PlanProgress]) -> charts.Chart:
    """Mean progress and share of measures done, per plan and for all plans together."""
    return charts.grouped_bar_chart(
        title=_("Plan progress"),
        labels=[r.label for r in rows],
        series=[
            charts.Series(_("Mean progress"), [r.progress for r in rows]),
            charts.Series(_("Measures done"), [r.done_share for r in rows]),
        ],
        percent=True,
        category_label=_("Plan"),
    )


def measure_status_chart(rows: list[PlanProgress]) -> charts.Chart:
    """Local measures by status, each plan's bar split into its statuses."""
    return charts.share_bar_chart(
        title=_("Local measures by status"),
        labels=[r.label for r in rows],
        series=[charts.Series(str(s.label), [r.by_status.get(s.value, 0) for r in rows]) for s in MeasureStatus],
        category_label=_("Plan"),
    )


def indicator_chart(series: Any) -> charts.Chart:
    """An indicator's figures over the periods, with its targets as a dashed line where there are any."""
    points = series.points
    lines = [charts.Series(_("Figure"), [float(p.value) if p.value is not None else None for p in points])]
    if any(p.target is not None for p in points):
        lines.append(
            charts.Series(_("Target"), [float(p.target) if p.target is not None else None for p in points], dashed=True)
        )
    unit_percent = getattr(series.indicator, "unit", "") == "percent"
    return charts.line_chart(
        title=series.indicator.name,
        periods=[p.period.label for p in points],
        series=lines,
        percent=unit_percent,
        decimals=0 if all(p.value is None or p.value == int(p.value) for p in points) else 1,
    )
