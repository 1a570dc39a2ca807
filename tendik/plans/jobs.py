"""The report template upload as a background import (tendik.jobs): checked, previewed, then written on confirm."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _

from tendik.jobs.registry import register_import
from tendik.plans import permissions as plan_perms
from tendik.plans.excel.report_template import ReportImport
from tendik.plans.models import ProgressReport
from tendik.plans.selectors import reports as report_sel

KIND = "plans.report_import"


def _report(user: Any, params: dict[str, Any]) -> ProgressReport:
    return report_sel.report_get(user=user, pk=int(params["report"]))


def allowed(user: Any, params: dict[str, Any]) -> bool:
    try:
        return plan_perms.may_edit_report(user, _report(user, params))
    except (Http404, KeyError, TypeError, ValueError):
        return False


def title(params: dict[str, Any]) -> str:
    return _("Report upload: %(name)s") % {"name": params.get("name", "")}


def importer(params: dict[str, Any], user: Any) -> ReportImport:
    return ReportImport(report=_report(user, params), actor=user)


def register_jobs() -> None:
    register_import(KIND, title=title, importer=importer, allowed=allowed)
