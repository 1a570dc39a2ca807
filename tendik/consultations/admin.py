"""Administration: the answer states and the moves allowed between them are configured here (issue 4: "answer
states that an administrator can configure"). Domain records are edited through the application, not here."""

from __future__ import annotations

from django.contrib import admin

from tendik.consultations.models import AnswerState, AnswerTransition, Organisation


class TransitionInline(admin.TabularInline):
    model = AnswerTransition
    fk_name = "from_state"
    extra = 1


@admin.register(AnswerState)
class AnswerStateAdmin(admin.ModelAdmin):
    list_display = (
        "code",
        "name_ru",
        "name_ky",
        "name_en",
        "is_initial",
        "requires_text",
        "requires_measure",
        "is_final",
        "order",
    )
    list_editable = ("order",)
    inlines = [TransitionInline]

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        # A state in use by answers cannot go (PROTECT); an unused one may.
        return super().has_delete_permission(request, obj) and (obj is None or not obj.pk or not _in_use(obj))


def _in_use(state: AnswerState) -> bool:
    from tendik.consultations.models import RecommendationAnswer

    return RecommendationAnswer.objects.filter(state=state).exists()


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name_ru", "name_ky", "name_en")
    search_fields = ("name_ru", "name_ky", "name_en")
