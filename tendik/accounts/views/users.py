"""The users page: search, create, edit, roles with scope, deactivation, password and second-factor resets."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from tendik.accounts import services
from tendik.accounts.forms import ProfileForm, RoleAssignForm, SetPasswordForm, UserCreateForm, UserSearchForm
from tendik.accounts.models import User
from tendik.accounts.permissions import may_grant, may_view_audit
from tendik.accounts.roles import Perm
from tendik.accounts.selectors import (
    assignment_access,
    unit_pick_label,
    units_to_pick,
    user_access,
    user_assignments,
    user_list,
)
from tendik.accounts.views.common import actor, paginate, perm_required, query_without_page
from tendik.audit.selectors import history_for
from tendik.core.concurrency import StaleVersion

# Service errors name model fields; the forms name some of them differently.
_FIELD_MAP = {"unit": "unit_code", "committee": "committee_id", "__all__": None}


def _apply_errors(form: Form, exc: ValidationError, default_field: str | None = None) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = _FIELD_MAP.get(field, field)
            form.add_error(target if target in form.fields else None, errors)
    else:
        form.add_error(default_field, exc.messages)


@perm_required(Perm.MANAGE_USERS)
@require_GET
def user_index(request: HttpRequest) -> HttpResponse:
    form = UserSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    users = user_list(
        actor=actor(request), query=filters.get("q", ""), role=filters.get("role", ""), active=filters.get("active", "")
    )
    context = {"form": form, "page": paginate(request, users), "query": query_without_page(request)}
    return render(request, "accounts/users.html", context)


@perm_required(Perm.MANAGE_USERS)
@require_http_methods(["GET", "POST"])
def user_create(request: HttpRequest) -> HttpResponse:
    form = UserCreateForm(request.POST or None, actor=actor(request))
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_create(
                actor=actor(request),
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
                **form.scope,
                **form.profile(),
            )
        except PermissionDenied as exc:
            form.add_error("role", str(exc))
            status = 403
        except ValidationError as exc:
            _apply_errors(form, exc, default_field="password")
        else:
            messages.success(request, _("The account has been created."))
            return redirect("accounts:user_detail", user_id=user.pk)
    return render(request, "accounts/user_create.html", {"form": form}, status=status)


def _detail(
    request: HttpRequest,
    user: User,
    *,
    role_form: Form | None = None,
    password_form: Form | None = None,
    status: int = 200,
) -> HttpResponse:
    me = actor(request)
    assignments = [
        (a, a.is_active and may_grant(me, role=a.role, unit=a.unit, committee=a.committee))
        for a in user_assignments(user=user)
    ]
    context = {
        "subject": user,
        "assignments": assignments,
        "role_form": role_form or RoleAssignForm(actor=actor(request)),
        "password_form": password_form or SetPasswordForm(),
        "history": history_for(user).order_by("-at", "-id")[:10],
        "can_view_audit": may_view_audit(actor(request)),
        "has_device": TOTPDevice.objects.filter(user=user).exists(),
    }
    return render(request, "accounts/user_detail.html", context, status=status)


@perm_required(Perm.MANAGE_USERS)
@require_GET
def user_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    return _detail(request, user_access(actor=actor(request), user_id=user_id))


@perm_required(Perm.MANAGE_USERS)
@require_http_methods(["GET", "POST"])
def user_edit(request: HttpRequest, user_id: int) -> HttpResponse:
    user = user_access(actor=actor(request), user_id=user_id)
    initial = {name: getattr(user, name) for name in services.PROFILE_FIELDS}
    form = ProfileForm(request.POST or None, initial=initial, versioned=user)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update(
                user=user, actor=actor(request), version=form.submitted_version or user.version, **form.profile()
            )
        except StaleVersion as exc:
            form.stale(exc)
            status = 409
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The profile has been saved."))
            return redirect("accounts:user_detail", user_id=user.pk)
    return render(request, "accounts/user_edit.html", {"form": form, "subject": user}, status=status)


@perm_required(Perm.MANAGE_USERS)
@require_POST
def role_add(request: HttpRequest, user_id: int) -> HttpResponse:
    user = user_access(actor=actor(request), user_id=user_id)
    form = RoleAssignForm(request.POST, actor=actor(request))
    if form.is_valid():
        try:
            services.role_assign(user=user, actor=actor(request), **form.scope)
        except PermissionDenied as exc:
            form.add_error("role", str(exc))
            return _detail(request, user, role_form=form, status=403)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The role has been granted."))
            return redirect("accounts:user_detail", user_id=user.pk)
    return _detail(request, user, role_form=form)


def _denied(request: HttpRequest, exc: PermissionDenied) -> None:
    messages.error(request, str(exc) or _("This is not permitted."))


@perm_required(Perm.MANAGE_USERS)
@require_POST
def role_revoke(request: HttpRequest, user_id: int, assignment_id: int) -> HttpResponse:
    user = user_access(actor=actor(request), user_id=user_id)
    assignment = assignment_access(actor=actor(request), user=user, assignment_id=assignment_id)
    try:
        services.role_revoke(assignment=assignment, actor=actor(request))
    except PermissionDenied as exc:
        _denied(request, exc)
    else:
        messages.success(request, _("The role has been revoked."))
    return redirect("accounts:user_detail", user_id=user.pk)


@perm_required(Perm.MANAGE_USERS)
@require_POST
def user_deactivate(request: HttpRequest, user_id: int) -> HttpResponse:
    user = user_access(actor=actor(request), user_id=user_id)
    try:
        services.user_deactivate(user=user, actor=actor(request))
    except PermissionDenied as exc:
        _denied(request, exc)
    else:
        messages.success(request, _("The account has been deactivated."))
    return redirect("accounts:user_detail", user_id=user.pk)


@perm_required(Perm.MANAGE_USERS)
@require_POST
def user_activate(request: HttpRequest, user_id: int) -> HttpResponse:
    user = user_access(actor=actor(request), user_id=user_id)
    services.user_activate(user=user, actor=actor(request))
    messages.success(request, _("The account has been activated again."))
    return redirect("accounts:user_detail", user_id=user.pk)


@perm_required(Perm.MANAGE_USERS)
@require_POST
def user_set_password(request: HttpRequest, user_id: int) -> HttpResponse:
    user = user_access(actor=actor(request), user_id=user_id)
    form = SetPasswordForm(request.POST)
    if form.is_valid():
        try:
            services.user_set_password(user=user, password=form.cleaned_data["password"], actor=actor(request))
        except ValidationError as exc:
            _apply_errors(form, exc, default_field="password")
        else:
            messages.success(request, _("The new password has been set. Give it to the user in person."))
            return redirect("accounts:user_detail", user_id=user.pk)
    return _detail(request, user, password_form=form)


@perm_required(Perm.MANAGE_USERS)
@require_POST
def user_two_factor_reset(request: HttpRequest, user_id: int) -> HttpResponse:
    user = user_access(actor=actor(request), user_id=user_id)
    services.two_factor_reset(user=user, actor=actor(request))
    messages.success(request, _("The authenticator has been removed: the user sets up a new one at the next sign-in."))
    return redirect("accounts:user_detail", user_id=user.pk)


@perm_required(Perm.MANAGE_USERS)
@require_GET
def unit_options(request: HttpRequest) -> HttpResponse:
    """<option> elements for the territory field's datalist (HTMX), inside the actor's scope."""
    query = request.GET.get("unit_code", "").strip()
    units: Any = units_to_pick(actor=actor(request), query=query) if len(query) >= 2 else []
    # the option's value is what the field shows once picked: a name, never a code
    options = [(unit_pick_label(u), u.get_level_display()) for u in units]
    return render(request, "accounts/_unit_options.html", {"options": options})
