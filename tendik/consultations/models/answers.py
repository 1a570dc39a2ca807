"""Official answers: configurable states, allowed moves between them, and the answers themselves."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tendik.audit.models import AuditedModel

from .i18n import localized
from .meetings import Organisation


class AnswerState(AuditedModel):
    """A state of an official answer; an administrator may add or rename states (admin site)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=100)
    name_ky = models.CharField(_("name (Kyrgyz)"), max_length=100, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    is_initial = models.BooleanField(
        _("initial state"), default=False, help_text=_("The state of a recommendation nobody has answered yet.")
    )
    requires_text = models.BooleanField(_("answer text required"), default=False)
    requires_measure = models.BooleanField(
        _("implementing measure required"),
        default=False,
        help_text=_("The answer must name the plan measure that implements the recommendation."),
    )
    is_final = models.BooleanField(_("final"), default=False, help_text=_("The recommendation has been decided."))
    tone = models.CharField(
        _("colour"),
        max_length=8,
        default="",
        blank=True,
        choices=[("", _("neutral")), ("ok", _("green")), ("warn", _("amber")), ("bad", _("red"))],
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    name = localized("name")

    class Meta:
        verbose_name = _("answer state")
        verbose_name_plural = _("answer states")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    def audit_label(self) -> str:
        return self.code


class AnswerTransition(AuditedModel):
    """An allowed move from one answer state to another. Moves not listed here are refused."""

    from_state = models.ForeignKey(
        AnswerState, verbose_name=_("from"), on_delete=models.CASCADE, related_name="transitions_out"
    )
    to_state = models.ForeignKey(AnswerState, verbose_name=_("to"), on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("allowed answer change")
        verbose_name_plural = _("allowed answer changes")
        ordering = ["from_state__order", "to_state__order"]
        constraints = [
            models.UniqueConstraint(fields=["from_state", "to_state"], name="consultations_transition_unique")
        ]

    def __str__(self) -> str:
        return f"{self.from_state} → {self.to_state}"


class RecommendationAnswer(AuditedModel):
    """One version of the official answer. Answering writes a new version; publishing stamps it (and freezes it)."""

    recommendation = models.ForeignKey(
        "consultations.Recommendation",
        verbose_name=_("recommendation"),
        on_delete=models.CASCADE,
        related_name="answers",
    )
    state = models.ForeignKey(AnswerState, verbose_name=_("state"), on_delete=models.PROTECT, related_name="+")
    text_ru = models.TextField(_("answer (Russian)"), blank=True)
    text_ky = models.TextField(_("answer (Kyrgyz)"), blank=True)
    text_en = models.TextField(_("answer (English)"), blank=True)
    answering_body = models.ForeignKey(
        Organisation,
        verbose_name=_("answering body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="answers",
    )
    implementing_measure = models.ForeignKey(
        "plans.Measure",
        verbose_name=_("implementing measure"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="implemented_recommendation_answers",
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    text = localized("text")

    class Meta:
        verbose_name = _("official answer")
        verbose_name_plural = _("official answers")
        ordering = ["recommendation", "-answered_at", "-id"]

    def __str__(self) -> str:
        return f"{self.recommendation_id}: {self.state_id}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None
