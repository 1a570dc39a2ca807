"""Admin: body types and their rule thresholds (configuration). Bodies and composition are edited on their pages,
which check the territory; here they are read-only for administrators who need to look something up."""

from typing import Any

from django.contrib import admin

from tendik.participation.models import Body, BodyType


@admin.register(BodyType)
class BodyTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name_ru", "max_share", "min_seats", "head_deputy_rule", "indicator_code", "is_active"]
    list_editable = ["max_share", "min_seats", "head_deputy_rule", "is_active"]
    list_filter = ["is_active", "head_deputy_rule"]
    search_fields = ["code", "name_ru", "name_ky", "name_en"]
    ordering = ["order", "code"]


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ["name_ru", "body_type", "unit", "recording", "established_on", "dissolved_on"]
    list_filter = ["body_type", "recording"]
    search_fields = ["name_ru", "unit__name_ru"]
    list_select_related = ["body_type", "unit"]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
