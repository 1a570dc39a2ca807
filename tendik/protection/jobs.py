"""The committee report as a background job (large territories, PDF): registered with tendik.jobs."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from tendik.jobs.registry import Progress, register
from tendik.protection import exports
from tendik.protection.selectors.report import report_for
from tendik.protection.views.report import ScopeError, resolve_scope

KIND = "protection.report"
_TYPES = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "pdf": "application/pdf"}


def _parse(params: dict[str, Any]) -> tuple[dt.date, dt.date, str]:
    start = dt.date.fromisoformat(str(params["date_from"]))
    end = dt.date.fromisoformat(str(params["date_to"]))
    fmt = str(params.get("format", "pdf"))
    if fmt not in _TYPES or end < start:
        raise ValueError("bad report parameters")
    return start, end, fmt


def _scope(user: Any, params: dict[str, Any]) -> Any:
    committee = params.get("committee")
    return resolve_scope(user, unit_code=params.get("unit") or None, committee_id=int(committee) if committee else None)


def allowed(user: Any, params: dict[str, Any]) -> bool:
    try:
        _parse(params)
        _scope(user, params)
    except (PermissionDenied, ScopeError, ValueError, KeyError, TypeError):
        return False
    return True


def title(params: dict[str, Any]) -> str:
    return _("Committee report %(start)s – %(end)s (%(format)s)") % {
        "start": params.get("date_from"),
        "end": params.get("date_to"),
        "format": str(params.get("format", "")).upper(),
    }


def run(params: dict[str, Any], user: Any, progress: Progress) -> tuple[str, str, bytes]:
    start, end, fmt = _parse(params)
    progress(10, _("Counting the figures"))
    data = report_for(user=user, scope=_scope(user, params), date_from=start, date_to=end)
    progress(50, _("Writing the file"))
    content = exports.report_xlsx(data) if fmt == "xlsx" else exports.report_pdf(data)
    return f"committee-report-{start}-{end}.{fmt}", _TYPES[fmt], content


def register_jobs() -> None:
    register(KIND, title=title, run=run, allowed=allowed)
