from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from tendik.audit.context import acting_as


def client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


class AuditContextMiddleware:
    """Makes the request's user and address available to the audit trail for the whole request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        actor = user if user is not None and user.is_authenticated else None
        source = "api" if request.path.startswith("/api/") else "web"
        with acting_as(actor, ip=client_ip(request), user_agent=request.META.get("HTTP_USER_AGENT", ""), source=source):
            return self.get_response(request)
