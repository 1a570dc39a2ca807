"""Rate limits for public forms and endpoints (per address): one mechanism for every app.

How to use it: in a view, ``if not ratelimit.hit("vawp.submit", client_ip(request), limit=5, window=3600):``
refuse with 429; in DRF, ``throttle_classes = [ratelimit.throttle("vawp.submit", limit=5, window=3600)]``.
Counters live in the Django cache (configure a shared cache, e.g. database or Redis, when several processes
serve Tendik); keys are keyed hashes, so the cache never holds an address in clear.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.core.cache import cache

from tendik.core.crypto import keyed_hash


def _key(scope: str, who: str | None, window: int) -> str:
    bucket = int(time.time() // window)
    return f"tendik:rl:{scope}:{keyed_hash(who or 'unknown')[:32]}:{bucket}"


def hit(scope: str, who: str | None, *, limit: int, window: int) -> bool:
    """Count one attempt of `who` (an address) in `scope`; False once more than `limit` fall in one window."""
    key = _key(scope, who, window)
    if cache.add(key, 1, timeout=window + 5):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 5)
        count = 1
    return count <= limit


def throttle(scope: str, *, limit: int, window: int, ident: Callable[[Any], str | None] | None = None) -> type:
    """A DRF throttle class using the same counters (DRF is imported lazily: core does not depend on it)."""
    from rest_framework.throttling import BaseThrottle

    def _ident(request: Any) -> str | None:
        if ident is not None:
            return ident(request)
        return request.META.get("REMOTE_ADDR")

    class _Throttle(BaseThrottle):
        def allow_request(self, request: Any, view: Any) -> bool:
            return hit(scope, _ident(request), limit=limit, window=window)

        def wait(self) -> float:
            return float(window - time.time() % window)

    _Throttle.__name__ = f"RateLimit_{scope.replace('.', '_')}"
    return _Throttle
