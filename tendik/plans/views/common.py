from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from tendik.accounts.permissions import has_perm
from tendik.accounts.roles import Perm


def plans_view(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Anonymous → sign-in page; signed in without permission to see plans anywhere → 403."""

    @wraps(view)
    @login_required
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not has_perm(request.user, Perm.PLANS_VIEW):
            raise PermissionDenied(Perm.PLANS_VIEW.value)
        return view(request, *args, **kwargs)

    return wrapped


def catalogue_view(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """The national plan catalogue is public: the plans are public documents, open to everyone without sign-in.

    Only reads of the national catalogue use this; everything municipal stays behind `plans_view`.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return view(request, *args, **kwargs)

    return wrapped


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"
