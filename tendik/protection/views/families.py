"""At-risk families and appeals."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from tendik.audit.services import access_log
from tendik.protection import permissions as p
from tendik.protection import selectors
from tendik.protection.forms import AppealForm, FamilyForm, FamilyRemoveForm, VisitForm
from tendik.protection.services import appeals as appeal_services
from tendik.protection.services import families as services
from tendik.protection.views.common import committee_or_404, form_page


def _family(request: HttpRequest, pk: int, *, edit: bool = False) -> Any:
    family = get_object_or_404(selectors.families_for(request.user), pk=pk)
    if edit and not p.can_edit(request.user, family.committee):
        raise PermissionDenied
    return family


@never_cache
@login_required
def family_detail(request: HttpRequest, pk: int) -> HttpResponse:
    family = _family(request, pk)
    return render(
        request,
        "protection/family.html",
        {
            "family": family,
            "visits": family.visits.select_related("member"),
            "can_edit": p.can_edit(request.user, family.committee),
            "visit_form": VisitForm(initial={"done_on": timezone.localdate()}),
        },
    )


@never_cache
@login_required
def family_form(request: HttpRequest, pk: int, family_pk: int | None = None) -> HttpResponse:
    committee = committee_or_404(request.user, pk)
    if not p.can_edit(request.user, committee):
        raise PermissionDenied
    family = (
        get_object_or_404(selectors.families_for(request.user), pk=family_pk, committee=committee)
        if family_pk
        else None
    )
    appeal = None
    if request.GET.get("appeal"):
        appeal = get_object_or_404(
            selectors.appeals_for(request.user).filter(committee=committee), pk=request.GET["appeal"]
        )
    form = FamilyForm(
        request.POST or None, instance=family, committee=committee, initial={"added_on": timezone.localdate()}
    )

    def save(data: dict[str, Any]) -> str:
        if family is None:
            created = services.family_add(committee=committee, actor=request.user, appeal=appeal, **data)
            return reverse("protection:family", args=[created.pk])
        services.family_update(family=family, actor=request.user, version=form.submitted_version, **data)
        return reverse("protection:family", args=[family.pk])

    return form_page(request, form, save, title=_("At-risk family"), back=reverse("protection:committee", args=[pk]))


@login_required
def visit_add(request: HttpRequest, pk: int) -> HttpResponse:
    """One screen on a phone: what, when, a note, next review — then back to the family."""
    family = _family(request, pk, edit=True)
    form = VisitForm(request.POST or None, initial={"done_on": timezone.localdate()})
    back = reverse("protection:family", args=[pk])

    def save(data: dict[str, Any]) -> str:
        services.family_visit_record(family=family, actor=request.user, **data)
        return back

    return form_page(request, form, save, title=_("Visit to %(code)s") % {"code": family.code}, back=back)


@login_required
def family_remove(request: HttpRequest, pk: int) -> HttpResponse:
    family = _family(request, pk, edit=True)
    form = FamilyRemoveForm(request.POST or None, initial={"on": timezone.localdate()}, versioned=family)
    back = reverse("protection:family", args=[pk])

    def save(data: dict[str, Any]) -> str:
        services.family_remove(
            family=family, actor=request.user, reason=data["reason"], on=data["on"], version=form.submitted_version
        )
        return back

    return form_page(request, form, save, title=_("Take %(code)s off the list") % {"code": family.code}, back=back)


@never_cache
@login_required
def appeal_form(request: HttpRequest, pk: int, appeal_pk: int | None = None) -> HttpResponse:
    committee = committee_or_404(request.user, pk)
    if not p.can_edit(request.user, committee):
        raise PermissionDenied
    appeal = (
        get_object_or_404(selectors.appeals_for(request.user), pk=appeal_pk, committee=committee) if appeal_pk else None
    )
    form = AppealForm(
        request.POST or None, instance=appeal, committee=committee, initial={"received_on": timezone.localdate()}
    )
    back = reverse("protection:committee", args=[pk])

    def save(data: dict[str, Any]) -> str:
        if appeal is None:
            data.pop("outcome", None)
            appeal_services.appeal_register(committee=committee, actor=request.user, **data)
        else:
            appeal_services.appeal_update(appeal=appeal, actor=request.user, version=form.submitted_version, **data)
        return back

    if appeal is not None and request.method == "GET" and (appeal.appellant_name or appeal.appellant_contact):
        access_log(instance=appeal, purpose="appeal.identity", actor=request.user)
    actions = None
    if appeal is not None and appeal.case_id is None and appeal.family_id is None:
        actions = [
            (reverse("protection:case_open", args=[pk]) + f"?appeal={appeal.pk}", _("Open a case from this appeal")),
            (reverse("protection:family_add", args=[pk]) + f"?appeal={appeal.pk}", _("Put the family on the list")),
        ]
    return form_page(
        request, form, save, title=appeal.code if appeal else _("New appeal"), back=back, extra={"actions": actions}
    )
