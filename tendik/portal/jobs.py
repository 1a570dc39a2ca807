"""Background job: the whole open-data package as a zip, with progress (for staff; the public gets a cached copy)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from tendik.jobs.registry import Progress, register
from tendik.portal import opendata

KIND = "portal.datapackage"


def title(params: dict[str, Any]) -> str:
    return _("Open data package")


def allowed(user: Any, params: dict[str, Any]) -> bool:
    return bool(getattr(user, "is_authenticated", False))  # public data: any signed-in user may prepare it


def run(params: dict[str, Any], user: Any, progress: Progress) -> tuple[str, str, bytes]:
    content = opendata.datapackage_zip(progress)
    progress(95, _("Packing the files"))
    return "tendik-datapackage.zip", "application/zip", content


def register_jobs() -> None:
    register(KIND, title=title, run=run, allowed=allowed)
