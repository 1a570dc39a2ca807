from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from tendik.accounts.permissions import requires_two_factor

_LAST_SEEN = "tendik_last_seen"


class IdleLogoutMiddleware:
    """Logs a session out after TENDIK_IDLE_TIMEOUT_SECONDS without a request (shared phones, shared offices)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = int(time.time())
            last = request.session.get(_LAST_SEEN)
            if last is not None and now - int(last) > settings.TENDIK_IDLE_TIMEOUT_SECONDS:
                logout(request)
                messages.info(request, _("You were signed out after a period of inactivity."))
                if request.path.startswith("/api/"):
                    return JsonResponse(
                        {"error": {"code": "session_expired", "message": _("Session expired."), "fields": {}}},
                        status=401,
                    )
                return redirect(f"{reverse(settings.LOGIN_URL)}?next={request.path}")
            request.session[_LAST_SEEN] = now
        return self.get_response(request)


_ALLOWED_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/healthz", "/admin/logout/")


class TwoFactorRequiredMiddleware:
    """Users whose roles can reach survivors' identities, and administrators, must pass a TOTP check.

    Until they have verified a device in this session they can only reach the sign-in and set-up pages.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(_ALLOWED_PREFIXES)
            and requires_two_factor(user)
            and not user.is_verified()
            and not getattr(request, "_tendik_token_auth", False)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"error": {"code": "two_factor_required",
                               "message": _("Two-factor verification is required for this account."), "fields": {}}},
                    status=403,
                )
            return redirect(f"{reverse('accounts:two_factor')}?next={request.path}")
        return self.get_response(request)
