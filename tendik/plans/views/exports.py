"""Downloads: the report template and its upload, and exports of plans, local plans and progress."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tendik.core.pdf import render_pdf
from tendik.core.spreadsheets import XLSX
from tendik.jobs import services as job_services
from tendik.plans import permissions as plan_perms
from tendik.plans.excel import exports as xl
from tendik.plans.excel.report_template import template_xlsx
from tendik.plans.forms import UploadForm
from tendik.plans.import_jobs import KIND as REPORT_IMPORT
from tendik.plans.models import ReportEntry
from tendik.plans.selectors import catalogue as cat_sel
from tendik.plans.selectors import local as local_sel
from tendik.plans.selectors import reports as report_sel
from tendik.plans.views.common import plans_view
from tendik.plans.views.dashboard import export_context

MAX_UPLOAD = 40 * 1024 * 1024  # a 200,000-row template is about 5 MB


def _download(content: bytes, filename: str, fmt: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX if fmt == "xlsx" else "application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


@plans_view
def report_template(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_sel.report_get(user=request.user, pk=pk)
    name = f"report-{report.municipality.code}-{report.period.code}"
    return _download(template_xlsx(report=report), name, "xlsx")


@plans_view
@require_POST
def report_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload only: the file is stored and checked in the background; its page shows progress, then the problems
    by sheet, row and column, or a preview to confirm (tendik.jobs)."""
    report = report_sel.report_get(user=request.user, pk=pk)
    if not plan_perms.may_edit_report(request.user, report):
        raise PermissionDenied
    form = UploadForm(request.POST, request.FILES)
    errors: list[str] = []
    if not form.is_valid():
        errors = [_("Choose the filled-in Excel file.")]
    elif form.cleaned_data["file"].size > MAX_UPLOAD:
        errors = [_("The file is larger than %(n)s MB.") % {"n": MAX_UPLOAD // (1024 * 1024)}]
    else:
        upload = form.cleaned_data["file"]
        job = job_services.import_start(
            user=request.user,
            kind=REPORT_IMPORT,
            params={"report": report.pk, "name": upload.name[:100], "back": reverse("plans:report", args=[pk])},
            file=upload,
            file_name=upload.name,
        )
        return redirect("jobs:detail", token=job.token)
    return render(request, "plans/upload_errors.html", {"report": report, "errors": errors}, status=400)


@plans_view
def plan_export(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    plan = cat_sel.plan_get(user=request.user, code=code)
    areas = cat_sel.plan_tree(plan=plan)
    if fmt == "xlsx":
        return _download(xl.plan_xlsx(plan=plan, areas=areas), plan.code, fmt)
    if fmt == "pdf":
        return _download(render_pdf("plans/pdf/plan.html", {"plan": plan, "areas": areas}), plan.code, fmt)
    raise Http404


@plans_view
def local_plan_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    plan = local_sel.local_plan_get(user=request.user, pk=pk)
    measures = list(local_sel.local_measures(local_plan=plan))
    entries = (
        ReportEntry.objects.filter(report__local_plan=plan)
        .select_related("report__period", "local_measure")
        .order_by("report__period__start", "local_measure__order")
    )
    name = f"local-plan-{plan.municipality.code}-{plan.start_year}-{plan.end_year}"
    if fmt == "xlsx":
        content = xl.local_plan_xlsx(plan=plan, measures=measures, entries=entries.iterator(chunk_size=2000))
        return _download(content, name, fmt)
    if fmt == "pdf":
        context = {"plan": plan, "measures": measures, "entries": entries}
        return _download(render_pdf("plans/pdf/local_plan.html", context), name, fmt)
    raise Http404


@plans_view
def progress_export(request: HttpRequest, fmt: str) -> HttpResponse:
    context = export_context(request)
    name = "progress-" + (context["territory"].code if context["territory"] else "kg")
    if fmt == "xlsx":
        content = xl.progress_xlsx(
            title=context["title"], budget=context["budget"], rows=context["rows"], series=context["series"]
        )
        return _download(content, slugify(name), fmt)
    if fmt == "pdf":
        return _download(render_pdf("plans/pdf/progress.html", context), slugify(name), fmt)
    raise Http404
