"""Excel export and import of recommendations."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tendik.accounts.roles import Perm
from tendik.consultations import selectors
from tendik.consultations.forms import FilterForm, ImportForm
from tendik.consultations.services.spreadsheet import SpreadsheetError, export_recommendations, import_recommendations
from tendik.consultations.views.common import signed_in

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > 10 * 1024 * 1024:
            form.add_error("file", _("The file is larger than 10 MB."))
        else:
            try:
                result = import_recommendations(data=upload.read(), actor=request.user)
            except SpreadsheetError as exc:
                errors = [str(e) for e in exc.errors]
            else:
                messages.success(
                    request, _("Imported: %(c)s new, %(u)s updated.") % {"c": result.created, "u": result.updated}
                )
                return redirect("consultations:recommendations")
    return render(request, "consultations/import.html", {"form": form, "errors": errors})
