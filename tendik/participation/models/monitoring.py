"""Dialogue-group monitoring: regional women's dialogue groups visit municipalities and score local-plan measures.

A visit (мониторинговый визит) checks some of the municipality's local-plan measures; each checked measure gets a
scorecard rated on the ministry's scale (a configurable set of levels with labels in three languages), with
findings, recommendations and evidence photos. A finding can become a recommendation in consultations.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from tendik.audit.models import AuditedModel
from tendik.core.concurrency import Versioned
from tendik.core.uploads import PrivateFile


def _pick(obj: object, field: str) -> str:
    lang = (get_language() or "ru")[:2]
    return getattr(obj, f"{field}_{lang}", "") or getattr(obj, f"{field}_ru", "")


class RatingScale(Versioned, AuditedModel):
    """The ministry's scale for scorecards. New visits use the current scale; old visits keep theirs."""

    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    name_ky = models.CharField(_("name (Kyrgyz)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    is_current = models.BooleanField(_("used for new visits"), default=False)

    class Meta:
        verbose_name = _("rating scale")
        verbose_name_plural = _("rating scales")
        ordering = ["-is_current", "name_ru"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _pick(self, "name")

    def audit_label(self) -> str:
        return f"scale:{self.pk}"


class RatingTone(models.TextChoices):
    GOOD = "good", pgettext_lazy("rating tone", "Good")
    FAIR = "fair", pgettext_lazy("rating tone", "Fair")
    POOR = "poor", pgettext_lazy("rating tone", "Poor")


class RatingLevel(AuditedModel):
    """One step of a scale: its score (higher is better) and its label in three languages."""

    scale = models.ForeignKey(RatingScale, verbose_name=_("scale"), on_delete=models.CASCADE, related_name="levels")
    score = models.PositiveSmallIntegerField(_("score"), help_text=_("Higher is better."))
    label_ru = models.CharField(_("label (Russian)"), max_length=120)
    label_ky = models.CharField(_("label (Kyrgyz)"), max_length=120, blank=True)
    label_en = models.CharField(_("label (English)"), max_length=120, blank=True)
    tone = models.CharField(_("colour"), max_length=8, choices=RatingTone.choices, default=RatingTone.FAIR)

    class Meta:
        verbose_name = _("rating level")
        verbose_name_plural = _("rating levels")
        ordering = ["scale", "-score"]
        constraints = [models.UniqueConstraint(fields=["scale", "score"], name="participation_ratinglevel_unique")]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return _pick(self, "label")

    @property
    def badge(self) -> str:
        return {"good": "ok", "fair": "warn", "poor": "bad"}.get(self.tone, "")

    def audit_label(self) -> str:
        return f"scale:{self.scale_id}:{self.score}"


class DialogueGroup(Versioned, AuditedModel):
    """A regional women's dialogue group (региональная женская диалоговая группа) of an oblast or a rayon."""

    name_ru = models.CharField(_("name (Russian)"), max_length=300)
    name_ky = models.CharField(_("name (Kyrgyz)"), max_length=300, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    territory = models.ForeignKey(
        "geography.AdministrativeUnit",
        verbose_name=_("territory"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The oblast or rayon whose municipalities the group monitors."),
    )
    founded_on = models.DateField(_("formed on"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("dialogue group")
        verbose_name_plural = _("dialogue groups")
        ordering = ["territory__path", "name_ru"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _pick(self, "name")

    def audit_label(self) -> str:
        return f"group:{self.pk}"


class MemberRole(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    MEMBER = "member", pgettext_lazy("dialogue group", "Member")


class GroupMember(Versioned, AuditedModel):
    """A woman in a dialogue group; linked to a Tendik account when she signs in to write visits."""

    audit_redacted_fields = ("full_name",)

    group = models.ForeignKey(DialogueGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="members")
    full_name = models.CharField(_("full name"), max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dialogue_memberships",
    )
    role = models.CharField(
        _("role in the group"), max_length=12, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    occupation = models.CharField(
        _("occupation"), max_length=200, blank=True, help_text=_("For example: ayil kenesh deputy, activist.")
    )
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        ordering = ["group", "-role", "full_name"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def is_current(self) -> bool:
        return self.left_on is None or self.left_on > timezone.localdate()

    def audit_label(self) -> str:
        return f"group:{self.group_id}:member:{self.pk}"


class VisitStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("visit status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("visit status", "Submitted")


class VisitLanguage(models.TextChoices):
    RU = "ru", "Русский"
    KY = "ky", "Кыргызча"
    EN = "en", "English"


class MonitoringVisit(Versioned, AuditedModel):
    """A dialogue group's monitoring visit (мониторинговый визит) to a municipality."""

    group = models.ForeignKey(DialogueGroup, verbose_name=_("group"), on_delete=models.PROTECT, related_name="visits")
    municipality = models.ForeignKey(
        "geography.AdministrativeUnit", verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="+"
    )
    visited_on = models.DateField(_("date of the visit"))
    scale = models.ForeignKey(RatingScale, verbose_name=_("scale"), on_delete=models.PROTECT, related_name="visits")
    monitors = models.ManyToManyField(GroupMember, verbose_name=_("monitors"), blank=True, related_name="visits")
    summary = models.TextField(_("summary"), blank=True)
    language = models.CharField(
        _("language of the notes"), max_length=2, choices=VisitLanguage.choices, default=VisitLanguage.RU
    )
    status = models.CharField(
        _("status"), max_length=10, choices=VisitStatus.choices, default=VisitStatus.DRAFT, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    class Meta:
        verbose_name = _("monitoring visit")
        verbose_name_plural = _("monitoring visits")
        ordering = ["-visited_on", "-id"]

    def __str__(self) -> str:
        return f"{self.municipality} {self.visited_on:%d.%m.%Y}"

    @property
    def is_draft(self) -> bool:
        return self.status == VisitStatus.DRAFT

    def audit_label(self) -> str:
        return f"visit:{self.pk}"


class Scorecard(Versioned, AuditedModel):
    """What the monitors found on one local-plan measure during a visit."""

    visit = models.ForeignKey(MonitoringVisit, verbose_name=_("visit"), on_delete=models.CASCADE, related_name="cards")
    local_measure = models.ForeignKey(
        "plans.LocalMeasure", verbose_name=_("local-plan measure"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.ForeignKey(
        RatingLevel, verbose_name=_("rating"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    findings = models.TextField(_("findings"), blank=True)
    recommendations = models.TextField(_("recommendations"), blank=True)
    recommendation = models.ForeignKey(
        "consultations.Recommendation",
        verbose_name=_("recommendation in consultations"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("scorecard")
        verbose_name_plural = _("scorecards")
        ordering = ["visit", "local_measure__order", "local_measure_id"]
        constraints = [
            models.UniqueConstraint(fields=["visit", "local_measure"], name="participation_scorecard_unique")
        ]

    def __str__(self) -> str:
        return f"{self.visit} · {self.local_measure.number}"

    def audit_label(self) -> str:
        return f"visit:{self.visit_id}:measure:{self.local_measure_id}"


class EvidencePhoto(AuditedModel, PrivateFile):
    """A photo taken as evidence for a scorecard: checked, stripped of EXIF/GPS and stored privately
    (tendik.core.uploads); served only through a view that checks who may see the visit."""

    card = models.ForeignKey(Scorecard, verbose_name=_("scorecard"), on_delete=models.CASCADE, related_name="photos")
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("evidence photo")
        verbose_name_plural = _("evidence photos")
        ordering = ["card", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.caption or f"{self.card} · {self.pk}"

    def audit_label(self) -> str:
        return f"card:{self.card_id}:photo:{self.pk}"
