"""The committee report (page, Excel, PDF) and the identifiable export."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from tendik.accounts.permissions import committee_ids, has_perm, scope_paths
from tendik.accounts.roles import Perm
from tendik.geography.models import NAME_FIELDS, AdministrativeUnit
from tendik.protection import exports
from tendik.protection import permissions as p
from tendik.protection.charts import activity_chart
from tendik.protection.forms import ReportForm, TendikForm
from tendik.protection.models import Committee
from tendik.protection.selectors.report import ReportScope, report_for
from tendik.protection.views.common import committee_or_404


class ScopeError(Exception):
    pass


def resolve_scope(user: Any, *, unit_code: str | None, committee_id: int | None) -> ReportScope:
    """The report scope from request parameters, checked against PROTECTION_REPORT (PermissionDenied otherwise)."""
    if committee_id:
        committee = Committee.objects.select_related("municipality").filter(pk=committee_id).first()
        if committee is None or not has_perm(user, Perm.PROTECTION_REPORT, committee=committee):
            raise PermissionDenied
        return ReportScope(committee=committee)
    if unit_code:
        unit = AdministrativeUnit.objects.filter(code=unit_code).first()
        if unit is None:
            raise ScopeError(_("Unknown territory code."))
        if not has_perm(user, Perm.PROTECTION_REPORT, unit=unit):
            raise PermissionDenied
        return ReportScope(unit=unit)
    return default_scope(user)


def default_scope(user: Any) -> ReportScope:
    if not has_perm(user, Perm.PROTECTION_REPORT):
        raise PermissionDenied
    paths = scope_paths(user, Perm.PROTECTION_REPORT)
    own = committee_ids(user, Perm.PROTECTION_VIEW)
    if own:
        return ReportScope(committee=Committee.objects.select_related("municipality").get(pk=min(own)))
    if paths is None:
        return ReportScope()
    code = paths[0].rstrip("/").split("/")[-1]
    return ReportScope(unit=AdministrativeUnit.objects.get(code=code))


def default_period() -> tuple[dt.date, dt.date]:
    today = timezone.localdate()
    return dt.date(today.year, 1, 1), today


@never_cache
@login_required
def report(request: HttpRequest) -> HttpResponse:
    if not has_perm(request.user, Perm.PROTECTION_REPORT):
        raise PermissionDenied
    start, end = default_period()
    form = ReportForm(request.GET or None, initial={"date_from": start, "date_to": end}, units=_units(request.user))
    data = None
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["date_from"], form.cleaned_data["date_to"]
    elif form.is_bound:
        return render(request, "protection/report.html", {"form": form}, status=400)
    try:
        scope = resolve_scope(
            request.user, unit_code=request.GET.get("unit"), committee_id=_int(request.GET.get("committee"))
        )
    except ScopeError as exc:
        form.add_error("unit", str(exc))
        return render(request, "protection/report.html", {"form": form}, status=400)
    data = report_for(user=request.user, scope=scope, date_from=start, date_to=end)
    fmt = request.GET.get("format")
    if fmt == "xlsx":
        return _file(exports.report_xlsx(data), "xlsx", start, end)
    if fmt == "pdf":
        return _file(exports.report_pdf(data), "pdf", start, end)
    query = request.GET.copy()
    query.pop("format", None)
    query.setdefault("date_from", start.isoformat())
    query.setdefault("date_to", end.isoformat())
    return render(
        request,
        "protection/report.html",
        {
            "form": form,
            "report": data,
            "period_label": exports.period_label(data),
            "sections": exports.report_sections(data),
            "activity_chart": activity_chart(data),
            "query": query.urlencode(),
            # one set of download buttons: a committee's or a municipality's file comes at once, a larger one as a job
            "small_scope": scope.committee is not None or (scope.unit is not None and scope.unit.is_municipality),
            "job_params": json.dumps(
                {
                    "date_from": start.isoformat(),
                    "date_to": end.isoformat(),
                    "unit": request.GET.get("unit") or "",
                    "committee": _int(request.GET.get("committee")),
                }
            ),
        },
    )


def _units(user: Any) -> Any:
    """The territories the user may report on, for the territory list (by name, grouped by oblast and rayon)."""
    units = AdministrativeUnit.objects.current().order_by("path").only("code", "path", "depth", *NAME_FIELDS)
    paths = scope_paths(user, Perm.PROTECTION_REPORT)
    if paths is None:
        return units
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(path__startswith=path)
    return units.filter(q)


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _file(content: bytes, ext: str, start: dt.date, end: dt.date) -> HttpResponse:
    types = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "pdf": "application/pdf"}
    response = HttpResponse(content, content_type=types[ext])
    response["Content-Disposition"] = f'attachment; filename="committee-report-{start}-{end}.{ext}"'
    return response


class ExportForm(TendikForm):
    password = forms.CharField(
        label=gettext_lazy("Password for the file"),
        min_length=10,
        widget=forms.PasswordInput(render_value=False),
        help_text=gettext_lazy("At least 10 characters. Give it to the recipient separately."),
    )


@never_cache
@login_required
def identifiable_export(request: HttpRequest, pk: int) -> HttpResponse:
    committee = committee_or_404(request.user, pk)
    if not p.can_export_identifiable(request.user, committee):
        raise PermissionDenied
    form = ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        cases = list(committee.cases.order_by("opened_on", "pk"))
        content = exports.identifiable_xlsx(cases=cases, password=form.cleaned_data["password"], actor=request.user)
        response = HttpResponse(content, content_type="application/octet-stream")
        response["Content-Disposition"] = f'attachment; filename="cases-{committee.pk}-{timezone.localdate()}.xlsx"'
        return response
    return render(
        request,
        "protection/form.html",
        {
            "form": form,
            "title": _("Identifiable export"),
            "submit": _("Download"),
            "intro": _(
                "The file holds survivors' identities. It is encrypted with this password; the export is logged."
            ),
            "back": reverse("protection:committee", args=[committee.pk]),
        },
        status=400 if request.method == "POST" else 200,
    )
