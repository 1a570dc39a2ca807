"""Problems named by region, the recommendations made, and each recommendation's event timeline."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tendik.audit.models import AppendOnlyModel, AuditedModel
from tendik.core.concurrency import Versioned

from .choices import EventKind, Level, RecommendationScope, Theme
from .i18n import localized
from .meetings import ConsultationSeries, Meeting
from .participants import Participant


class Problem(AuditedModel):
    """A problem the participants of a region named (the seed's per-region «Проблемы»)."""

    series = models.ForeignKey(
        ConsultationSeries, verbose_name=_("series"), on_delete=models.CASCADE, related_name="problems"
    )
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), null=True, blank=True, on_delete=models.SET_NULL, related_name="problems"
    )
    regions = models.ManyToManyField("geography.AdministrativeUnit", verbose_name=_("regions"), related_name="+")
    theme = models.CharField(_("theme"), max_length=30, choices=Theme.choices, blank=True)
    text_ru = models.TextField(_("text (Russian)"))
    text_ky = models.TextField(_("text (Kyrgyz)"), blank=True)
    text_en = models.TextField(_("text (English)"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    text = localized("text")

    class Meta:
        verbose_name = _("problem")
        verbose_name_plural = _("problems")
        ordering = ["series", "order", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class RecommendationQuerySet(models.QuerySet["Recommendation"]):
    def active(self) -> RecommendationQuerySet:
        """Not merged into another recommendation."""
        return self.filter(merged_into__isnull=True)


class Recommendation(Versioned, AuditedModel):
    audit_ignored_fields = ("stems",)

    series = models.ForeignKey(
        ConsultationSeries, verbose_name=_("series"), on_delete=models.PROTECT, related_name="recommendations"
    )
    code = models.SlugField(_("code"), max_length=60, unique=True)
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recommendations",
        help_text=_("Empty for a recommendation of the whole series."),
    )
    scope = models.CharField(
        _("scope"), max_length=10, choices=RecommendationScope.choices, default=RecommendationScope.REGIONAL
    )
    regions = models.ManyToManyField(
        "geography.AdministrativeUnit", verbose_name=_("regions"), blank=True, related_name="+"
    )
    theme = models.CharField(_("theme"), max_length=30, choices=Theme.choices, blank=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, default=Level.NATIONAL)
    text_ru = models.TextField(_("text (Russian)"), blank=True)
    text_ky = models.TextField(_("text (Kyrgyz)"), blank=True)
    text_en = models.TextField(_("text (English)"), blank=True)
    plans = models.ManyToManyField("plans.Plan", verbose_name=_("plans"), blank=True, related_name="+")
    goals = models.ManyToManyField(
        "plans.Goal", verbose_name=_("goals"), blank=True, related_name="consultation_recommendations"
    )
    measures = models.ManyToManyField(
        "plans.Measure", verbose_name=_("measures"), blank=True, related_name="consultation_recommendations"
    )
    followers = models.ManyToManyField(
        Participant,
        verbose_name=_("participants to inform"),
        blank=True,
        related_name="followed_recommendations",
        help_text=_("Participants who made or support this recommendation, besides those of its meeting."),
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
    )
    current_answer = models.ForeignKey(
        "consultations.RecommendationAnswer",
        verbose_name=_("current answer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    published_answer = models.ForeignKey(
        "consultations.RecommendationAnswer",
        verbose_name=_("published answer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    stems = models.TextField(editable=False, blank=True, help_text="Stemmed words for the similarity search.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now, editable=False)
    order = models.PositiveIntegerField(_("order"), default=0)

    text = localized("text")
    objects = RecommendationQuerySet.as_manager()

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["series", "order", "id"]
        indexes = [
            # The lists' order over active recommendations: their pages' keys come from the index alone (issue 11).
            models.Index(
                fields=["series", "order", "id"], name="consult_rec_active_order", condition=Q(merged_into__isnull=True)
            )
        ]

    def __str__(self) -> str:
        return self.code

    def audit_label(self) -> str:
        return self.code

    @property
    def short_text(self) -> str:
        text = self.text
        return text if len(text) <= 200 else text[:197].rstrip() + "…"

    @property
    def has_unpublished_answer(self) -> bool:
        return self.current_answer_id is not None and self.current_answer_id != self.published_answer_id


class RecommendationEvent(AppendOnlyModel):
    """One entry of a recommendation's timeline (append-only): what happened, when, by whom."""

    recommendation = models.ForeignKey(
        Recommendation, verbose_name=_("recommendation"), on_delete=models.PROTECT, related_name="events"
    )
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kind = models.CharField(_("what"), max_length=20, choices=EventKind.choices)
    data = models.JSONField(_("details"), default=dict, blank=True)
    is_public = models.BooleanField(_("shown to the public"), default=False)

    class Meta:
        verbose_name = _("recommendation event")
        verbose_name_plural = _("recommendation events")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.recommendation_id} {self.kind}"
