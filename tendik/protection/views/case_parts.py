"""Parts of a case: perpetrators, incidents, risk assessments, consents, referrals, services, orders."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from tendik.core.concurrency import StaleVersion
from tendik.protection import permissions as p
from tendik.protection.forms import (
    ConsentForm,
    ExtensionForm,
    IncidentForm,
    OrderForm,
    PerpetratorForm,
    ReferralForm,
    ReferralStatusForm,
    RiskForm,
    ServiceForm,
    ViolationForm,
)
from tendik.protection.models import Case, ProtectionOrderRule
from tendik.protection.services import cases as case_services
from tendik.protection.services import orders as order_services
from tendik.protection.services import referrals as referral_services
from tendik.protection.services.cases import RISK_QUESTIONS
from tendik.protection.services.errors import ConsentRequired, InvalidTransition
from tendik.protection.views.common import case_or_404, form_page


def _editable_case(request: HttpRequest, pk: int) -> Case:
    case = case_or_404(request.user, pk)
    if not p.can_edit(request.user, case.committee):
        raise PermissionDenied
    return case


def _page(request: HttpRequest, case: Case, form: Any, save: Any, title: str, intro: str = "") -> HttpResponse:
    back = reverse("protection:case", args=[case.pk])

    def run(data: dict[str, Any]) -> str:
        save(data)
        return back

    return form_page(
        request, form, run, title=f"{case.code}: {title}", back=back, intro=intro, extra={"quick_exit": True}
    )


def _today() -> dict[str, Any]:
    return {
        "initial": {
            k: timezone.localdate()
            for k in (
                "occurred_on",
                "assessed_on",
                "given_on",
                "sent_on",
                "started_on",
                "issued_on",
                "valid_from",
                "extended_on",
            )
        }
    }


@never_cache
@login_required
def perpetrator_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = _editable_case(request, pk)
    if not p.can_view_identity(request.user, case):
        raise PermissionDenied
    form = PerpetratorForm(request.POST or None)
    return _page(
        request,
        case,
        form,
        lambda d: case_services.perpetrator_add(case=case, actor=request.user, **d),
        _("Perpetrator"),
    )


@login_required
def incident_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = _editable_case(request, pk)
    form = IncidentForm(request.POST or None, **_today())

    def save(d: dict[str, Any]) -> None:
        case_services.incident_add(
            case=case,
            actor=request.user,
            occurred_on=d["occurred_on"],
            forms=d["forms_"],
            place_type=d["place_type"],
            gbvims_type=d["gbvims_type"],
            description=d["description"],
        )

    return _page(request, case, form, save, _("Incident"))


@login_required
def risk_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = _editable_case(request, pk)
    form = RiskForm(request.POST or None, **_today())

    def save(d: dict[str, Any]) -> None:
        case_services.risk_assess(
            case=case,
            actor=request.user,
            assessed_on=d["assessed_on"],
            answers={k: d.get(k, False) for k in RISK_QUESTIONS},
        )

    return _page(request, case, form, save, _("Risk assessment"))


@login_required
def consent_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a consent. `?kind=&provider=&items=` pre-fill it (from a refused referral or the task home), and
    `?next=` (a page of the same case) is where the user goes back to afterwards."""
    case = _editable_case(request, pk)
    initial = _today()["initial"]
    for key in ("kind", "provider"):
        if request.GET.get(key):
            initial[key] = request.GET[key]
    if request.GET.getlist("items"):
        initial["items"] = request.GET.getlist("items")
    form = ConsentForm(request.POST or None, initial=initial)
    back = reverse("protection:case", args=[case.pk])
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    target = wanted if wanted.startswith(f"{back}") else back

    def save(data: dict[str, Any]) -> str:
        case_services.consent_record(case=case, actor=request.user, **data)
        return target

    return form_page(
        request,
        form,
        save,
        title=f"{case.code}: {_('Consent')}",
        back=back,
        extra={"quick_exit": True, "next": target},
    )


@require_POST
@login_required
def consent_withdraw(request: HttpRequest, pk: int, consent_pk: int) -> HttpResponse:
    case = _editable_case(request, pk)
    consent = get_object_or_404(case.consents, pk=consent_pk)
    case_services.consent_withdraw(consent=consent, actor=request.user)
    messages.success(request, _("Consent withdrawn."))
    return redirect("protection:case", pk=pk)


@login_required
def referral_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = _editable_case(request, pk)
    initial = _today()["initial"]
    for key in ("provider", "purpose"):
        if request.GET.get(key):
            initial[key] = request.GET[key]
    if request.GET.getlist("items"):
        initial["items"] = request.GET.getlist("items")
    form = ReferralForm(request.POST or None, initial=initial)
    intro = _("A referral is sent only with the survivor's consent to disclose these items to this organisation.")
    back = reverse("protection:case", args=[case.pk])
    extra: dict[str, Any] = {"quick_exit": True, "actions": []}

    def send(data: dict[str, Any]) -> str:
        try:
            referral_services.referral_send(case=case, actor=request.user, **data)
        except ConsentRequired:
            # Not a dead end: record the consent (pre-filled) and come back to this referral, filled in again.
            query = [("kind", "disclosure"), ("provider", data["provider"].pk)]
            query += [("items", i) for i in data.get("items") or []]
            again = [("provider", data["provider"].pk), ("purpose", data.get("purpose") or "")]
            again += [("items", i) for i in data.get("items") or []]
            query.append(("next", f"{reverse('protection:referral_add', args=[case.pk])}?{urlencode(again)}"))
            extra["actions"].append(
                (
                    f"{reverse('protection:consent_add', args=[case.pk])}?{urlencode(query)}",
                    _("Record the survivor's consent, then come back to this referral"),
                )
            )
            raise
        return back

    return form_page(request, form, send, title=f"{case.code}: {_('Referral')}", back=back, intro=intro, extra=extra)


@require_POST
@login_required
def referral_status(request: HttpRequest, pk: int, referral_pk: int) -> HttpResponse:
    case = _editable_case(request, pk)
    referral = get_object_or_404(case.referrals, pk=referral_pk)
    form = ReferralStatusForm(request.POST, versioned=referral)
    if form.is_valid():
        try:
            referral_services.referral_transition(
                referral=referral,
                actor=request.user,
                to=form.cleaned_data["to"],
                feedback=form.cleaned_data["feedback"],
                version=form.submitted_version,
            )
        except (InvalidTransition, ValidationError) as exc:
            messages.error(request, " ".join(exc.messages))
        except StaleVersion:
            messages.error(request, _("Someone else changed this referral meanwhile: look again and retry."))
    return redirect("protection:case", pk=pk)


@login_required
def service_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = _editable_case(request, pk)
    form = ServiceForm(request.POST or None, **_today())
    return _page(
        request,
        case,
        form,
        lambda d: referral_services.service_record(case=case, actor=request.user, **d),
        _("Service delivered"),
    )


@require_POST
@login_required
def correction_session_add(request: HttpRequest, pk: int, service_pk: int) -> HttpResponse:
    case = _editable_case(request, pk)
    service = get_object_or_404(case.services, pk=service_pk)
    try:
        referral_services.correction_session_record(
            service=service,
            actor=request.user,
            held_on=timezone.localdate(),
            attended=request.POST.get("attended") == "1",
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("protection:case", pk=pk)


@login_required
def order_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = _editable_case(request, pk)
    form = OrderForm(request.POST or None, **_today())
    rule = ProtectionOrderRule.in_force(timezone.localdate())
    intro = ""
    if rule is not None:
        # The limit is stated before the user types, not only in the error after.
        intro = _("A first term is at most %(n)s days; each extension at most %(e)s days (%(law)s).") % {
            "n": rule.max_initial_days,
            "e": rule.max_extension_days,
            "law": rule.law_reference or rule.name,
        }
        form.fields["valid_until"].help_text = _("At most %(n)s days after “Valid from”.") % {
            "n": rule.max_initial_days
        }
    return _page(
        request,
        case,
        form,
        lambda d: order_services.order_issue(case=case, actor=request.user, **d),
        _("Protection order"),
        intro,
    )


@login_required
def order_extend(request: HttpRequest, pk: int, order_pk: int) -> HttpResponse:
    case = _editable_case(request, pk)
    order = get_object_or_404(case.orders, pk=order_pk)
    form = ExtensionForm(request.POST or None, versioned=order, **_today())
    return _page(
        request,
        case,
        form,
        lambda d: order_services.order_extend(order=order, actor=request.user, version=form.submitted_version, **d),
        _("Extension of order %(n)s") % {"n": order.number},
    )


@login_required
def order_violation(request: HttpRequest, pk: int, order_pk: int) -> HttpResponse:
    case = _editable_case(request, pk)
    order = get_object_or_404(case.orders, pk=order_pk)
    form = ViolationForm(request.POST or None, **_today())
    return _page(
        request,
        case,
        form,
        lambda d: order_services.order_violation_record(order=order, actor=request.user, **d),
        _("Violation of order %(n)s") % {"n": order.number},
    )
