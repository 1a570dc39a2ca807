from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from tendik.accounts.permissions import requires_two_factor

_LAST_SEEN = "tendik_last_seen"
# Set in the fresh session after an idle logout; the sign-in page pops it to say why the user is there.
IDLE_FLAG = "tendik_idle_logout"


def _with_next(url: str, request: HttpRequest) -> str:
    return f"{url}?{urlencode({'next': request.get_full_path()})}"


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
                # The message framework is not set up yet at this point of the stack: leave a flag instead.
                request.session[IDLE_FLAG] = True
                if request.path.startswith("/api/"):
                    return JsonResponse(
                        {"error": {"code": "session_expired", "message": _("Session expired."), "fields": {}}},
                        status=401,
                    )
                return redirect(_with_next(reverse(settings.LOGIN_URL), request))
            if last is None or now - int(last) >= touch_every():
                request.session[_LAST_SEEN] = now
        return self.get_response(request)


def touch_every() -> int:
    """Seconds between two writes of the last-seen time: a tenth of the idle timeout, at most a minute. Reading pages
    inside that window saves no session (three queries fewer a request); a session may then end up to that much
    earlier than the timeout, never later."""
    return max(1, min(60, settings.TENDIK_IDLE_TIMEOUT_SECONDS // 10))


_ALWAYS_OPEN_PREFIXES = ("/static/", "/i18n/", "/jsi18n/", "/healthz", "/admin/logout/")
_OPEN_URL_NAMES = ("accounts:login", "accounts:logout", "accounts:two_factor")


def _is_open(path: str) -> bool:
    return path.startswith(_ALWAYS_OPEN_PREFIXES) or path in {reverse(name) for name in _OPEN_URL_NAMES}


class TwoFactorRequiredMiddleware:
    """Users whose roles can reach survivors' identities, and administrators, must pass a TOTP check.

    Until they have verified a device in this session they can only reach the sign-in, sign-out and two-factor
    pages. API requests with a token are not seen here (DRF authenticates tokens inside the view): tokens are
    issued only from a verified session, see accounts.views.tokens.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not _is_open(request.path)
            and requires_two_factor(user)
            and not user.is_verified()
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {
                        "error": {
                            "code": "two_factor_required",
                            "message": _("Two-factor verification is required for this account."),
                            "fields": {},
                        }
                    },
                    status=403,
                )
            return redirect(_with_next(reverse("accounts:two_factor"), request))
        return self.get_response(request)
