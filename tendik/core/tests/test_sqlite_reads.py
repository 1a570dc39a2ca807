"""SQLite: reading pages take no write lock (DEFERRED); a read that lost a write race runs once more, IMMEDIATE."""

from __future__ import annotations

import pytest
from django.db import OperationalError, connection
from django.http import HttpResponse
from django.urls import ResolverMatch

from tendik.core.middleware import SqliteReadsMiddleware

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's transaction modes"),
]


def _mode(_request: object = None) -> HttpResponse:
    return HttpResponse(connection.transaction_mode)  # type: ignore[attr-defined]


def test_reads_are_deferred_and_writes_immediate(rf):
    middleware = SqliteReadsMiddleware(_mode)
    assert middleware(rf.get("/")).content == b"DEFERRED"
    assert middleware(rf.head("/")).content == b"DEFERRED"
    assert middleware(rf.post("/")).content == b"IMMEDIATE"
    assert connection.transaction_mode == "IMMEDIATE"  # type: ignore[attr-defined]  (restored)


def test_a_read_that_lost_the_lock_runs_once_more_immediate(rf):
    middleware = SqliteReadsMiddleware(_mode)
    request = rf.get("/")
    request.resolver_match = ResolverMatch(_mode, (), {})
    locked = OperationalError("database is locked")
    assert middleware.process_exception(request, locked).content == b"IMMEDIATE"
    assert middleware.process_exception(request, locked) is None  # only once
    other = rf.get("/")
    other.resolver_match = ResolverMatch(_mode, (), {})
    assert middleware.process_exception(other, OperationalError("no such table")) is None
    post = rf.post("/")
    post.resolver_match = ResolverMatch(_mode, (), {})
    assert middleware.process_exception(post, locked) is None  # a save is never run twice
