"""The public portal: a page for the country, each oblast, rayon and municipality, and each national plan.

No login. Figures come from the domain apps' public selectors through `tendik.portal.tables`; committee figures pass
through small-number protection; charts and maps are drawn by the shared renderers (tendik.core.charts,
tendik.geography.choropleth).
"""

from __future__ import annotations

import importlib
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tendik.consultations.views.public import PUBLIC_LIST
from tendik.core import charts, pagecache
from tendik.core.i18n import pick
from tendik.core.pagination import rows_by_keys
from tendik.geography.choropleth import choropleth
from tendik.geography.models import AdministrativeUnit
from tendik.geography.selectors import unit_ancestors
from tendik.plans import rollups
from tendik.plans.models import MeasureStatus, Plan
from tendik.plans.selectors.indicators import indicator_series
from tendik.portal import committee_figures, tables
from tendik.portal.datasets import Dataset

RECOMMENDATIONS_SHOWN = 20


def territory_url(unit: AdministrativeUnit | None) -> str:
    return reverse("portal:territory", args=[unit.code]) if unit is not None else reverse("portal:country")


def quota_summary(unit: AdministrativeUnit | None) -> Any:
    """The quota status of the territory from the participation module, once it provides `quota_summary`
    (None until then: the page shows the slot empty)."""
    for name in ("tendik.participation.selectors.quota", "tendik.participation.selectors"):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        summary = getattr(module, "quota_summary", None)
        if summary is not None:
            return summary(user=None, unit=unit)
    return None


def _quota_template() -> str | None:
    """The participation module's template for its quota summary, once it exists."""
    from django.template import TemplateDoesNotExist
    from django.template.loader import get_template

    try:
        get_template(QUOTA_TEMPLATE)
    except TemplateDoesNotExist:
        return None
    return QUOTA_TEMPLATE


QUOTA_TEMPLATE = "participation/_quota_summary.html"


def _year(request: HttpRequest) -> int | None:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() and len(value) == 4 else None


def _query(unit: AdministrativeUnit | None, year: int | None = None) -> str:
    parts = [f"place={unit.code}"] if unit is not None else []
    if year:
        parts.append(f"year={year}")
    return "&".join(parts)


def _progress_charts(progress: Dataset, unit: AdministrativeUnit | None) -> list[charts.Chart]:
    own = [r for r in progress.rows if r["code"] == (unit.code if unit else "")]
    out = []
    if own:
        out.append(
            charts.bar_chart(
                title=_("Local measures done, by plan"),
                labels=[r["plan"] for r in own],
                values=[float(r["done_share"]) if r["done_share"] is not None else None for r in own],
                percent=True,
                value_label=_("Done, %"),
            )
        )
        statuses = list(MeasureStatus)
        out.append(
            charts.grouped_bar_chart(
                title=_("Local measures by status"),
                labels=[r["plan"] for r in own],
                series=[charts.Series(str(s.label), [r.get(s.value, 0) for r in own]) for s in statuses],
                stacked=True,
            )
        )
    return out


def _map(progress: Dataset, children: list[AdministrativeUnit]) -> Any:
    if not children:
        return None
    done: dict[str, list[int]] = {}
    for r in progress.rows:
        if r["code"] in {c.code for c in children}:
            pair = done.setdefault(r["code"], [0, 0])
            pair[0] += r.get(MeasureStatus.DONE, 0)
            pair[1] += r["measures"] - r.get(MeasureStatus.CANCELLED, 0)
    values = {code: round(d * 100 / n, 1) if n else None for code, (d, n) in done.items()}
    the_map = choropleth(
        units=children,
        values=values,
        title=_("Local measures done, %"),
        value_label=_("Done, %"),
        percent=True,
        href=territory_url,
    )
    return the_map if any(a.drawn for a in the_map.areas) else None


@require_GET
def territory(request: HttpRequest, code: str | None = None) -> HttpResponse:
    unit = None
    if code is not None:
        unit = AdministrativeUnit.objects.filter(code=code).select_related("parent").first()
        if unit is None:
            raise Http404(_("No territorial unit has this code."))
    body = territory_part(request, unit)
    return render(request, "portal/public/territory.html", {"name": tables._name(unit), "body": body})


def territory_part(request: HttpRequest, unit: AdministrativeUnit | None) -> str:
    year = _year(request)
    years = committee_figures.years()
    if year not in years:
        year = years[0] if years else None
    # The page is the same for every visitor: its content is cached per generation of the plans' data (which the
    # plans dashboards share), of the consultations' public list, and of the committees' public table of the year
    # (five minutes, as before), per day (the quota's date) — tendik.core.pagecache, ADR 0011; the plans' data per
    # territory: a change elsewhere leaves this territory's page cached.
    vary = [
        "territory",
        unit.path if unit is not None else "",
        year,
        *years,
        committee_figures.stamp(year),
        pagecache.generation(PUBLIC_LIST),
        timezone.localdate().isoformat(),
    ]
    return pagecache.fragment(
        rollups.PAGES,
        request,
        build=lambda: _territory_body(unit, year, years),
        vary=vary,
        within=unit.path if unit is not None else "",
        part="public territory",
    )


def warm_territory(path: str, query: QueryDict) -> None:
    """Render the public page of the territory at `path` ("" the country), for the year its visitors asked for,
    before they ask (tendik.core.pagecache, "warm"): through the view's own part."""
    request = pagecache.reader_request(query)
    if not path:
        territory_part(request, None)
        return
    unit = AdministrativeUnit.objects.filter(code=AdministrativeUnit.code_at(path)).select_related("parent").first()
    if unit is not None:
        territory_part(request, unit)


def warm_plans() -> None:
    """Render the current plans' public pages before their visitors ask (tendik.core.pagecache, "warm")."""
    for the_plan in tables.plans_public.current_plans():
        plan_part(pagecache.reader_request(), the_plan)


def _territory_body(unit: AdministrativeUnit | None, year: int | None, years: list[int]) -> str:
    places = tables.places(unit)
    children = [p for p in places[1:] if p is not None]
    progress = tables.plan_progress(unit)
    committees = tables.committee_table(unit, year)
    recs = tables.recommendations_for(unit)
    statuses = tables.recommendation_statuses(unit)
    status_chart = charts.bar_chart(
        title=_("Recommendations by status"),
        labels=[s for s, _n in statuses],
        values=[n for _s, n in statuses],
        value_label=_("Recommendations"),
    )
    return render_to_string(
        "portal/public/_territory_body.html",
        {
            "unit": unit,
            "name": tables._name(unit),
            "ancestors": unit_ancestors(unit=unit) if unit is not None else [],
            "children": children,
            "year": year,
            "years": years,
            "progress": progress,
            "progress_charts": _progress_charts(progress, unit),
            "map": _map(progress, children),
            "committees": committees,
            "recommendations": rows_by_keys(recs, 0, RECOMMENDATIONS_SHOWN),
            "recommendations_total": sum(n for _s, n in statuses),
            "status_chart": status_chart,
            "quota": quota_summary(unit),
            "quota_template": _quota_template(),
            "query": _query(unit),
            "committee_query": _query(unit, year),
            "plans": tables.plans_public.current_plans() or tables.plans_public.all_plans(),
        },
    )


@require_GET
def plan(request: HttpRequest, code: str) -> HttpResponse:
    the_plan = Plan.objects.filter(code=code).first()
    if the_plan is None:
        raise Http404(_("No plan has this code."))
    title = pick(the_plan, "short_title") or pick(the_plan, "title")
    return render(request, "portal/public/plan.html", {"title": title, "body": plan_part(request, the_plan)})


def plan_part(request: HttpRequest, the_plan: Plan) -> str:
    title = pick(the_plan, "short_title") or pick(the_plan, "title")
    vary = ["plan", the_plan.code, timezone.localdate().isoformat()]  # cached as the territory pages are
    return pagecache.fragment(
        rollups.PAGES, request, build=lambda: _plan_body(the_plan, title), vary=vary, part="public plans"
    )


def _plan_body(the_plan: Plan, title: str) -> str:
    progress = tables.plan_progress(None)
    rows = [r for r in progress.rows if r["plan"] == title and r["code"]]
    oblasts = [p for p in tables.places(None)[1:] if p is not None]
    values = {r["code"]: float(r["done_share"]) if r["done_share"] is not None else None for r in rows}
    the_map: Any = choropleth(
        units=oblasts,
        values=values,
        title=_("Local measures done, %"),
        value_label=_("Done, %"),
        percent=True,
        href=territory_url,
    )
    national = next((r for r in progress.rows if r["plan"] == title and not r["code"]), None)
    indicators = tables.national_indicators(the_plan.code)
    series = indicator_series(indicators=indicators, territory=None)
    indicator_charts = [
        charts.line_chart(
            title=pick(s.indicator, "name"),
            periods=[p.period.label for p in s.points],
            series=[charts.Series(_("Value"), [float(p.value) if p.value is not None else None for p in s.points])],
            target=float(s.points[-1].target) if s.points and s.points[-1].target is not None else None,
        )
        for s in series
        if s.points
    ]
    if not any(a.drawn for a in the_map.areas):
        the_map = None
    return render_to_string(
        "portal/public/_plan_body.html",
        {
            "plan": the_plan,
            "title": title,
            "national": national,
            "rows": rows,
            "map": the_map,
            "indicator_charts": indicator_charts,
            "series": series,
            "progress": progress,
            "plan_charts": _progress_charts(
                Dataset(**{**progress.__dict__, "rows": [national] if national else []}), None
            ),
        },
    )
