"""Progress reports: list and review queue, a report's page, the data-entry form, evidence and the approval steps."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tendik.accounts.permissions import has_perm
from tendik.accounts.roles import Perm
from tendik.core.concurrency import StaleVersion
from tendik.plans import combos
from tendik.plans import permissions as plan_perms
from tendik.plans.forms import EntryForm, EvidenceForm, ReviewForm, UploadForm
from tendik.plans.models import Evidence, Indicator, MeasureStatus
from tendik.plans.selectors import reports as sel
from tendik.plans.services import reports as svc
from tendik.plans.views.common import plans_view

REPORTS_PAGE = 200


@plans_view
def report_list(request: HttpRequest) -> HttpResponse:
    reports = list(sel.reports_for(user=request.user).order_by("-period__start", "municipality__path")[:REPORTS_PAGE])
    sel.with_steps(user=request.user, reports=reports)
    queue = [r for r in reports if getattr(r, "can_review", False)]
    return render(request, "plans/report_list.html", {"reports": reports, "queue": queue, "limit": REPORTS_PAGE})


def _report_context(request: HttpRequest, pk: int) -> dict:
    report = sel.report_get(user=request.user, pk=pk)
    sel.with_steps(user=request.user, reports=[report])
    entries = list(sel.report_entries(report=report))
    values: dict[int, list] = {}
    names = combos.option_names()
    for v in report.values.select_related("indicator"):
        v.combo_label = combos.label(v.combo, names)  # type: ignore[attr-defined]
        values.setdefault(v.local_measure_id or 0, []).append(v)
    for e in entries:
        e.reported_values = values.get(e.local_measure_id, [])  # type: ignore[attr-defined]
    can_edit = plan_perms.may_edit_report(request.user, report)
    return {
        "report": report,
        "entries": entries,
        "events": list(sel.report_history(report=report)),
        "can_edit": can_edit,
        # Meant for the municipality only: the reviewer who returned it does not need her own words back.
        "returned": sel.last_return(report=report) if can_edit else None,
        "unfilled": [e for e in entries if e.status == MeasureStatus.NOT_STARTED and not e.narrative.strip()],
        "can_review": getattr(report, "can_review", False),
        "review_form": ReviewForm(),
        "upload_form": UploadForm(),
    }


@plans_view
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "plans/report_detail.html", _report_context(request, pk))


@plans_view
@require_http_methods(["GET", "POST"])
def entry_edit(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    report = sel.report_get(user=request.user, pk=pk)
    entry = get_object_or_404(report.entries.select_related("local_measure__national_measure"), pk=entry_pk)
    can_edit = plan_perms.may_edit_report(request.user, report)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    indicators = list(
        Indicator.objects.filter(pk__in=entry.local_measure.indicators.values("pk")).prefetch_related(
            "categories__options"
        )
    )
    values = {
        (v.indicator.code, v.combo): v.value
        for v in report.values.filter(local_measure=entry.local_measure).select_related("indicator")
    }
    form = EntryForm(request.POST or None, entry=entry, indicators=indicators, values=values)
    warnings: dict[str, list[str]] = {}
    saved = False
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            service_warnings = svc.entry_save(
                actor=request.user, entry=entry, data=form.entry_data(), version=form.submitted_version
            )
        except StaleVersion as exc:
            form.stale(exc)
            status = 409
        except ValidationError as exc:
            form.add_service_errors(exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages})
        else:
            if not service_warnings:
                messages.success(request, _("Saved."))
                return redirect("plans:report", pk=report.pk)
            saved = True
            for key, msgs in service_warnings.items():
                warnings.setdefault(form.field_for_key(key) or "", []).extend(msgs)
    if not can_edit:
        for field in form.fields.values():
            field.disabled = True
    return render(
        request,
        "plans/entry_form.html",
        {
            "report": report,
            "entry": entry,
            "form": form,
            "warnings": warnings,
            "saved": saved,
            "can_edit": can_edit,
            "evidence_form": EvidenceForm(),
            "evidence": list(entry.evidence.all()),
        },
        status=status,
    )


@plans_view
@require_POST
def evidence_add(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    report = sel.report_get(user=request.user, pk=pk)
    entry = get_object_or_404(report.entries, pk=entry_pk)
    if not plan_perms.may_edit_report(request.user, report):
        raise PermissionDenied
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            svc.evidence_add(
                actor=request.user,
                entry=entry,
                file=form.cleaned_data["file"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The file has been attached."))
    else:
        messages.error(request, _("Choose a file to attach."))
    return redirect("plans:entry", pk=pk, entry_pk=entry_pk)


@plans_view
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    evidence = get_object_or_404(Evidence.objects.select_related("entry__report"), pk=pk)
    sel.report_get(user=request.user, pk=evidence.entry.report_id)  # 404 outside the user's territory
    return FileResponse(
        evidence.file.open("rb"), as_attachment=True, filename=evidence.name, content_type=evidence.content_type
    )


ACTIONS = {"submit", "approve", "return", "accept"}


@plans_view
@require_POST
def report_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404
    report = sel.report_get(user=request.user, pk=pk)
    comment = (request.POST.get("comment") or "")[:4000]
    if action == "submit" and not has_perm(request.user, Perm.REPORT_SUBMIT, unit=report.municipality):
        raise PermissionDenied
    if action == "submit" and request.POST.get("confirm") != "1":
        messages.error(request, _("Check the report and tick the confirmation before submitting it."))
        return redirect("plans:report", pk=pk)
    try:
        if action == "submit":
            svc.report_submit(actor=request.user, report=report, comment=comment)
            messages.success(request, _("The report has been submitted."))
        elif action == "approve":
            svc.report_approve(actor=request.user, report=report, comment=comment)
            messages.success(request, _("The report has been approved."))
        elif action == "accept":
            svc.report_accept(actor=request.user, report=report, comment=comment)
            messages.success(request, _("The report has been accepted."))
        else:
            svc.report_return(actor=request.user, report=report, comment=comment)
            messages.success(request, _("The report has been returned for correction."))
    except svc.InvalidTransition as exc:
        messages.error(request, " ".join(exc.messages))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("plans:report", pk=pk)
