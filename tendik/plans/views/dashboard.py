"""Progress dashboard of a territory: indicators against targets, budget planned versus spent, sub-units, flags."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from tendik.accounts.permissions import reader_of_everything
from tendik.core import pagecache
from tendik.core.i18n import current_lang
from tendik.geography.models import AdministrativeUnit
from tendik.plans import rollups
from tendik.plans.selectors import dashboard as sel
from tendik.plans.selectors.figures import progress_by_plan
from tendik.plans.selectors.indicators import indicator_series, indicators_for_dashboard
from tendik.plans.views import charts
from tendik.plans.views.common import plans_view

CHART_POINTS = 8


def dashboard_context(request: HttpRequest) -> dict[str, Any]:
    """The page around the figures, and the figures as a part cached per data generation (tendik.core.pagecache,
    key `rollups.PAGES`, kept per territory): the same for every reader of this territory with the same scope
    within it, on this day, until something changes in the territory or country-wide."""
    user = request.user
    territory = sel.unit_for_dashboard(user=user, code=request.GET.get("unit"))
    request.show_territory_picker = True  # type: ignore[attr-defined]
    request.territory = territory  # type: ignore[attr-defined]
    today = timezone.localdate()

    def build() -> str:
        context = progress_context(user=user, territory=territory, period_code=request.GET.get("period"), today=today)
        return render_to_string("plans/_dashboard_body.html", context)

    vary = [territory.path if territory else "", *sel.scope_prefixes(user, territory), today.isoformat()]
    return {
        "territory": territory,
        "title": territory.name if territory else _("Kyrgyz Republic"),
        "body": pagecache.fragment(
            rollups.PAGES,
            request,
            build=build,
            vary=vary,
            within=territory.path if territory else "",
            params=("period",),  # the territory is in `vary`, however it was asked for
            part="dashboard",
        ),
        "job_params": json.dumps({"unit": territory.code if territory else "", "lang": current_lang()}),
    }


def warm(path: str, query: QueryDict) -> None:
    """Render the figures of the territory at `path` ("" the country) for its readers whose scope is all of it, with
    the query they asked with (a period), before they ask (tendik.core.pagecache, "warm"): through
    `dashboard_context`, as a reader would."""
    request = pagecache.reader_request(query, unit=AdministrativeUnit.code_at(path))
    request.user = reader_of_everything()
    dashboard_context(request)


def export_context(request: HttpRequest) -> dict[str, Any]:
    """The dashboard's figures for the territory asked for, uncached (the PDF and Excel downloads)."""
    territory = sel.unit_for_dashboard(user=request.user, code=request.GET.get("unit"))
    return progress_context(user=request.user, territory=territory, period_code=request.GET.get("period"))


def progress_context(
    *, user: Any, territory: AdministrativeUnit | None, period_code: str | None, today: dt.date | None = None
) -> dict[str, Any]:
    """Everything the dashboard and the progress PDF / Excel show for a territory (None: the country), on `today`
    (the measures past their end, the reports missing)."""
    every_period, periods = sel.periods_and_report_periods(user=user, territory=territory)
    period = next((p for p in periods if p.code == period_code), periods[0] if periods else None)
    series = [
        s
        for s in indicator_series(
            indicators=indicators_for_dashboard(), territory=territory, periods=every_period, last=CHART_POINTS
        )
        if s.points
    ]
    for s in series:
        s.chart = charts.indicator_chart(s)  # type: ignore[attr-defined]
    # The local measures are counted once (by sub-unit, plan and status) for the cards, the charts and the table.
    sums = sel.measure_sums(user=user, territory=territory, today=today or timezone.localdate())
    budget = sel.budget_by_source(user=user, territory=territory, sums=sums)
    by_plan = progress_by_plan(user=user, territory=territory, sums=sums)
    return {
        "by_plan": by_plan,
        "progress_chart": charts.plan_progress_chart(by_plan) if by_plan else None,
        "status_chart": charts.measure_status_chart(by_plan) if by_plan else None,
        "territory": territory,
        "title": territory.name if territory else _("Kyrgyz Republic"),
        "periods": periods,
        "period": period,
        "series": series,
        "budget": budget,
        "budget_total": (sum(b.planned for b in budget), sum(b.spent for b in budget)),
        "statuses": sel.measure_statuses(user=user, territory=territory, sums=sums),
        "rows": sel.children(user=user, territory=territory, period=period, sums=sums),
        "flags": sel.flags(user=user, territory=territory, today=sums.today, sums=sums),
    }


@plans_view
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "plans/dashboard.html", dashboard_context(request))
