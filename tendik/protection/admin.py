"""Admin: configuration (protection-order term rules, provider registry) and committees.

Cases, appeals and families are deliberately not here: their identities are shown only through the case pages,
which check who may see them and log every view.
"""

from django.contrib import admin

from tendik.protection.models import Committee, CommitteeMember, ProtectionOrderRule, ServiceProvider


@admin.register(ProtectionOrderRule)
class ProtectionOrderRuleAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "effective_from",
        "effective_until",
        "max_initial_days",
        "max_extension_days",
        "max_total_days",
        "alert_days_before",
    ]
    ordering = ["-effective_from"]


@admin.register(ServiceProvider)
class ServiceProviderAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "unit", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
    raw_id_fields = ["unit"]


class MemberInline(admin.TabularInline):
    model = CommitteeMember
    extra = 0
    fields = ["full_name", "sector", "role", "sex", "organisation", "joined_on", "left_on"]


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality", "status", "decision_date"]
    list_filter = ["status"]
    search_fields = ["name", "municipality__name_ru"]
    raw_id_fields = ["municipality"]
    inlines = [MemberInline]
