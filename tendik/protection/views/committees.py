"""Committee list, committee page, committee and member forms."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from tendik.accounts.permissions import has_perm, scope_paths
from tendik.accounts.roles import Perm
from tendik.geography.models import MUNICIPAL_LEVELS, AdministrativeUnit
from tendik.protection import permissions as p
from tendik.protection import selectors
from tendik.protection.forms import CommitteeForm, MemberForm
from tendik.protection.services import committees as services
from tendik.protection.views.common import committee_or_404, form_page


def _may_enter(user: object) -> bool:
    return has_perm(user, Perm.PROTECTION_VIEW) or has_perm(user, Perm.PROTECTION_MANAGE_COMMITTEES)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    if not _may_enter(request.user):
        raise PermissionDenied
    committees = (
        selectors.committees_for(request.user)
        .annotate(n_members=Count("members", filter=Q(members__left_on__isnull=True), distinct=True))
        .order_by("municipality__path")
    )
    return render(
        request,
        "protection/index.html",
        {
            "committees": committees,
            "can_create": has_perm(request.user, Perm.PROTECTION_MANAGE_COMMITTEES),
        },
    )


@login_required
def committee_detail(request: HttpRequest, pk: int) -> HttpResponse:
    committee = get_object_or_404(selectors.committees_for(request.user), pk=pk)
    user = request.user
    working = p.can_view(user, committee)
    context = {
        "committee": committee,
        "members": committee.members.all(),
        "working": working,
        "can_edit": p.can_edit(user, committee),
        "can_manage": p.can_manage(user, committee=committee),
        "can_export": p.can_export_identifiable(user, committee),
    }
    if working:
        context.update(
            {
                "appeals": selectors.appeals_for(user).filter(committee=committee)[:50],
                "families": selectors.families_for(user).filter(committee=committee),
                "cases": selectors.cases_for(user).filter(committee=committee),
                "meetings": selectors.meetings_for(user).filter(committee=committee),
                "events": selectors.events_for(user).filter(committee=committee),
            }
        )
    return render(request, "protection/committee.html", context)


def _municipalities(user: object) -> object:
    return AdministrativeUnit.objects.filter(level__in=MUNICIPAL_LEVELS).filter(_scope_q(user))


def _scope_q(user: object) -> Q:
    paths = scope_paths(user, Perm.PROTECTION_MANAGE_COMMITTEES)
    if paths is None:
        return Q()
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(path__startswith=path)
    return q


@login_required
def committee_create(request: HttpRequest) -> HttpResponse:
    if not has_perm(request.user, Perm.PROTECTION_MANAGE_COMMITTEES):
        raise PermissionDenied
    form = CommitteeForm(request.POST or None, municipalities=_municipalities(request.user))

    def save(data: dict) -> str:
        committee = services.committee_create(actor=request.user, **data)
        return reverse("protection:committee", args=[committee.pk])

    return form_page(request, form, save, title=_("New committee"), back=reverse("protection:index"))


@login_required
def committee_edit(request: HttpRequest, pk: int) -> HttpResponse:
    committee = committee_or_404(request.user, pk, working=False)
    if not p.can_manage(request.user, committee=committee):
        raise PermissionDenied
    form = CommitteeForm(request.POST or None, instance=committee)
    back = reverse("protection:committee", args=[pk])

    def save(data: dict) -> str:
        data.pop("municipality", None)
        services.committee_update(committee=committee, actor=request.user, version=form.submitted_version, **data)
        return back

    return form_page(request, form, save, title=_("Edit committee"), back=back)


@login_required
def member_form(request: HttpRequest, pk: int, member_pk: int | None = None) -> HttpResponse:
    committee = committee_or_404(request.user, pk, working=False)
    if not (p.can_manage(request.user, committee=committee) or p.can_edit(request.user, committee)):
        raise PermissionDenied
    member = get_object_or_404(committee.members, pk=member_pk) if member_pk else None
    form = MemberForm(request.POST or None, instance=member)
    back = reverse("protection:committee", args=[pk])

    def save(data: dict) -> str:
        if member is None:
            services.member_add(committee=committee, actor=request.user, **data)
        else:
            services.member_update(member=member, actor=request.user, version=form.submitted_version, **data)
        return back

    title = _("Edit member") if member else _("New member")
    return form_page(request, form, save, title=title, back=back)
