"""Excel pages of the reserve and trainings: exports and the reserve import (all or nothing, cell-precise errors)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tendik.accounts.permissions import has_perm, require
from tendik.accounts.roles import Perm
from tendik.core import tabular
from tendik.core.spreadsheets import XLSX
from tendik.participation.services.reserve_excel import ReserveImport, reserve_workbook
from tendik.participation.services.trainings_excel import trainings_workbook
from tendik.participation.views.reserve import search_filters

MAX_UPLOAD = 5 * 1024 * 1024


def _xlsx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}-{timezone.localdate():%Y%m%d}.xlsx"'
    return response


@login_required
def reserve_export(request: HttpRequest) -> HttpResponse:
    """RESERVE_VIEW: the people in scope (each logged); other participation roles: anonymous counts."""
    if not has_perm(request.user, Perm.RESERVE_VIEW):
        require(request.user, Perm.PARTICIPATION_VIEW)
        return _xlsx(reserve_workbook(user=request.user), "reserve")
    _form, filters = search_filters(request)
    return _xlsx(reserve_workbook(user=request.user, filters=filters), "reserve")


@login_required
def trainings_export(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.PARTICIPATION_VIEW)
    return _xlsx(trainings_workbook(user=request.user), "trainings")


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Excel file (.xlsx) or CSV"))
    check_only = forms.BooleanField(label=gettext_lazy("Only check the file, save nothing"), required=False)


@login_required
def reserve_import(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.RESERVE_EDIT)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    result = None
    preview = None
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            form.add_error("file", _("The file is larger than 5 MB."))
        else:
            importer = ReserveImport(actor=request.user)
            checked = tabular.check(importer, data=upload.read(), filename=upload.name)
            if not checked.ok:
                errors = tabular.ImportInvalid(checked.errors, checked.more_errors).messages
            elif form.cleaned_data["check_only"]:
                preview = checked.preview
            else:
                result = tabular.apply(importer, checked)
        status = 400 if errors or form.errors else 200
    return render(
        request,
        "participation/reserve/import.html",
        {"form": form, "errors": errors, "result": result, "preview": preview},
        status=status,
    )
