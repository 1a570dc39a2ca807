"""The progress report of a territory (PDF or Excel) as a background job (tendik.jobs): for the country or an oblast
the file takes a while, so the user starts it from the dashboard and downloads it from the job page."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from tendik.accounts.permissions import has_perm
from tendik.accounts.roles import Perm
from tendik.core.i18n import LANGUAGES
from tendik.core.pdf import render_pdf
from tendik.geography.models import AdministrativeUnit
from tendik.jobs.registry import Progress, register

KIND = "plans.progress"
TYPES = {"pdf": "application/pdf", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _territory(params: dict[str, Any]) -> AdministrativeUnit | None:
    code = str(params.get("unit") or "")
    return AdministrativeUnit.objects.get(code=code) if code else None


def allowed(user: Any, params: dict[str, Any]) -> bool:
    if str(params.get("format", "pdf")) not in TYPES or not has_perm(user, Perm.PLANS_VIEW):
        return False
    try:
        territory = _territory(params)
    except AdministrativeUnit.DoesNotExist:
        return False
    return territory is None or has_perm(user, Perm.PLANS_VIEW, unit=territory)


def title(params: dict[str, Any]) -> str:
    return _("Progress report (%(format)s)") % {"format": str(params.get("format", "pdf")).upper()}


def run(params: dict[str, Any], user: Any, progress: Progress) -> tuple[str, str, bytes]:
    from tendik.plans.excel import exports as xl
    from tendik.plans.views.dashboard import progress_context

    fmt = str(params.get("format", "pdf"))
    lang = str(params.get("lang") or "ru")
    lang = lang if lang in LANGUAGES else "ru"
    territory = _territory(params)
    with translation.override(lang):
        progress(10, _("Counting the figures"))
        context = progress_context(user=user, territory=territory, period_code=params.get("period"))
        progress(50, _("Writing the file"))
        if fmt == "xlsx":
            content = xl.progress_xlsx(
                title=context["title"], budget=context["budget"], rows=context["rows"], series=context["series"]
            )
        else:
            content = render_pdf("plans/pdf/progress.html", context, language=lang)
    name = slugify("progress-" + (territory.code if territory else "kg"))
    return f"{name}.{fmt}", TYPES[fmt], content


def register_jobs() -> None:
    from tendik.plans.import_jobs import register_import_jobs

    register(KIND, title=title, run=run, allowed=allowed)
    register_import_jobs()
