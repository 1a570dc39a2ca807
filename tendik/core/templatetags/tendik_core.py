"""Small template helpers shared by every app."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.http import QueryDict
from django.urls import reverse

register = template.Library()


@register.inclusion_tag("core/_quick_exit.html")
def quick_exit() -> dict[str, str]:
    """The quick-exit button of sensitive pages: leaves for a neutral page and replaces the history entry."""
    return {"exit_url": settings.TENDIK_QUICK_EXIT_URL, "blank_url": reverse("core:blank")}


@register.filter
def filters_set(query: QueryDict) -> bool:
    """Does the query string set a filter (any value but the page number)? Then the filters' disclosure opens."""
    return any(value for key, values in query.lists() if key != "page" for value in values)
