"""Public pages: the hierarchy with search, a unit's page, the map, and the territory picker partial."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tendik.geography import figures, selectors
from tendik.geography.choropleth import choropleth
from tendik.geography.forms import UnitSearchForm
from tendik.geography.maps import Map
from tendik.geography.models import AdministrativeUnit, UnitLevel
from tendik.geography.permissions import can_manage_territories

PAGE_SIZE = 50
PICKER_SIZE = 15


def unit_url(unit: AdministrativeUnit) -> str:
    return reverse("geography:unit", args=[unit.code])


def _get_unit(request: HttpRequest, code: str) -> AdministrativeUnit:
    try:
        return selectors.unit_get(user=request.user, code=code)
    except AdministrativeUnit.DoesNotExist as exc:
        raise Http404(_("No territorial unit has this code.")) from exc


def _is_htmx_for(request: HttpRequest, target: str) -> bool:
    return request.headers.get("HX-Request") == "true" and request.headers.get("HX-Target") == target


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The hierarchy (oblasts → rayons and cities → municipalities) with search and the map of oblasts."""
    form = UnitSearchForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    searching = bool(data.get("q") or data.get("level"))
    context: dict = {"form": form, "searching": searching}
    if searching:
        units = selectors.units_list(
            user=request.user,
            level=data.get("level") or None,
            query=data.get("q"),
            include_closed=bool(data.get("closed")),
        )
        page = Paginator(units, PAGE_SIZE).get_page(request.GET.get("page"))
        params = request.GET.copy()
        params.pop("page", None)
        context.update(page=page, query_string=params.urlencode())
    else:
        context["tree"] = selectors.hierarchy_top(user=request.user)
    if _is_htmx_for(request, "unit-results"):
        return render(request, "geography/_results.html", context)
    top = [u for u, _children in context["tree"]] if "tree" in context else selectors.top_units(user=request.user)
    context["map"] = selectors.map_of(units=top, href=unit_url, label=_("Map of the oblasts of Kyrgyzstan"))
    context["can_manage"] = can_manage_territories(request.user)
    return render(request, "geography/index.html", context)


@require_GET
def unit_children(request: HttpRequest, code: str) -> HttpResponse:
    """HTMX partial: the current units directly under a unit, as a list of links."""
    unit = _get_unit(request, code)
    children = list(selectors.unit_children(unit=unit))
    return render(request, "geography/_children.html", {"unit": unit, "children": children})


def _unit_map(
    unit: AdministrativeUnit, ancestors: list[AdministrativeUnit], children: list[AdministrativeUnit], drawn: set[int]
) -> Map | None:
    """Children if they have boundaries; else the unit (or its nearest ancestor with one) among its siblings."""
    label = _("Map of %(name)s") % {"name": unit.name}
    if any(c.pk in drawn for c in children):
        return selectors.map_of(units=children, href=unit_url, label=label)
    focus = next((u for u in [unit, *reversed(ancestors)] if u.pk in drawn), None)
    if focus is None:
        return None
    siblings = list(AdministrativeUnit.objects.current().filter(parent_id=focus.parent_id)) if focus.parent_id else []
    return selectors.map_of(units=[focus], context=siblings, focus=focus, href=unit_url, label=label)


@require_GET
def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    unit = _get_unit(request, code)
    show_closed = request.GET.get("closed") == "1"
    ancestors = selectors.unit_ancestors(unit=unit)
    children = list(selectors.unit_children(unit=unit, include_closed=show_closed))
    current_children = [c for c in children if c.is_current]
    drawn = selectors.units_with_boundary(units=[unit, *ancestors, *current_children])
    names = selectors.unit_names(unit=unit)
    return render(
        request,
        "geography/unit.html",
        {
            "unit": unit,
            "ancestors": ancestors,
            "children": children,
            "show_closed": show_closed,
            "names": names,
            "history": selectors.unit_history(user=request.user, unit=unit, names=names),
            "map": _unit_map(unit, ancestors, current_children, drawn),
            "has_boundary": unit.pk in drawn,
        },
    )


def _map_units(request: HttpRequest, by_rayon: bool, within: AdministrativeUnit | None) -> list[AdministrativeUnit]:
    if within is not None:
        return list(selectors.unit_children(unit=within))
    if by_rayon:  # units without a stored boundary (Bishkek's districts) are left out by map_of
        return list(AdministrativeUnit.objects.current().filter(level__in=[UnitLevel.RAYON, UnitLevel.CITY]))
    return selectors.top_units(user=request.user)


@require_GET
def map_view(request: HttpRequest) -> HttpResponse:
    """The country by oblasts or by rayons and cities (or one unit's parts), drawn server-side; with `?figure=`,
    a thematic map of a figure registered by another module (tendik.geography.figures), with its table."""
    by_rayon = request.GET.get("level") == "rayon"
    within = _get_unit(request, request.GET["within"]) if request.GET.get("within") else None
    units = _map_units(request, by_rayon, within)
    available = figures.figures_for(request.user)
    figure = next((f for f in available if f.key == request.GET.get("figure")), None)
    if within is not None:
        label = _("Map of %(name)s") % {"name": within.name}
    elif by_rayon:
        label = _("Map of the rayons and cities of Kyrgyzstan")
    else:
        label = _("Map of the oblasts of Kyrgyzstan")
    context: dict = {
        "by_rayon": by_rayon,
        "within": within,
        "units": units,
        "figures": available,
        "figure": figure,
        "groups": _figure_groups(available),
    }
    if figure is not None:

        def drill(unit: AdministrativeUnit) -> str:
            if unit.level == UnitLevel.OBLAST:
                return f"{reverse('geography:map')}?{urlencode({'figure': figure.key, 'within': unit.code})}"
            return unit_url(unit)

        context["thematic"] = choropleth(
            units=units,
            values=figure.values(request.user, units),
            title=f"{figure.label} · {label}",
            value_label=figure.value_label,
            href=drill,
            percent=figure.percent,
            decimals=figure.decimals,
            note=figure.note,
        )
    else:
        context["map"] = selectors.map_of(units=units, href=unit_url, label=label)
    return render(request, "geography/map.html", context)


def _figure_groups(available: list[figures.MapFigure]) -> list[tuple[str, list[figures.MapFigure]]]:
    groups: dict[str, list[figures.MapFigure]] = {}
    for f in available:
        groups.setdefault(f.group, []).append(f)
    return list(groups.items())


def _next_path(request: HttpRequest) -> str:
    """The page the picker sits on (?next=, else HTMX's HX-Current-URL), as a local path with its query."""
    candidate = request.GET.get("next") or request.headers.get("HX-Current-URL") or ""
    if candidate and url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()}):
        parts = urlsplit(candidate)
        if parts.path.startswith("/"):
            return parts.path + (f"?{parts.query}" if parts.query else "")
    return reverse("geography:index")


def picked_url(next_path: str, code: str) -> str:
    """`next_path` with ?unit=<code>, keeping its other parameters (but no stale picker query)."""
    parts = urlsplit(next_path)
    params = QueryDict(parts.query, mutable=True)
    for key in ("unit", "territory_q", "page"):
        params.pop(key, None)
    query = params.urlencode()
    return f"{parts.path}?{query + '&' if query else ''}{urlencode({'unit': code})}"


@require_GET
def picker(request: HttpRequest) -> HttpResponse:
    """HTMX partial for the territory picker: a <ul> of matching current units, each linking to the page the
    picker is on with ?unit=<code>."""
    query = (request.GET.get("territory_q") or request.GET.get("q") or "").strip()[:100]
    if not query:
        return HttpResponse("")
    next_path = _next_path(request)
    units = list(selectors.units_list(user=request.user, query=query)[:PICKER_SIZE])
    items = [{"unit": u, "href": picked_url(next_path, u.code)} for u in units]
    return render(request, "geography/_picker.html", {"items": items, "query": query})
