"""Catalogue of the national plans: plan → priority area / section → goal → measure."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tendik.audit.models import AuditedModel

from .i18n import current_lang, localized


class PlanKind(models.TextChoices):
    GENDER = "gender", _("National Gender Equality Plan")
    WPS1325 = "wps1325", _("National Action Plan on UN Security Council Resolution 1325")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_FORCE = "in_force", _("In force")
    COMPLETED = "completed", _("Completed")


class Plan(AuditedModel):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=PlanKind.choices, db_index=True)
    title_ru = models.TextField(_("title (Russian)"))
    title_ky = models.TextField(_("title (Kyrgyz)"), blank=True)
    title_en = models.TextField(_("title (English)"), blank=True)
    short_title_ru = models.CharField(_("short title (Russian)"), max_length=200, blank=True)
    short_title_ky = models.CharField(_("short title (Kyrgyz)"), max_length=200, blank=True)
    short_title_en = models.CharField(_("short title (English)"), max_length=200, blank=True)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    is_current = models.BooleanField(_("current plan"), default=False, db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.IN_FORCE)
    adopted_by_ru = models.TextField(_("adopted by (Russian)"), blank=True)
    adopted_by_ky = models.TextField(_("adopted by (Kyrgyz)"), blank=True)
    adopted_by_en = models.TextField(_("adopted by (English)"), blank=True)
    notes_ru = models.TextField(_("notes (Russian)"), blank=True)
    notes_ky = models.TextField(_("notes (Kyrgyz)"), blank=True)
    notes_en = models.TextField(_("notes (English)"), blank=True)
    source = models.CharField(_("source of the text (Russian)"), max_length=300, blank=True)
    source_ky = models.CharField(_("source of the text (Kyrgyz)"), max_length=300, blank=True)
    source_en = models.CharField(_("source of the text (English)"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    title = localized("title")
    adopted_by = localized("adopted_by")
    notes = localized("notes")

    @property
    def source_text(self) -> str:
        """Where the text comes from, in the active language (fallback: Russian)."""
        return {"ky": self.source_ky, "en": self.source_en}.get(current_lang()) or self.source

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-is_current", "kind", "-start_year", "order", "code"]

    def __str__(self) -> str:
        return self.short_title or self.code

    @property
    def short_title(self) -> str:
        from .i18n import pick

        return pick(self, "short_title") or pick(self, "title")

    @property
    def period(self) -> str:
        return f"{self.start_year}–{self.end_year}"

    def audit_label(self) -> str:
        return self.code


class NumberedPart(AuditedModel):
    """A numbered, titled part of a plan (area or goal)."""

    number = models.CharField(_("number"), max_length=10)
    title_ru = models.TextField(_("title (Russian)"))
    title_ky = models.TextField(_("title (Kyrgyz)"), blank=True)
    title_en = models.TextField(_("title (English)"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    title = localized("title")

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class PlanArea(NumberedPart):
    """A priority area (gender plan) or a section (1325 plan)."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="areas")

    class Meta:
        verbose_name = _("priority area / section")
        verbose_name_plural = _("priority areas / sections")
        ordering = ["plan", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plans_area_unique_number")]

    def audit_label(self) -> str:
        return f"{self.plan_id}:{self.number}"


class Goal(NumberedPart):
    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="goals")
    area = models.ForeignKey(PlanArea, verbose_name=_("area"), on_delete=models.CASCADE, related_name="goals")

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["plan", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["area", "number"], name="plans_goal_unique_number")]

    def audit_label(self) -> str:
        return f"{self.plan_id}:{self.area_id}:{self.number}"


class SdgTarget(AuditedModel):
    """A Sustainable Development Goal target (5.1, 16.7...)."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    title_ru = models.TextField(_("title (Russian)"), blank=True)
    title_ky = models.TextField(_("title (Kyrgyz)"), blank=True)
    title_en = models.TextField(_("title (English)"), blank=True)

    title = localized("title")

    class Meta:
        verbose_name = _("SDG target")
        verbose_name_plural = _("SDG targets")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code

    def audit_label(self) -> str:
        return self.code


class MeasureLevel(models.TextChoices):
    NATIONAL = "national", _("National level")
    LOCAL = "local", _("Local level")


class Measure(AuditedModel):
    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="measures")
    goal = models.ForeignKey(Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="measures")
    number = models.CharField(_("number"), max_length=20)
    level = models.CharField(_("level"), max_length=10, choices=MeasureLevel.choices, default=MeasureLevel.NATIONAL)
    text_ru = models.TextField(_("measure (Russian)"))
    text_ky = models.TextField(_("measure (Kyrgyz)"), blank=True)
    text_en = models.TextField(_("measure (English)"), blank=True)
    responsible_ru = models.TextField(_("responsible and co-implementers (Russian)"), blank=True)
    responsible_ky = models.TextField(_("responsible and co-implementers (Kyrgyz)"), blank=True)
    responsible_en = models.TextField(_("responsible and co-implementers (English)"), blank=True)
    deadline_ru = models.CharField(_("period or deadline (Russian)"), max_length=200, blank=True)
    deadline_ky = models.CharField(_("period or deadline (Kyrgyz)"), max_length=200, blank=True)
    deadline_en = models.CharField(_("period or deadline (English)"), max_length=200, blank=True)
    due_year = models.PositiveSmallIntegerField(
        _("due by (year)"), null=True, blank=True, help_text=_("Last year of the deadline; flags overdue measures.")
    )
    expected_result_ru = models.TextField(_("expected result (Russian)"), blank=True)
    expected_result_ky = models.TextField(_("expected result (Kyrgyz)"), blank=True)
    expected_result_en = models.TextField(_("expected result (English)"), blank=True)
    funding_source_ru = models.TextField(_("funding source (Russian)"), blank=True)
    funding_source_ky = models.TextField(_("funding source (Kyrgyz)"), blank=True)
    funding_source_en = models.TextField(_("funding source (English)"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    sdg_targets = models.ManyToManyField(SdgTarget, verbose_name=_("SDG targets"), blank=True, related_name="measures")
    related_measures = models.ManyToManyField("self", verbose_name=_("related measures"), blank=True, symmetrical=True)
    search_text = models.TextField(editable=False, blank=True)

    text = localized("text")
    responsible = localized("responsible")
    deadline = localized("deadline")
    expected_result = localized("expected_result")
    funding_source = localized("funding_source")

    audit_ignored_fields = ("search_text",)

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["plan", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plans_measure_unique_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def title(self) -> str:
        """The measure's text, shortened for lists."""
        text = self.text
        return text if len(text) <= 160 else text[:157].rstrip() + "…"

    def refresh_search_text(self) -> None:
        from tendik.geography.models import normalise_name

        parts = [self.number]
        for base in ("text", "responsible", "expected_result"):
            parts += [getattr(self, f"{base}_{lang}") for lang in ("ru", "ky", "en")]
        self.search_text = normalise_name(" | ".join(p for p in parts if p))

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        self.refresh_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "search_text" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "search_text"]
        super().save(*args, **kwargs)

    def audit_label(self) -> str:
        return f"{self.plan_id}:{self.number}"
