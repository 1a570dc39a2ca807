"""The public page: recommendations and their published status, without login and without personal data."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string

from tendik.consultations import selectors
from tendik.consultations.forms import FilterForm
from tendik.consultations.services.answers import initial_state
from tendik.core import pagecache
from tendik.core.pagination import TwoStepPaginator
from tendik.plans.selectors.public import measure_progress_since

PUBLIC_LIST = "consultations-public-list"


def public_list(request: HttpRequest) -> HttpResponse:
    return render(request, "consultations/public_list.html", {"body": list_part(request)})


def list_part(request: HttpRequest) -> str:
    """The same for every visitor: the list part is rendered once per data generation, language and query (and
    again, after a change, for the queries read lately: tendik.core.pagecache, "warm")."""

    def build() -> str:
        form = FilterForm(request.GET or None)
        qs = selectors.public_recommendations_listed(form.filters()).order_by("series", "order", "id")
        page = TwoStepPaginator(qs, 30).get_page(request.GET.get("page"))
        params = request.GET.copy()
        params.pop("page", None)
        context = {
            "request": request,
            "form": form,
            "page": page,
            "initial_state": next((s for s in form.states if s.is_initial), None) or initial_state(),
            "query": params.urlencode(),
        }
        return render_to_string("consultations/_public_list_body.html", context)

    return pagecache.fragment(PUBLIC_LIST, request, build=build, part="public list")


def public_detail(request: HttpRequest, code: str) -> HttpResponse:
    rec = get_object_or_404(selectors.public_recommendations(), code=code)
    answer = rec.published_answer
    progress = (
        list(measure_progress_since(measure=answer.implementing_measure, since=answer.published_at)[:50])
        if answer is not None and answer.implementing_measure_id
        else []
    )
    return render(
        request,
        "consultations/public_detail.html",
        {
            "rec": rec,
            "initial_state": initial_state(),
            "events": selectors.timeline(rec, public=True),
            "measures": rec.measures.select_related("plan"),
            "progress": progress,
        },
    )
