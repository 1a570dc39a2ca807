"""Shared pieces of the web layer: sign-in and permission guards, language of generated documents."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

from tendik.accounts.permissions import has_perm
from tendik.accounts.roles import Perm


def signed_in(
    perm: Perm = Perm.CONSULTATIONS_VIEW,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Anonymous → sign-in page; signed in without `perm` anywhere → 403. Scope is checked by the view."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_perm(request.user, perm):
                raise PermissionDenied(perm.value)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def doc_lang(request: HttpRequest) -> str:
    lang = request.GET.get("lang") or (get_language() or "ru")[:2]
    return lang if lang in ("ru", "ky", "en") else "ru"


def file_response(generated: Any) -> HttpResponse:
    response = HttpResponse(generated.content, content_type=generated.content_type)
    response["Content-Disposition"] = f'attachment; filename="{generated.filename}"'
    return response


def form_errors_from(exc: Any, form: Any) -> None:
    """Put a service's ValidationError next to the form's fields (unknown fields go to the top)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
