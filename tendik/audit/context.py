"""Who is acting and from where, for the audit trail.

The middleware sets this for every request; management commands and tasks set it with `acting_as`.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class AuditContext:
    actor: Any = None  # a User or None (system)
    ip: str | None = None
    user_agent: str = ""
    source: str = "system"  # web, api, command, task, system
    # The request, when the actor is only known later: DRF authenticates API tokens inside the view and then
    # sets request.user on the underlying HttpRequest, after the middleware has run.
    request: Any = None

    def resolved_actor(self) -> Any:
        if self.actor is not None:
            return self.actor
        user = getattr(self.request, "user", None) if self.request is not None else None
        if user is not None and getattr(user, "is_authenticated", False):
            return user
        return None


_SYSTEM = AuditContext()
_current: contextvars.ContextVar[AuditContext] = contextvars.ContextVar("tendik_audit_context", default=_SYSTEM)


def current() -> AuditContext:
    return _current.get()


@contextlib.contextmanager
def acting_as(
    actor: Any = None, *, ip: str | None = None, user_agent: str = "", source: str = "system", request: Any = None
) -> Iterator[None]:
    token = _current.set(AuditContext(actor=actor, ip=ip, user_agent=user_agent[:255], source=source, request=request))
    try:
        yield
    finally:
        _current.reset(token)
