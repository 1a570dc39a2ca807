"""The recommendations upload as a background import (tendik.jobs): checked, previewed, then written on confirm."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from tendik.accounts.permissions import has_perm
from tendik.accounts.roles import Perm
from tendik.consultations.services.spreadsheet import RecommendationImport
from tendik.jobs.registry import register_import

KIND = "consultations.recommendations_import"


def allowed(user: Any, params: dict[str, Any]) -> bool:
    return has_perm(user, Perm.CONSULTATIONS_MANAGE)


def title(params: dict[str, Any]) -> str:
    return _("Recommendations upload: %(name)s") % {"name": params.get("name", "")}


def importer(params: dict[str, Any], user: Any) -> RecommendationImport:
    return RecommendationImport(actor=user)


def register_jobs() -> None:
    register_import(KIND, title=title, importer=importer, allowed=allowed)
