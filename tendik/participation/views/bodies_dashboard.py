"""The quota dashboard's figures, shared by its page and its PDF (a fixed number of queries, whatever the bodies)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tendik.core import charts
from tendik.geography.models import AdministrativeUnit, UnitLevel
from tendik.participation.selectors import bodies as sel

# The share rule's floor: at least 30% of each sex (the target line of the charts).
FLOOR = 30
YEARS_SHOWN = 8


def _area_level(unit: AdministrativeUnit | None) -> str | None:
    if unit is None:
        return UnitLevel.OBLAST
    if unit.level == UnitLevel.OBLAST:
        return UnitLevel.RAYON
    return None


def quota_context(user: Any, *, unit: AdministrativeUnit | None, on: dt.date, breaches: int = 50) -> dict[str, Any]:
    summary = sel.quota_summary(user=user, unit=unit, on=on, breaches=breaches)
    first = sel.first_fact_year(user)
    first = max(first, on.year - YEARS_SHOWN) if first else on.year - 1
    dates = sel.year_ends(first_year=first, last=on)
    points = sel.share_over_time(user, unit=unit, dates=dates)
    trend = None
    if points:
        labels = [str(p.on.year) if p.on.month == 12 and p.on.day == 31 else date_format(p.on) for p in points]
        trend = charts.line_chart(
            title=_("Women's share of filled seats, %"),
            periods=labels,
            series=[charts.Series(_("Women, %"), [float(p.women_share or 0) for p in points])],
            percent=True,
            decimals=1,
            target=FLOOR,
            period_label=_("Date"),
        )
    level = _area_level(unit)
    areas: list[dict[str, Any]] = []
    by_area = None
    if level is not None:
        shares = sel.share_by_area(user, level=level, on=on, within=unit)
        names = {u.code: u for u in AdministrativeUnit.objects.filter(code__in=[a.code for a in shares])}
        areas = [{"unit": names.get(a.code), "code": a.code, "share": a} for a in shares if a.code in names]
        if areas:
            by_area = charts.bar_chart(
                title=_("Women's share of filled seats by oblast, %")
                if level == UnitLevel.OBLAST
                else _("Women's share of filled seats by rayon, %"),
                labels=[a["unit"].name for a in areas],
                values=[float(a["share"].women_share or 0) for a in areas],
                percent=True,
                decimals=1,
                target=FLOOR,
            )
    return {
        "territory": unit,
        "on": on,
        "summary": summary,
        "trend": trend,
        "points": points,
        "areas": areas,
        "by_area": by_area,
        "area_level": level,
        "floor": FLOOR,
    }
