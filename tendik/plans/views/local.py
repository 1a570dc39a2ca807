"""Local plans: the list (consolidated for a rayon, oblast or the country), a plan's page, its measures."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tendik.accounts.permissions import has_perm
from tendik.accounts.roles import Perm
from tendik.core.concurrency import StaleVersion
from tendik.core.params import id_param
from tendik.plans import permissions as plan_perms
from tendik.plans.forms import LocalMeasureForm, LocalPlanEditForm, LocalPlanForm, PeriodForm
from tendik.plans.models import Measure, ProgressReport
from tendik.plans.selectors import local as sel
from tendik.plans.selectors.dashboard import unit_for_dashboard
from tendik.plans.services import local_plans as svc
from tendik.plans.services import reports as report_svc
from tendik.plans.services.periods import period_codes, period_get
from tendik.plans.views.common import plans_view


def _apply_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@plans_view
def local_list(request: HttpRequest) -> HttpResponse:
    territory = unit_for_dashboard(user=request.user, code=request.GET.get("unit")) if request.GET.get("unit") else None
    plans = list(sel.local_plans_for(user=request.user, within=territory))
    return render(
        request,
        "plans/local_list.html",
        {
            "plans": plans,
            "territory": territory,
            "can_create": has_perm(request.user, Perm.LOCAL_PLAN_EDIT),
        },
    )


@plans_view
@require_http_methods(["GET", "POST"])
def local_create(request: HttpRequest) -> HttpResponse:
    if not has_perm(request.user, Perm.LOCAL_PLAN_EDIT):
        raise PermissionDenied(Perm.LOCAL_PLAN_EDIT.value)
    municipalities = list(sel.municipalities_for(user=request.user).order_by("path")[:500])
    form = LocalPlanForm(request.POST or None, initial={"start_year": 2025, "end_year": 2027})
    if request.method == "POST" and form.is_valid():
        unit = next((u for u in municipalities if u.code == request.POST.get("municipality")), None)
        if unit is None:
            form.add_error(None, _("Choose the municipality."))
        else:
            try:
                plan = svc.local_plan_create(actor=request.user, municipality=unit, **form.cleaned_data)
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("The local plan has been created. Now add its measures."))
                return redirect("plans:local_plan", pk=plan.pk)
    return render(
        request,
        "plans/local_form.html",
        {
            "form": form,
            "municipalities": municipalities,
            "chosen": request.POST.get("municipality", ""),
        },
    )


@plans_view
def local_plan(request: HttpRequest, pk: int) -> HttpResponse:
    plan = sel.local_plan_get(user=request.user, pk=pk)
    measures = list(sel.local_measures(local_plan=plan))
    reports = list(ProgressReport.objects.filter(local_plan=plan).select_related("period").order_by("period__start"))
    can_edit = plan_perms.may_edit_local_plan(request.user, plan)
    can_report = has_perm(request.user, Perm.REPORT_SUBMIT, unit=plan.municipality)
    open_codes = []
    if can_report:
        have = {r.period.code for r in reports}
        open_codes = [
            c
            for c in period_codes(
                frequency=plan.reporting_frequency, start_year=plan.start_year, end_year=plan.end_year
            )
            if c not in have
        ]
    return render(
        request,
        "plans/local_plan.html",
        {
            "plan": plan,
            "measures": measures,
            "reports": reports,
            "can_edit": can_edit,
            "can_report": can_report,
            "period_form": PeriodForm(codes=[(c, c) for c in open_codes]) if open_codes else None,
        },
    )


@plans_view
@require_http_methods(["GET", "POST"])
def local_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = sel.local_plan_get(user=request.user, pk=pk)
    if not plan_perms.may_edit_local_plan(request.user, plan):
        raise PermissionDenied
    form = LocalPlanEditForm(request.POST or None, instance=plan)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            svc.local_plan_update(
                actor=request.user,
                local_plan=sel.local_plan_get(user=request.user, pk=pk),
                version=form.submitted_version,
                **form.changes(),
            )
        except StaleVersion as exc:
            form.stale(exc)
            status = 409
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("plans:local_plan", pk=pk)
    return render(request, "plans/local_edit.html", {"form": form, "plan": plan}, status=status)


@plans_view
@require_http_methods(["GET", "POST"])
def local_measure_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = sel.local_plan_get(user=request.user, pk=pk)
    if not plan_perms.may_edit_local_plan(request.user, plan):
        raise PermissionDenied
    initial: dict[str, Any] = {}
    adopt = request.GET.get("adopt")
    if adopt_id := id_param(adopt):
        measure = Measure.objects.filter(pk=adopt_id).first()
        if measure:
            initial = {
                "national_measure": measure,
                "text": measure.text,
                "indicators": list(measure.indicators.filter(reported_locally=True)),
            }
    form = LocalMeasureForm(request.POST or None, initial=initial)
    chosen = request.POST.get("national_measure") or (str(initial["national_measure"].pk) if initial else "")
    if chosen.isdigit():
        form.only_indicators_of(int(chosen))
    if request.method == "POST" and form.is_valid():
        data = form.changes()
        try:
            svc.local_measure_add(actor=request.user, local_plan=plan, **data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The measure has been added to the plan."))
            return redirect("plans:local_plan", pk=pk)
    return render(request, "plans/local_measure_form.html", {"form": form, "plan": plan})


@plans_view
@require_http_methods(["GET", "POST"])
def local_measure_edit(request: HttpRequest, pk: int) -> HttpResponse:
    measure = sel.local_measure_get(user=request.user, pk=pk)
    plan = measure.local_plan
    if not plan_perms.may_edit_local_plan(request.user, plan):
        raise PermissionDenied
    form = LocalMeasureForm(
        request.POST or None, instance=measure, initial={"indicators": list(measure.indicators.all())}
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.changes()
        indicators = list(data.pop("indicators") or [])
        try:
            svc.local_measure_update(
                actor=request.user,
                measure=sel.local_measure_get(user=request.user, pk=pk),
                indicators=indicators,
                version=form.submitted_version,
                **data,
            )
        except StaleVersion as exc:
            form.stale(exc)
            status = 409
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("plans:local_plan", pk=plan.pk)
    return render(
        request, "plans/local_measure_form.html", {"form": form, "plan": plan, "measure": measure}, status=status
    )


@plans_view
@require_POST
def report_open(request: HttpRequest, pk: int) -> HttpResponse:
    plan = sel.local_plan_get(user=request.user, pk=pk)
    if not has_perm(request.user, Perm.REPORT_SUBMIT, unit=plan.municipality):
        raise PermissionDenied
    code = request.POST.get("period", "")
    allowed = period_codes(frequency=plan.reporting_frequency, start_year=plan.start_year, end_year=plan.end_year)
    if code not in allowed:
        raise Http404
    try:
        report = report_svc.report_open(actor=request.user, local_plan=plan, period=period_get(code=code))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("plans:local_plan", pk=pk)
    return redirect("plans:report", pk=report.pk)
