"""Bodies pages: the quota dashboard, the list, a body's page with its history, and the forms that record it.

Reading needs PARTICIPATION_VIEW in the body's territory (outside it: 404); writing needs BODIES_EDIT there (403);
body types need a national BODY_TYPES_MANAGE grant.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tendik.accounts.permissions import has_perm, is_national, require, scope_paths
from tendik.accounts.roles import Perm
from tendik.geography.models import AdministrativeUnit
from tendik.participation.forms.bodies import (
    BodyForm,
    BodyTypeForm,
    CountForm,
    DissolveForm,
    LeaveForm,
    MemberForm,
    SeatsForm,
)
from tendik.participation.models import Body, BodyMember, BodyType, Recording
from tendik.participation.selectors import bodies as sel
from tendik.participation.services import bodies as services
from tendik.participation.views import common
from tendik.participation.views.bodies_dashboard import quota_context


def form_page(
    request: HttpRequest,
    form: BaseForm,
    on_valid: Callable[[dict[str, Any]], str],
    *,
    title: str,
    back: str,
    intro: str = "",
) -> HttpResponse:
    return common.form_page(
        request, form, on_valid, title=title, back=back, intro=intro, template="participation/bodies/form.html"
    )


def _body_or_404(request: HttpRequest, pk: int) -> Body:
    require(request.user, Perm.PARTICIPATION_VIEW)
    body = sel.body_or_none(request.user, pk)
    if body is None:
        raise Http404
    return body


def _editable_body(request: HttpRequest, pk: int) -> Body:
    body = _body_or_404(request, pk)
    if not sel.may_edit(request.user, body):
        raise PermissionDenied
    return body


def _on(request: HttpRequest) -> dt.date:
    raw = request.GET.get("on", "")
    try:
        return dt.date.fromisoformat(raw) if raw else timezone.localdate()
    except ValueError:
        return timezone.localdate()


def territory_from_request(request: HttpRequest) -> AdministrativeUnit | None:
    """The territory asked for (?unit=<code>), which must lie in the user's scope; else her own territory."""
    paths = scope_paths(request.user, Perm.PARTICIPATION_VIEW)
    code = request.GET.get("unit", "").strip()
    if code:
        unit = AdministrativeUnit.objects.filter(code=code).first()
        if unit is None or (paths is not None and not any(unit.path.startswith(p) for p in paths)):
            raise Http404
        return unit
    if paths is not None and len(paths) == 1:
        return AdministrativeUnit.objects.filter(path=paths[0]).first()
    return None


@login_required
def quota(request: HttpRequest) -> HttpResponse:
    """The quota dashboard of a territory: bodies breaking a rule first, the share over time, the share by area."""
    require(request.user, Perm.PARTICIPATION_VIEW)
    unit = territory_from_request(request)
    context = quota_context(request.user, unit=unit, on=_on(request))
    return render(request, "participation/bodies/quota.html", context)


@login_required
def body_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.PARTICIPATION_VIEW)
    unit = territory_from_request(request)
    on = _on(request)
    body_type = BodyType.objects.filter(code=request.GET.get("type", "")).first()
    rows = sel.territory_bodies(request.user, unit=unit, on=on, body_type=body_type)
    if request.GET.get("breaking"):
        rows = rows.filter(breaks_rule=True)
    return render(
        request,
        "participation/bodies/list.html",
        {
            "bodies": rows[:500],
            "territory": unit,
            "on": on,
            "types": sel.body_types(),
            "body_type": body_type,
            "breaking": bool(request.GET.get("breaking")),
            "can_create": has_perm(request.user, Perm.BODIES_EDIT),
            "can_types": is_national(request.user, Perm.BODY_TYPES_MANAGE),
        },
    )


@login_required
def body_detail(request: HttpRequest, pk: int) -> HttpResponse:
    body = _body_or_404(request, pk)
    on = _on(request)
    can_edit = sel.may_edit(request.user, body)
    return render(
        request,
        "participation/bodies/detail.html",
        {
            "body": body,
            "on": on,
            "composition": sel.composition_on(body, on),
            "history": sel.composition_history(body),
            "can_edit": can_edit,
            # names are personal details: only people who keep the body's records see them
            "show_names": can_edit,
            "by_members": body.recording == Recording.MEMBERS,
            "successors": list(body.successors.all()),
        },
    )


@login_required
def body_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.BODIES_EDIT)
    units = sel.units_for(request.user)
    form = BodyForm(request.POST or None, units=units)

    def save(data: dict[str, Any]) -> str:
        data = {k: v for k, v in data.items() if k != "version"}
        body = services.body_create(actor=request.user, **data)
        return reverse("participation:body", args=[body.pk])

    return form_page(request, form, save, title=_("New body"), back=reverse("participation:bodies"))


@login_required
def body_edit(request: HttpRequest, pk: int) -> HttpResponse:
    body = _editable_body(request, pk)
    initial = {k: getattr(body, k) for k in services.BODY_FIELDS}
    form = BodyForm(
        request.POST or None, initial=initial, units=sel.units_for(request.user), editing=True, versioned=body
    )

    def save(data: dict[str, Any]) -> str:
        services.body_update(body=body, actor=request.user, **data)
        return reverse("participation:body", args=[body.pk])

    back = reverse("participation:body", args=[body.pk])
    return form_page(request, form, save, title=_("Change %(name)s") % {"name": body.name}, back=back)


@login_required
def body_count(request: HttpRequest, pk: int) -> HttpResponse:
    body = _editable_body(request, pk)
    if body.recording != Recording.COUNTS:
        return redirect("participation:body_member_add", pk=body.pk)
    form = CountForm(request.POST or None, initial={"as_of": timezone.localdate()})

    def save(data: dict[str, Any]) -> str:
        services.count_record(body=body, actor=request.user, **data)
        return reverse("participation:body", args=[body.pk])

    back = reverse("participation:body", args=[body.pk])
    intro = _("Record who holds a seat from this date: after an election, an appointment, a departure or a vacancy.")
    return form_page(request, form, save, title=body.name, back=back, intro=intro)


@login_required
def body_seats(request: HttpRequest, pk: int) -> HttpResponse:
    body = _editable_body(request, pk)
    form = SeatsForm(request.POST or None)

    def save(data: dict[str, Any]) -> str:
        services.seats_set(body=body, actor=request.user, **data)
        return reverse("participation:body", args=[body.pk])

    back = reverse("participation:body", args=[body.pk])
    return form_page(request, form, save, title=_("Seats of %(name)s") % {"name": body.name}, back=back)


@login_required
def body_member_add(request: HttpRequest, pk: int) -> HttpResponse:
    body = _editable_body(request, pk)
    form = MemberForm(request.POST or None, initial={"term_start": timezone.localdate()})

    def save(data: dict[str, Any]) -> str:
        services.member_add(body=body, actor=request.user, **data)
        return reverse("participation:body", args=[body.pk])

    back = reverse("participation:body", args=[body.pk])
    return form_page(request, form, save, title=_("New member of %(name)s") % {"name": body.name}, back=back)


@login_required
def body_member_leave(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Perm.PARTICIPATION_VIEW)
    member = get_object_or_404(BodyMember.objects.select_related("body__unit"), pk=pk)
    body = _editable_body(request, member.body_id)
    form = LeaveForm(request.POST or None, initial={"on": timezone.localdate(), "vacancy": True})

    def save(data: dict[str, Any]) -> str:
        services.member_leave(member=member, actor=request.user, **data)
        return reverse("participation:body", args=[body.pk])

    back = reverse("participation:body", args=[body.pk])
    return form_page(request, form, save, title=_("A member leaves %(name)s") % {"name": body.name}, back=back)


@login_required
def body_dissolve(request: HttpRequest, pk: int) -> HttpResponse:
    body = _editable_body(request, pk)
    form = DissolveForm(request.POST or None, units=sel.units_for(request.user))

    def save(data: dict[str, Any]) -> str:
        successor = services.body_dissolve(body=body, actor=request.user, **data)
        return reverse("participation:body", args=[(successor or body).pk])

    back = reverse("participation:body", args=[body.pk])
    intro = _("Its history stays. After a territorial reform, name the new territory: the body continues there.")
    return form_page(request, form, save, title=_("Dissolve %(name)s") % {"name": body.name}, back=back, intro=intro)


def _require_types(request: HttpRequest) -> None:
    if not is_national(request.user, Perm.BODY_TYPES_MANAGE):
        raise PermissionDenied


@login_required
def body_types(request: HttpRequest) -> HttpResponse:
    _require_types(request)
    return render(request, "participation/bodies/types.html", {"types": sel.body_types(active_only=False)})


@login_required
def body_type_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require_types(request)
    instance = get_object_or_404(BodyType, pk=pk) if pk else None
    # the form validates a copy: the service compares the saved type with the new values and writes the difference
    form = BodyTypeForm(request.POST or None, instance=copy.copy(instance) if instance else None)
    fields = services.BODY_TYPE_FIELDS

    def save(data: dict[str, Any]) -> str:
        values = {k: data[k] for k in fields if k in data}
        if instance is None:
            services.body_type_create(actor=request.user, code=data["code"], **values)
        else:
            services.body_type_update(body_type=instance, actor=request.user, version=data.get("version"), **values)
        return reverse("participation:body_types")

    title = instance.name if instance else _("New body type")
    return form_page(request, form, save, title=title, back=reverse("participation:body_types"))
