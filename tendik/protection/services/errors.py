"""Errors raised by protection services."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class InvalidTransition(ValidationError):
    def __init__(self, current: str, target: str) -> None:
        super().__init__(
            _("Cannot move from “%(current)s” to “%(target)s”."),
            code="invalid_transition",
            params={"current": current, "target": target},
        )


class ConsentRequired(ValidationError):
    def __init__(self, message: Any = None) -> None:
        super().__init__(
            message or _("The survivor has not consented to this disclosure to this organisation."),
            code="consent_required",
        )


class StaleVersion(Exception):
    """Someone saved the case after this editor opened it; `diff` lists what differs, field by field.

    Each diff item: {"field", "label", "yours", "theirs", "hidden"}; identity values are hidden (None) for editors
    who may not see identities.
    """

    def __init__(self, *, current_version: int, diff: list[dict[str, Any]]) -> None:
        super().__init__("stale version")
        self.current_version = current_version
        self.diff = diff
