"""Open-data downloads: each public table as CSV / Excel / JSON, the data package and the Open SDG files."""

from __future__ import annotations

import json
from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.cache import cache_page
from django.views.decorators.http import require_GET

from tendik.core import pagecache
from tendik.core.i18n import pick
from tendik.geography.models import AdministrativeUnit
from tendik.portal import datasets, opendata
from tendik.portal.exports import CONTENT_TYPES, RENDERERS

CACHE_SECONDS = 300


def _unit(request: HttpRequest) -> AdministrativeUnit | None:
    code = request.GET.get("place")
    if not code:
        return None
    unit = AdministrativeUnit.objects.filter(code=code).first()
    if unit is None:
        raise Http404
    return unit


def _year(request: HttpRequest) -> int | None:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() and len(value) == 4 else None


@require_GET
def download(request: HttpRequest, key: str, fmt: str) -> HttpResponse:
    if key not in datasets.DATASETS or fmt not in RENDERERS:
        raise Http404
    unit = _unit(request)
    dataset = datasets.build(key, unit=unit, year=_year(request))
    response = HttpResponse(RENDERERS[fmt](dataset), content_type=CONTENT_TYPES[fmt])
    place = unit.code if unit else "kg"
    response["Content-Disposition"] = f'attachment; filename="tendik-{key}-{place}.{fmt}"'
    return response


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    from tendik.portal import tables  # noqa: F401  (fills the registry)

    return render(
        request,
        "portal/public/opendata.html",
        {
            "datasets": [(key, title) for key, (title, _b) in datasets.DATASETS.items()],
            "indicators": [
                (opendata.sdg_id(s.indicator), pick(s.indicator, "name"))
                for s in opendata.national_series()
                if s.points
            ],
        },
    )


def _cached(key: str, build: Callable[[], bytes]) -> bytes:
    """The file from the cache, or built once for every process (the others wait for it: pagecache.get_or_build)."""
    content, _built = pagecache.get_or_build(key, build, CACHE_SECONDS)
    return content  # type: ignore[no-any-return]


@require_GET
@cache_page(CACHE_SECONDS)
def package_json(request: HttpRequest) -> HttpResponse:
    package, _files = opendata.datapackage()
    return HttpResponse(json.dumps(package, ensure_ascii=False, indent=1), content_type="application/json")


@require_GET
def package_zip(request: HttpRequest) -> HttpResponse:
    """The whole data package. Built once every few minutes for everyone; staff can also prepare it as a job."""
    response = HttpResponse(_cached("portal:datapackage.zip", opendata.datapackage_zip), content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="tendik-datapackage.zip"'
    return response


@require_GET
def opensdg_zip(request: HttpRequest) -> HttpResponse:
    lang = get_language() or "ru"
    response = HttpResponse(_cached(f"portal:opensdg.zip:{lang}", opendata.opensdg_zip), content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="tendik-open-sdg.zip"'
    return response


@require_GET
def opensdg_csv(request: HttpRequest, indicator: str) -> HttpResponse:
    series = next((s for s in opendata.national_series() if opendata.sdg_id(s.indicator) == indicator), None)
    if series is None:
        raise Http404
    response = HttpResponse(opendata.opensdg_csv(series), content_type=CONTENT_TYPES["csv"])
    response["Content-Disposition"] = f'attachment; filename="indicator_{indicator}.csv"'
    return response
