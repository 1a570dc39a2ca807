"""The consolidated report of a consultation series (PDF or Word, in any of the three languages) as a background job
(tendik.jobs): the user starts it from the report page and downloads it from the job page."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from tendik.consultations import selectors
from tendik.jobs.registry import Progress, register

KIND = "consultations.report"
FORMATS = ("pdf", "docx")


def _series(user: Any, params: dict[str, Any]) -> Any:
    return selectors.series_list(user).get(code=str(params.get("series", "")))


def allowed(user: Any, params: dict[str, Any]) -> bool:
    if str(params.get("format", "pdf")) not in FORMATS:
        return False
    return selectors.series_list(user).filter(code=str(params.get("series", ""))).exists()


def title(params: dict[str, Any]) -> str:
    return _("Consolidated report of the consultations (%(format)s)") % {
        "format": str(params.get("format", "pdf")).upper()
    }


def run(params: dict[str, Any], user: Any, progress: Progress) -> tuple[str, str, bytes]:
    from tendik.consultations.documents import build

    series = _series(user, params)
    progress(20, _("Writing the file"))
    f = build.report_file(series, fmt=str(params.get("format", "pdf")), lang=str(params.get("lang") or "ru"))
    return f.filename, f.content_type, f.content


def register_jobs() -> None:
    from tendik.consultations.import_jobs import register_import_jobs

    register(KIND, title=title, run=run, allowed=allowed)
    register_import_jobs()
