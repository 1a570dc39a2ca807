"""Users and role assignments in Django's admin, for superusers. Writes go through the same services as the
users page: no deletion (deactivate instead), grants checked against the administrator's own scope."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from tendik.accounts import services
from tendik.accounts.models import RoleAssignment, User
from tendik.accounts.permissions import has_perm
from tendik.accounts.roles import Perm


class ManagedByPermissionLayer(admin.ModelAdmin):
    """Visible to those who manage users; nothing is deleted here."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return has_perm(request.user, Perm.MANAGE_USERS)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return has_perm(request.user, Perm.MANAGE_USERS)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(User)
class UserAdmin(ManagedByPermissionLayer):
    list_display = ["username", "full_name", "organisation", "is_active", "last_login"]
    list_filter = ["is_active", "role_assignments__role"]
    search_fields = ["username", "full_name", "organisation", "email"]
    fields = ["username", *services.PROFILE_FIELDS, "is_active", "last_login", "date_joined", "roles"]
    readonly_fields = ["username", "is_active", "last_login", "date_joined", "roles"]
    actions = ["deactivate"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # new accounts start on the users page, with their first role

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return has_perm(request.user, Perm.MANAGE_USERS)

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        fields = {name: form.cleaned_data[name] for name in services.PROFILE_FIELDS if name in form.changed_data}
        # The form has already copied its values onto obj; the service writes them from a fresh copy.
        services.user_update(user=User.objects.get(pk=obj.pk), actor=cast(User, request.user), **fields)

    @admin.display(description=_("Roles"))
    def roles(self, obj: User) -> str:
        rows = obj.role_assignments.filter(is_active=True).select_related("unit", "committee")
        return "; ".join(f"{a.get_role_display()} — {a.scope_label}" for a in rows) or "—"

    @admin.action(description=_("Deactivate selected users"))
    def deactivate(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            try:
                services.user_deactivate(user=user, actor=cast(User, request.user))
            except PermissionDenied as exc:
                self.message_user(request, f"{user}: {exc}", messages.ERROR)


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ManagedByPermissionLayer):
    list_display = ["user", "role", "unit", "committee", "is_active", "created_at"]
    list_filter = ["role", "is_active"]
    list_select_related = ["user", "unit", "committee"]
    search_fields = ["user__username", "user__full_name", "unit__code", "unit__name_ru"]
    autocomplete_fields = ["user"]
    raw_id_fields = ["unit", "committee"]
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return has_perm(request.user, Perm.MANAGE_USERS)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a scope is not edited: revoke and grant anew, so the history stays readable

    def save_model(self, request: HttpRequest, obj: RoleAssignment, form: Any, change: bool) -> None:
        try:
            saved = services.role_assign(
                user=obj.user, role=obj.role, unit=obj.unit, committee=obj.committee, actor=cast(User, request.user)
            )
        except (PermissionDenied, ValidationError) as exc:
            raise PermissionDenied(str(exc)) from exc
        obj.pk = saved.pk

    @admin.action(description=_("Revoke selected role assignments"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[RoleAssignment]) -> None:
        for assignment in queryset.select_related("user", "unit", "committee"):
            try:
                services.role_revoke(assignment=assignment, actor=cast(User, request.user))
            except PermissionDenied as exc:
                self.message_user(request, f"{assignment}: {exc}", messages.ERROR)
