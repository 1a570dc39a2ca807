"""Who may do what with territories. Reading them is public; changing them is a national administrator's job."""

from __future__ import annotations

from typing import Any

from tendik.accounts.permissions import has_perm, is_national
from tendik.accounts.roles import Perm


def can_manage_territories(user: Any) -> bool:
    """An import rewrites the whole country's list, so a territorial scope is not enough: national scope only."""
    return is_national(user, Perm.MANAGE_TERRITORIES)


def can_view_unit_history(user: Any) -> bool:
    return has_perm(user, Perm.VIEW_AUDIT) or can_manage_territories(user)
