from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme

from tendik.accounts.models import User
from tendik.accounts.permissions import has_perm
from tendik.accounts.roles import Perm


def actor(request: HttpRequest) -> User:
    """The signed-in user of a view behind login_required / perm_required."""
    return cast(User, request.user)


def perm_required(perm: Perm) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Anonymous → sign-in page; signed in without `perm` anywhere → 403."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        @login_required
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not has_perm(request.user, perm):
                raise PermissionDenied(perm.value)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def is_local(request: HttpRequest, url: str) -> bool:
    """Does `url` stay on this site (no other host, no other scheme)?"""
    return bool(url) and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def safe_next(request: HttpRequest, default: str | None = None) -> str:
    """The `next` parameter if it points to this site, else `default` (the home page)."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    return candidate if is_local(request, candidate) else default or resolve_url(settings.LOGIN_REDIRECT_URL)


def paginate(request: HttpRequest, queryset: Any, per_page: int = 25) -> Page:
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
