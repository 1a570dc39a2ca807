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


_current: contextvars.ContextVar[AuditContext] = contextvars.ContextVar("tendik_audit_context", default=AuditContext())


def current() -> AuditContext:
    return _current.get()


@contextlib.contextmanager
def acting_as(actor: Any = None, *, ip: str | None = None, user_agent: str = "", source: str = "system") -> Iterator[None]:
    token = _current.set(AuditContext(actor=actor, ip=ip, user_agent=user_agent[:255], source=source))
    try:
        yield
    finally:
        _current.reset(token)
