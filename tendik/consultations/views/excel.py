"""Excel export and import of recommendations."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from tendik.accounts.roles import Perm
from tendik.consultations import selectors
from tendik.consultations.forms import FilterForm, ImportForm
from tendik.consultations.jobs import KIND
from tendik.consultations.services.spreadsheet import export_recommendations
from tendik.consultations.views.common import signed_in
from tendik.core.spreadsheets import XLSX
from tendik.jobs import services as job_services

MAX_UPLOAD = 40 * 1024 * 1024  # a 60,000-row sheet is about 10 MB


@signed_in()
def export(request: HttpRequest) -> HttpResponse:
    form = FilterForm(request.GET or None)
    filters = form.filters()
    if request.GET.get("series"):
        filters["series"] = request.GET["series"]
    recs = selectors.recommendations(request.user, filters).order_by("series", "order", "id")
    response = HttpResponse(export_recommendations(recs), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="recommendations.xlsx"'
    return response


@signed_in(Perm.CONSULTATIONS_MANAGE)
def import_view(request: HttpRequest) -> HttpResponse:
    """Upload only: the file is stored and checked in the background; its page shows progress, then the
    problems by sheet, row and column, or a preview to confirm (tendik.jobs)."""
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            form.add_error("file", _("The file is larger than %(n)s MB.") % {"n": MAX_UPLOAD // (1024 * 1024)})
        else:
            job = job_services.import_start(
                user=request.user,
                kind=KIND,
                params={"name": upload.name[:100], "back": reverse("consultations:recommendations")},
                file=upload,
                file_name=upload.name,
            )
            return redirect("jobs:detail", token=job.token)
    return render(request, "consultations/import.html", {"form": form, "errors": []})
