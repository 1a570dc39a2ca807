"""Case pages: open, view (identity only when allowed, and logged), edit with version check, stages, sharing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from tendik.accounts.models import User
from tendik.accounts.roles import COMMITTEE_ROLES
from tendik.protection import permissions as p
from tendik.protection import selectors
from tendik.protection.forms import CaseForm, FindSurvivorForm, ShareForm, StageForm
from tendik.protection.models import Appeal, AppealOutcome, CaseStage, ConsentKind, ReferralStatus
from tendik.protection.services import cases as services
from tendik.protection.services.errors import InvalidTransition, StaleVersion
from tendik.protection.views.common import apply_errors, case_or_404, committee_or_404, form_page

IDENTITY_FORM_FIELDS = (
    "survivor_name",
    "survivor_birth_date",
    "survivor_address",
    "survivor_phone",
    "survivor_document",
    "safety_plan",
    "notes",
)


@never_cache
@login_required
def case_open(request: HttpRequest, pk: int) -> HttpResponse:
    committee = committee_or_404(request.user, pk)
    if not p.can_edit(request.user, committee):
        raise PermissionDenied
    appeal = None
    if request.GET.get("appeal"):
        appeal = get_object_or_404(
            selectors.appeals_for(request.user).filter(committee=committee), pk=request.GET["appeal"]
        )
    form = CaseForm(request.POST or None)
    del form.fields["version"]
    # The appeal it came from (so the appeal does not stay "under consideration"), and consent to statistics (so the
    # chair's report does not silently leave the case out): both asked here, not left for later pages.
    pending = selectors.appeals_for(request.user).filter(committee=committee, outcome=AppealOutcome.PENDING)
    form.fields["from_appeal"] = forms.ModelChoiceField(
        label=_("Appeal this case comes from"),
        queryset=pending.order_by("-received_on", "-pk"),
        required=False,
        initial=appeal.pk if appeal else None,
        empty_label=_("— none —"),
        help_text=_("The appeal is marked “case opened” and linked to the case."),
    )
    form.fields["from_appeal"].label_from_instance = lambda a: (  # type: ignore[attr-defined]
        f"{a.code} · {date_format(a.received_on, 'SHORT_DATE_FORMAT')}"
    )
    form.fields["statistics_consent"] = forms.BooleanField(
        label=_("The survivor agrees to be counted in non-identifiable statistics"),
        required=False,
        help_text=_("Without this consent the case is left out of the committee's statistical report."),
    )

    def save(data: dict[str, Any]) -> str:
        data = dict(data)
        linked = data.pop("from_appeal", None) or appeal
        consented = data.pop("statistics_consent", False)
        matches = list(
            selectors.find_survivor(
                user=request.user, name=data.get("survivor_name", ""), birth_date=data.get("survivor_birth_date")
            ).values_list("code", flat=True)
        )
        case = services.case_open(committee=committee, actor=request.user, appeal=linked, **data)
        if consented:
            services.consent_record(case=case, actor=request.user, kind=ConsentKind.STATISTICS)
        if matches:
            messages.warning(request, _("This survivor has earlier cases: %(codes)s") % {"codes": ", ".join(matches)})
        return reverse("protection:case", args=[case.pk])

    return form_page(
        request,
        form,
        save,
        title=_("Open a case"),
        back=reverse("protection:committee", args=[pk]),
        extra={"quick_exit": True, "appeal": appeal},
    )


@never_cache
@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    case = case_or_404(user, pk)
    identity = selectors.case_identity(user=user, case=case)  # logged when shown
    targets = [(t, CaseStage(t).label) for t in sorted(services.CASE_TRANSITIONS.get(case.stage, ()))]
    can_edit = p.can_edit(user, case.committee)
    context = {
        "case": case,
        "identity": identity,
        "can_edit": can_edit,
        "can_share": p.can_share(user, case),
        "stage_form": StageForm(targets=targets, initial={"version": case.version}) if can_edit and targets else None,
        "history": case.stage_events.select_related("actor"),
        "incidents": case.incidents.all(),
        "assessments": case.risk_assessments.all(),
        "consents": case.consents.select_related("provider"),
        "referrals": case.referrals.select_related("provider"),
        "services": case.services.select_related("provider").prefetch_related("sessions"),
        "orders": case.orders.prefetch_related("extensions", "violations"),
        "perpetrators": case.perpetrators.all(),
        "perpetrator_earlier": selectors.perpetrator_earlier_cases(user=user, case=case),
        "shares": case.shares.select_related("user"),
        "returning": selectors.returning_cases(user=user, case=case).values_list("pk", "code"),
        "share_form": ShareForm(users=_share_candidates(case)) if p.can_share(user, case) else None,
        "referral_statuses": ReferralStatus.choices,
        "quick_exit": True,
    }
    return render(request, "protection/case.html", context)


def _share_candidates(case: Any) -> Any:
    return (
        User.objects.filter(
            role_assignments__committee_id=case.committee_id,
            role_assignments__role__in=list(COMMITTEE_ROLES),
            role_assignments__is_active=True,
            is_active=True,
        )
        .exclude(pk=case.owner_id)
        .distinct()
    )


@never_cache
@login_required
def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    case = case_or_404(user, pk)
    if not p.can_edit(user, case.committee):
        raise PermissionDenied
    with_identity = p.can_view_identity(user, case)
    form = CaseForm(request.POST or None, instance=case, with_identity=with_identity)
    back = reverse("protection:case", args=[pk])
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.case_update(case=case, actor=user, version=form.submitted_version or 0, data=form.changes())
            except StaleVersion as exc:
                status = 409
                form.stale(exc)
            except ValidationError as exc:
                apply_errors(form, exc)
                status = 400
            else:
                messages.success(request, _("Saved."))
                return redirect(back)
        else:
            status = 400
    elif with_identity:
        selectors.access_log(instance=case, purpose=selectors.IDENTITY_PURPOSE, actor=user)
    return render(
        request,
        "protection/form.html",
        {
            "form": form,
            "title": _("Edit case %(code)s") % {"code": case.code},
            "back": back,
            "submit": _("Save"),
            "quick_exit": True,
        },
        status=status,
    )


@require_POST
@login_required
def case_stage(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_or_404(request.user, pk)
    if not p.can_edit(request.user, case.committee):
        raise PermissionDenied
    targets = [(t, t) for t in CaseStage.values]
    form = StageForm(request.POST, targets=targets)
    if form.is_valid():
        try:
            services.case_transition(
                case=case,
                actor=request.user,
                to=form.cleaned_data["to"],
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                version=form.cleaned_data["version"],
            )
        except InvalidTransition as exc:
            messages.error(request, " ".join(exc.messages))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        except StaleVersion:
            messages.error(request, _("Someone else changed this case meanwhile: look again and retry."))
        else:
            messages.success(request, _("Stage changed."))
    else:
        messages.error(request, _("Choose a stage."))
    return redirect("protection:case", pk=pk)


@require_POST
@login_required
def case_share(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_or_404(request.user, pk)
    if not p.can_share(request.user, case):
        raise PermissionDenied
    form = ShareForm(request.POST, users=_share_candidates(case))
    if form.is_valid():
        try:
            services.case_share(case=case, actor=request.user, user=form.cleaned_data["user"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Shared."))
    return redirect("protection:case", pk=pk)


@require_POST
@login_required
def case_unshare(request: HttpRequest, pk: int, user_pk: int) -> HttpResponse:
    case = case_or_404(request.user, pk)
    if not p.can_share(request.user, case):
        raise PermissionDenied
    services.case_unshare(case=case, actor=request.user, user=get_object_or_404(User, pk=user_pk))
    return redirect("protection:case", pk=pk)


@never_cache
@login_required
def case_find(request: HttpRequest, pk: int) -> HttpResponse:
    """Look for a returning survivor by name and date of birth (keyed hash; nothing is decrypted)."""
    committee = committee_or_404(request.user, pk)
    if not p.can_edit(request.user, committee):
        raise PermissionDenied
    form = FindSurvivorForm(request.POST or None)
    found = None
    if request.method == "POST" and form.is_valid():
        found = selectors.find_survivor(
            user=request.user, name=form.cleaned_data["name"], birth_date=form.cleaned_data["birth_date"]
        )
    return render(
        request, "protection/find.html", {"form": form, "found": found, "committee": committee, "quick_exit": True}
    )


def appeal_for(user: Any, committee: Any, pk: Any) -> Appeal:
    return get_object_or_404(selectors.appeals_for(user).filter(committee=committee), pk=pk)
