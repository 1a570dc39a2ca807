"""Every page and endpoint goes through the permission layer: anonymous visitors reach only the public ones."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

# Pages that are public by design: territories are reference data, the public recommendations page and open
# statistics carry no personal data, the national plan catalogue (browser, tree, measure page and its read API) is
# a set of public documents, the sign-in flow must be reachable, and the API docs describe the API.
PUBLIC = [
    r"^$",
    r"^about/$",
    r"^blank/$",
    r"^healthz$",
    r"^i18n/",
    r"^jsi18n/$",
    r"^accounts/login/$",
    r"^accounts/two-factor/",
    r"^accounts/password-reset",
    r"^territories/",
    r"^api/v1/geography/",
    r"^api/v1/schema/$",
    r"^api/v1/docs/$",
    r"^consultations/public/",
    r"^plans/$",
    r"^plans/p/<slug:code>/$",
    r"^plans/measures/<int:pk>/$",
    r"^api/v1/plans/\^(plans|measures|indicators)[/\\]",
    r"^api/v1/consultations/public/",
    r"^static/",
    r"^media/",
]


def _walk(patterns, prefix=""):  # type: ignore[no-untyped-def]
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p


def _concrete(route: str) -> str | None:
    """A URL for the route with placeholder values, or None when it needs a value we cannot invent."""
    route = route.lstrip("^").rstrip("$").replace("\\Z", "")
    if "(?P" in route or "(" in route:
        return None
    route = re.sub(r"<int:[^>]+>", "1", route)
    route = re.sub(r"<(?:str|slug|path):?[^>]*>", "x", route)
    route = re.sub(r"<[^>]+>", "1", route)
    return "/" + route


def anonymous_reachable_routes() -> list[str]:
    routes = []
    for route, _pattern in _walk(get_resolver().url_patterns):
        if route.startswith("admin/") or any(re.search(p, route) for p in PUBLIC):
            continue
        url = _concrete(route)
        if url:
            routes.append(url)
    return sorted(set(routes))


@pytest.mark.django_db
def test_no_private_page_or_endpoint_answers_an_anonymous_visitor() -> None:
    client = Client()
    leaks = []
    for url in anonymous_reachable_routes():
        response = client.get(url)
        if response.status_code == 200:
            leaks.append(url)
    assert not leaks, f"answered 200 without sign-in: {leaks}"


def test_the_route_list_covers_every_module() -> None:
    routes = anonymous_reachable_routes()
    for prefix in ("/plans/", "/consultations/", "/protection/", "/audit/", "/api/v1/plans/", "/api/v1/protection/"):
        assert any(r.startswith(prefix) for r in routes), prefix
