"""Small template helpers shared by every app."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.http import QueryDict
from django.urls import reverse

from tendik.core.numbers import format_amount, format_number

register = template.Library()


@register.inclusion_tag("core/_quick_exit.html")
def quick_exit() -> dict[str, str]:
    """The quick-exit button of sensitive pages: leaves for a neutral page and replaces the history entry."""
    return {"exit_url": settings.TENDIK_QUICK_EXIT_URL, "blank_url": reverse("core:blank")}


@register.filter
def amount(value: Any, arg: str = "") -> str:
    """`{{ x|amount }}` → "12 500 сом" in the active language; `{{ x|amount:"plain" }}` → "12 500" (for a column
    whose header already says "som"). The one way to show money (tendik.core.numbers)."""
    return format_amount(value, unit=arg != "plain")


@register.filter
def number(value: Any, decimals: Any = None) -> str:
    """`{{ x|number }}`: grouped by thousands as the language writes it, up to two decimals (`number:1` for one)."""
    return format_number(value, None if decimals in (None, "") else int(decimals))


@register.filter
def filters_set(query: QueryDict) -> bool:
    """Does the query string set a filter (any value but the page number)? Then the filters' disclosure opens."""
    return any(value for key, values in query.lists() if key != "page" for value in values)
