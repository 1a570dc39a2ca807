"""Plan browser (tree and search in three languages) and the measure page: public, no sign-in needed."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tendik.plans import permissions as plan_perms
from tendik.plans.extensions import measure_panels
from tendik.plans.forms import SearchForm
from tendik.plans.selectors import catalogue as sel
from tendik.plans.views.common import catalogue_view, is_htmx

SEARCH_LIMIT = 50


@catalogue_view
def index(request: HttpRequest) -> HttpResponse:
    """The plans, current ones first, and a search across all measures."""
    form = SearchForm(request.GET or None)
    query = form.data.get("q", "") if form.is_bound else ""
    results = list(sel.measure_search(user=request.user, query=query)[:SEARCH_LIMIT]) if query else []
    context = {"form": form, "query": query, "results": results, "limit": SEARCH_LIMIT}
    if is_htmx(request):
        return render(request, "plans/_search_results.html", context)
    plans = list(sel.plans_list(user=request.user))
    context |= {"current": [p for p in plans if p.is_current], "history": [p for p in plans if not p.is_current]}
    return render(request, "plans/index.html", context)


@catalogue_view
def plan_detail(request: HttpRequest, code: str) -> HttpResponse:
    plan = sel.plan_get(user=request.user, code=code)
    form = SearchForm(request.GET or None)
    query = form.data.get("q", "") if form.is_bound else ""
    areas = sel.plan_tree(plan=plan, query=query)
    context = {"plan": plan, "areas": areas, "form": form, "query": query}
    if is_htmx(request):
        return render(request, "plans/_tree.html", context)
    return render(request, "plans/plan_detail.html", context)


@catalogue_view
def measure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    measure = sel.measure_get(user=request.user, pk=pk)
    signed_in = request.user.is_authenticated
    adoptions = list(sel.measure_adoptions(user=request.user, measure=measure)) if signed_in else []
    from tendik.plans.selectors.local import plans_to_adopt_into

    adopt_into = list(plans_to_adopt_into(user=request.user, measure=measure)[:20]) if signed_in else []
    return render(
        request,
        "plans/measure_detail.html",
        {
            "measure": measure,
            "adoptions": adoptions,
            "adopt_into": adopt_into,
            "signed_in": signed_in,
            "summary": sel.measure_adoption_summary(measure=measure),
            "panels": measure_panels(request.user, measure),
            "can_manage": plan_perms.may_manage_catalogue(request.user),
        },
    )
