"""The quota dashboard's figures, shared by its page and its PDF (a fixed number of queries, whatever the bodies)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tendik.core import charts
from tendik.geography.choropleth import choropleth
from tendik.geography.models import AdministrativeUnit, UnitLevel
from tendik.participation.selectors import bodies as sel

# The share rule's floor: at least 30% of each sex (the target line of the charts).
FLOOR = 30
YEARS_SHOWN = 8
# Map classes that put the 30% floor on a class boundary.
MAP_BREAKS = [0, 15, 30, 40, 50, 100]


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
        shares = {a.code: a for a in sel.share_by_area(user, level=level, on=on, within=unit)}
        units = list(AdministrativeUnit.objects.current(on).filter(parent=unit).order_by("code"))
        areas = [{"unit": u, "code": u.code, "share": shares[u.code]} for u in units if u.code in shares]
        if areas:
            by_area = choropleth(
                units=units,
                values={a["code"]: float(a["share"].women_share or 0) for a in areas},
                title=_("Women's share of filled seats by oblast, %")
                if level == UnitLevel.OBLAST
                else _("Women's share of filled seats by rayon, %"),
                value_label=_("Women, %"),
                href=lambda u: f"{reverse('participation:quota')}?unit={u.code}&on={on.isoformat()}",
                percent=True,
                decimals=1,
                breaks=MAP_BREAKS,
                note=_("Territories without bodies recorded in Tendik have no colour."),
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
