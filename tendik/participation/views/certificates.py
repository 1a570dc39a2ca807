"""Public check of a training certificate: no sign-in; shows initials, programme and date, never contacts."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tendik.participation.forms.trainings import CertificateCheckForm
from tendik.participation.selectors import trainings as sel


def certificate_check(request: HttpRequest, code: str = "") -> HttpResponse:
    form = CertificateCheckForm(request.GET or ({"code": code} if code else None))
    certificate = None
    checked = False
    if form.is_bound and form.is_valid():
        checked = True
        certificate = sel.certificate_verify(code=form.cleaned_data["code"])
    return render(
        request,
        "participation/trainings/certificate_check.html",
        {"form": form, "certificate": certificate, "checked": checked},
        status=404 if checked and certificate is None else 200,
    )
