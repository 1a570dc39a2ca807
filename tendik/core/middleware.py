from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class ContentSecurityPolicyMiddleware:
    """Sets a strict Content-Security-Policy: every asset comes from Tendik itself."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", settings.CSP_POLICY)
        response.setdefault("Permissions-Policy", "geolocation=(), camera=(), microphone=()")
        return response


_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class SqliteReadsMiddleware:
    """On SQLite, pages that only read do not take the write lock.

    Requests are transactions (ATOMIC_REQUESTS) and SQLite's are IMMEDIATE, so that two saves wait for each other
    instead of failing. Taken by every request, that lock made the whole site one queue: under load a page waited more
    than the busy timeout and failed with "database is locked" (the load test, docs/operations.md). Here GET, HEAD
    and OPTIONS run in a DEFERRED transaction: in WAL mode reads never wait for writers. A page that also writes (an
    access-log entry) and lost the race to a newer commit fails with "database is locked" at once; it is run once more
    in an IMMEDIATE transaction, which waits for the lock like any save. On PostgreSQL this does nothing.
    """

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.db import connection

        if connection.vendor != "sqlite" or request.method not in _SAFE_METHODS:
            return self.get_response(request)
        connection.ensure_connection()  # connecting sets the configured mode; set ours after it
        previous = connection.transaction_mode  # type: ignore[attr-defined]
        connection.transaction_mode = "DEFERRED"  # type: ignore[attr-defined]
        try:
            return self.get_response(request)
        finally:
            connection.transaction_mode = previous  # type: ignore[attr-defined]

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from django.db import OperationalError, connection, transaction

        if (
            connection.vendor != "sqlite"
            or request.method not in _SAFE_METHODS
            or not isinstance(exception, OperationalError)
            or "locked" not in str(exception)
            or getattr(request, "_tendik_read_retried", False)
            or request.resolver_match is None
        ):
            return None
        request._tendik_read_retried = True  # type: ignore[attr-defined]
        connection.transaction_mode = "IMMEDIATE"  # type: ignore[attr-defined]
        match = request.resolver_match
        with transaction.atomic():
            response: HttpResponse = match.func(request, *match.args, **match.kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
        return response
