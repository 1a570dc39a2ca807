"""Open data: a Frictionless data package of every public table, and indicator series in the Open SDG format.

Data package (https://specs.frictionlessdata.io/): `datapackage.json` with a Table Schema per CSV resource; hidden
figures are written "<5" / "–" and declared as missing values. Open SDG (https://open-sdg.readthedocs.io/): one
`data/indicator_<id>.csv` per indicator with the columns Year, the breakdown columns, Units (when the indicator has
one) and Value, and `meta/<id>.md` with its metadata (YAML front matter). Series are annual: an indicator's yearly
figure is its figure for the whole year, or for the last period of the year when it is reported more often.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from tendik.core.i18n import pick
from tendik.geography.models import AdministrativeUnit
from tendik.plans import combos
from tendik.plans.models import Indicator, MeasureStatus
from tendik.plans.selectors import public as plans_public
from tendik.plans.selectors.indicators import Point, Series, indicator_series
from tendik.portal import committee_figures, tables
from tendik.portal.datasets import MISSING, Column, Dataset
from tendik.portal.exports import to_csv
from tendik.protection.selectors.public import FIGURES

LICENSE = {"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/", "title": "CC BY 4.0"}


# -- the whole-country tables ---------------------------------------------------------------------------------------


def _unit_names() -> dict[str, AdministrativeUnit]:
    return {u.path: u for u in AdministrativeUnit.objects.all().only("path", "code", "name_ru", "name_ky", "name_en")}


def all_plan_progress() -> Dataset:
    """Plan progress of the country and every oblast, rayon and municipality with local measures. Four queries."""
    units = _unit_names()
    base = tables.plan_progress(None)
    rows = [r for r in base.rows if not r["code"]]
    titles = tables.plan_titles()
    for depth in (0, 1, 2):
        for (path, plan), counts in sorted(plans_public.measure_statuses_by_place(territory=None, depth=depth).items()):
            unit = units.get(path)
            if unit is None or not sum(counts.values()):
                continue
            total = sum(counts.values())
            active = total - counts.get(MeasureStatus.CANCELLED, 0)
            rows.append(
                {
                    "code": unit.code,
                    "place": unit.name,
                    "plan": titles.get(plan, plan),
                    "measures": total,
                    **counts,
                    "done_share": round(Decimal(counts.get(MeasureStatus.DONE, 0) * 100) / active, 1)
                    if active
                    else None,
                }
            )
    base.rows = rows
    return base


def all_committee_figures() -> Dataset:
    """The protected committee figures of every place with figures, every year: the one table the pages show."""
    units = _unit_names()
    base = tables.committee_table(None, None)
    rows = []
    for year in sorted(committee_figures.years()):
        table = committee_figures.protected_year(year)
        paths = sorted({p for per_figure in table.values() for p in per_figure})
        figures = committee_figures.figures_for(year, paths)
        for path in paths:
            unit = units.get(path)
            if path and unit is None:
                continue
            rows.append(
                {
                    "code": unit.code if unit else "",
                    "place": unit.name if unit else str(tables.COUNTRY_NAME),
                    "year": year,
                    **figures[path],
                }
            )
    base.rows = rows
    base.period = ", ".join(str(y) for y in sorted(committee_figures.years()))
    return base


RESOURCES: dict[str, Callable[[], Dataset]] = {
    "plan-progress": all_plan_progress,
    "committee-figures": all_committee_figures,
    "recommendations": lambda: tables.recommendations_table(None),
    "indicators": lambda: tables.indicators_table(None),
}


def _field(column: Column) -> dict[str, Any]:
    field: dict[str, Any] = {"name": column.name, "title": str(column.title), "type": column.type}
    if column.description:
        field["description"] = str(column.description)
    if column.type == "number":
        field["decimalChar"] = "."
    return field


def datapackage(progress: Callable[[int, str], None] | None = None) -> tuple[dict[str, Any], dict[str, bytes]]:
    """(datapackage.json as a dict, {path: CSV bytes}) of every public table, in English metadata."""
    files: dict[str, bytes] = {}
    resources = []
    with override("en"):
        for k, (name, build) in enumerate(RESOURCES.items()):
            if progress:
                progress(10 + 80 * k // len(RESOURCES), str(_("Writing %(table)s") % {"table": name}))
            dataset = build()
            path = f"data/{name}.csv"
            files[path] = to_csv(dataset)
            resources.append(
                {
                    "name": name,
                    "path": path,
                    "title": str(dataset.title),
                    "description": f"{dataset.definition} {dataset.note}".strip(),
                    "sources": [{"title": str(dataset.source)}],
                    "format": "csv",
                    "mediatype": "text/csv",
                    "encoding": "utf-8",
                    "profile": "tabular-data-resource",
                    "schema": {"fields": [_field(c) for c in dataset.columns], "missingValues": MISSING},
                }
            )
        package = {
            "profile": "tabular-data-package",
            "name": "tendik-public-figures",
            "title": str(_("Tendik: public figures on gender-equality policy in the Kyrgyz Republic")),
            "created": timezone.now().isoformat(timespec="seconds"),
            "licenses": [LICENSE],
            "resources": resources,
        }
    return package, files


def datapackage_zip(progress: Callable[[int, str], None] | None = None) -> bytes:
    package, files = datapackage(progress)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("datapackage.json", json.dumps(package, ensure_ascii=False, indent=1))
        for path, content in files.items():
            zf.writestr(path, content)
    return out.getvalue()


# -- Open SDG ---------------------------------------------------------------------------------------------------------


def sdg_id(indicator: Indicator) -> str:
    return slugify(indicator.code).replace("_", "-") or str(indicator.pk)


def annual(points: list[Point]) -> list[Point]:
    """One point per year: the whole-year figure if there is one, else the year's last period."""
    by_year: dict[int, Point] = {}
    for p in sorted(points, key=lambda p: (p.period.year, p.period.kind == "year", p.period.end)):
        by_year[p.period.year] = p
    return [by_year[y] for y in sorted(by_year)]


def _breakdown_columns(indicator: Indicator) -> list[tuple[str, str, dict[str, str]]]:
    """(category code, column name, {option code: option name}) of the indicator's breakdowns."""
    out = []
    for category in indicator.categories.all():
        out.append(
            (
                category.code,
                pick(category, "name"),
                {o.code: pick(o, "name") for o in category.options.all()},
            )
        )
    return out


def opensdg_csv(series: Series) -> bytes:
    ind = series.indicator
    breakdowns = _breakdown_columns(ind)
    units = ind.get_unit_display() if ind.unit != "count" else ""
    header = ["Year", *[name for _code, name, _opts in breakdowns], *(["Units"] if units else []), "Value"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for point in annual(series.points):
        rows = [("", point.value), *sorted(point.by_combo.items())]
        for key, value in rows:
            if value is None:
                continue
            parts = combos.parse(key)
            cells = [opts.get(parts.get(code, ""), "") for code, _name, opts in breakdowns]
            writer.writerow([point.period.year, *cells, *([units] if units else []), _num(value)])
    return out.getvalue().encode("utf-8")


def _num(value: Any) -> str:
    text = format(Decimal(value).normalize(), "f")
    return text


def opensdg_meta(series: Series) -> bytes:
    ind = series.indicator
    meta = {
        "indicator_number": sdg_id(ind),
        "indicator_name": pick(ind, "name"),
        "indicator_definition": pick(ind, "definition"),
        "computation_units": ind.get_unit_display(),
        "source_active_1": True,
        "source_organisation_1": pick(ind, "responsible"),
        "source_url_text_1": pick(ind, "data_source"),
        "data_last_updated": timezone.localdate().isoformat(),
        "graph_type": "line",
        "graph_title": pick(ind, "name"),
        "national_indicator_available": pick(ind, "name"),
        "reporting_status": "complete" if series.points else "notstarted",
        "published": True,
    }
    lines = ["---"] + [f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in meta.items()] + ["---", ""]
    return "\n".join(lines).encode("utf-8")


def national_series(indicators: list[Indicator] | None = None) -> list[Series]:
    return indicator_series(indicators=indicators or tables.national_indicators(), territory=None)


def opensdg_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for series in national_series():
            zf.writestr(f"data/indicator_{sdg_id(series.indicator)}.csv", opensdg_csv(series))
            zf.writestr(f"meta/{sdg_id(series.indicator)}.md", opensdg_meta(series))
    return out.getvalue()


__all__ = ["FIGURES", "RESOURCES", "annual", "datapackage", "datapackage_zip", "opensdg_csv", "opensdg_zip"]
