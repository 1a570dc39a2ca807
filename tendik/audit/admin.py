"""The audit trail in Django's admin: read-only, for those who may read it (tendik.audit.access)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from tendik.audit.access import may_view
from tendik.audit.models import AccessLogEntry, AuditEntry


class ReadOnlyAdmin(admin.ModelAdmin):
    list_select_related = ["content_type"]
    date_hierarchy = "at"
    search_fields = ["actor_label", "object_id", "object_repr"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return may_view(request.user)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return may_view(request.user)


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor_label", "ip", "action", "content_type", "object_id", "object_repr"]
    list_filter = ["action", "source", "content_type"]


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor_label", "ip", "purpose", "content_type", "object_id", "object_repr"]
    list_filter = ["source", "content_type"]
