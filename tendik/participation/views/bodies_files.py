"""Files of the bodies pages: Excel export of bodies and their composition, PDF of the quota dashboard, and the
Excel import of composition counts (shared tabular mechanism: check, preview, then all or nothing)."""

from __future__ import annotations

import base64
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from tendik.accounts.permissions import has_perm, require
from tendik.accounts.roles import Perm
from tendik.core import tabular
from tendik.core.pdf import render_pdf
from tendik.core.spreadsheets import XLSX, XlsxWriter
from tendik.participation.forms.bodies import ImportForm
from tendik.participation.models import CompositionCount, Sex
from tendik.participation.selectors import bodies as sel
from tendik.participation.services.bodies_import import COLUMNS, CompositionImport
from tendik.participation.views.bodies import _on, territory_from_request
from tendik.participation.views.bodies_dashboard import quota_context

SESSION_KEY = "participation_bodies_import"
MAX_UPLOAD = 2 * 1024 * 1024


def _yes(flag: bool) -> str:
    return _("yes") if flag else _("no")


def _sex(code: str) -> str:
    return str(Sex(code).label) if code else ""


@login_required
def bodies_export(request: HttpRequest) -> HttpResponse:
    """Bodies in scope on the date with their composition and rule flags, and every count recorded for them."""
    require(request.user, Perm.PARTICIPATION_VIEW)
    unit = territory_from_request(request)
    on = _on(request)
    rows = sel.territory_bodies(request.user, unit=unit, on=on)
    book = XlsxWriter()
    sheet = book.sheet(
        _("Bodies"),
        headers=[
            _("Body number"),
            _("Territory"),
            _("Type"),
            _("Body"),
            _("Seats"),
            _("Women"),
            _("Men"),
            _("Vacancies"),
            _("Women, %"),
            _("Breaks the share rule"),
            _("Head and deputy of the same sex"),
        ],
        widths=[10, 28, 24, 40, 8, 8, 8, 10, 10, 14, 14],
    )
    for b in rows.iterator(chunk_size=1000):
        sheet.append(
            [
                b.pk,
                b.unit.name,
                b.body_type.name,
                b.name,
                b.c_seats,
                b.c_women,
                b.c_men,
                b.c_vacancies,
                sel.share(b.c_women, b.c_filled),
                _yes(b.breaks_share),
                _yes(b.breaks_head_deputy),
            ]
        )
    facts = book.sheet(
        _("Composition"),
        headers=[
            _("Body number"),
            _("Body"),
            _("Date"),
            _("Women"),
            _("Men"),
            pgettext("body position", "Head"),
            pgettext("body position", "Deputy head"),
        ],
        widths=[10, 40, 12, 8, 8, 12, 12],
    )
    scoped = sel.bodies_for(request.user)
    if unit is not None:
        scoped = scoped.filter(unit__path__startswith=unit.path)
    counts = CompositionCount.objects.filter(body__in=scoped.values("pk")).select_related("body")
    for c in counts.order_by("body__unit__path", "body_id", "as_of").iterator(chunk_size=2000):
        facts.append([c.body_id, c.body.name, c.as_of, c.women, c.men, _sex(c.head_sex), _sex(c.deputy_sex)])
    response = HttpResponse(book.to_bytes(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="bodies-{on.isoformat()}.xlsx"'
    return response


@login_required
def quota_pdf(request: HttpRequest) -> HttpResponse:
    """The quota dashboard as a PDF in the reader's language."""
    require(request.user, Perm.PARTICIPATION_VIEW)
    unit = territory_from_request(request)
    context = quota_context(request.user, unit=unit, on=_on(request), breaches=200)
    context["generated"] = date_format(context["on"])
    pdf = render_pdf("participation/bodies/quota_pdf.html", context)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="quota-{context["on"].isoformat()}.pdf"'
    return response


@login_required
def bodies_import(request: HttpRequest) -> HttpResponse:
    """Upload → check (errors by cell, or a preview) → confirm: every row written, or none."""
    if not has_perm(request.user, Perm.BODIES_EDIT):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"form": form, "columns": COLUMNS}
    if request.method == "POST" and request.POST.get("confirm"):
        stored = request.session.get(SESSION_KEY)
        if not stored:
            return redirect("participation:bodies_import")
        importer = CompositionImport(actor=request.user)
        checked = tabular.check(importer, data=base64.b64decode(stored["data"]), filename=stored["name"])
        if checked.ok:
            result = tabular.apply(importer, checked)
            del request.session[SESSION_KEY]
            messages.success(
                request,
                _("Imported %(counts)s counts of %(bodies)s bodies.") % result,
            )
            return redirect("participation:bodies")
        context["errors"] = checked.errors
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            form.add_error("file", _("The file is larger than 2 MB."))
        else:
            data = upload.read()
            checked = tabular.check(CompositionImport(actor=request.user), data=data, filename=upload.name)
            if checked.ok:
                request.session[SESSION_KEY] = {"name": upload.name, "data": base64.b64encode(data).decode()}
                context["preview"] = checked.preview
            else:
                context["errors"] = checked.errors
                context["more_errors"] = checked.more_errors
    status = 400 if request.method == "POST" and (context.get("errors") or form.errors) else 200
    return render(request, "participation/bodies/import.html", context, status=status)
