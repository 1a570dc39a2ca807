"""Errors raised by protection services."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tendik.core.concurrency import StaleVersion


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


# One guard for every edited record: protection's StaleVersion is the shared one (kept importable from here).
__all__ = ["ConsentRequired", "InvalidTransition", "StaleVersion"]
