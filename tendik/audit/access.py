"""Who may read the audit trail and the access log.

`audit` sits below `accounts` in the dependency order, so it cannot ask the permission layer directly. The
accounts app registers its check here when Django starts (AccountsConfig.ready); until something is registered,
nobody may read the trail (fail closed).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_viewer_check: Callable[[Any], bool] | None = None


def register_viewer_check(check: Callable[[Any], bool]) -> None:
    global _viewer_check
    _viewer_check = check


def may_view(user: Any) -> bool:
    if user is None or not getattr(user, "is_authenticated", False) or _viewer_check is None:
        return False
    return bool(_viewer_check(user))
