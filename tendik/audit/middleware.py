from __future__ import annotations

import ipaddress
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from tendik.audit.context import acting_as


def client_ip(request: HttpRequest) -> str | None:
    """The client's address, read from the same headers as the login lockout (AXES_IPWARE_META_PRECEDENCE_ORDER).

    From X-Forwarded-For the last entry is taken: the one our own proxy appended, which a client cannot forge.
    Anything that is not an IP address is ignored rather than written to the trail.
    """
    for key in getattr(settings, "AXES_IPWARE_META_PRECEDENCE_ORDER", ["REMOTE_ADDR"]):
        raw = request.META.get(key, "")
        candidate = raw.split(",")[-1].strip() if raw else ""
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return None


class AuditContextMiddleware:
    """Makes the request's user and address available to the audit trail for the whole request.

    The user is read when an audit row is written, not here: API token users are known only inside the view.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        source = "api" if request.path.startswith("/api/") else "web"
        with acting_as(
            None,
            ip=client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
            source=source,
            request=request,
        ):
            return self.get_response(request)
