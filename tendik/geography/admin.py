"""Read-only admin views: territory changes go through the SOATE import (services), which keeps history."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from tendik.geography.models import AdministrativeUnit, TerritoryImport, UnitName


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(ReadOnlyAdmin):
    list_display = ("code", "name_ru", "name_ky", "name_en", "level", "valid_from", "valid_to")
    list_filter = ("level",)
    search_fields = ("code", "search_text")
    list_select_related = ("parent",)


@admin.register(UnitName)
class UnitNameAdmin(ReadOnlyAdmin):
    list_display = ("name", "language", "kind", "valid_to", "unit")
    list_select_related = ("unit",)
    search_fields = ("name", "unit__code")


@admin.register(TerritoryImport)
class TerritoryImportAdmin(ReadOnlyAdmin):
    list_display = ("file_name", "status", "effective_on", "created_at", "created_by")
    list_filter = ("status",)
    exclude = ("rows", "plan")
