"""Families at risk of violence kept on the committee's list for regular preventive work."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tendik.audit.models import AuditedModel
from tendik.core.crypto import EncryptedTextField
from tendik.protection.models.committees import Committee, CommitteeMember


class RiskFactor(models.TextChoices):
    LABOUR_MIGRATION = "labour_migration", _("Parents in labour migration")
    ALCOHOL_DRUGS = "alcohol_drugs", _("Alcohol or drug abuse")
    PREVIOUS_VIOLENCE = "previous_violence", _("Previous violence")
    UNEMPLOYMENT = "unemployment", _("Unemployment")
    DISABILITY = "disability", _("Disability")
    EARLY_MARRIAGE = "early_marriage", _("Risk of early marriage")
    CHILDREN_WITHOUT_CARE = "children_without_care", _("Children without care")
    OTHER = "other", _("Other")


class FamilyStatus(models.TextChoices):
    ACTIVE = "active", _("On the list")
    REMOVED = "removed", _("Removed from the list")


class VisitKind(models.TextChoices):
    VISIT = "visit", _("Home visit")
    TALK = "talk", _("Preventive talk")


class AtRiskFamily(AuditedModel):
    audit_redacted_fields = ("household", "address", "notes")

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="families", verbose_name=_("committee")
    )
    code = models.CharField(_("family code"), max_length=30, unique=True, editable=False)
    household = EncryptedTextField(_("household"), help_text=_("Head of household or family name."))
    address = EncryptedTextField(_("address"))
    settlement = models.CharField(_("village"), max_length=120, blank=True)
    risk_factors = models.JSONField(_("risk factors"), default=list)
    responsible = models.ForeignKey(
        CommitteeMember,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="families",
        verbose_name=_("responsible member"),
    )
    status = models.CharField(_("status"), max_length=8, choices=FamilyStatus.choices, default=FamilyStatus.ACTIVE)
    added_on = models.DateField(_("put on the list"), default=timezone.localdate)
    removed_on = models.DateField(_("removed on"), null=True, blank=True)
    removed_reason = models.CharField(_("reason for removal"), max_length=255, blank=True)
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    notes = EncryptedTextField(_("notes"))

    class Meta:
        verbose_name = _("at-risk family")
        verbose_name_plural = _("at-risk families")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code

    def audit_label(self) -> str:
        return self.code

    def risk_factors_labels(self) -> list[str]:
        return [str(RiskFactor(f).label) for f in self.risk_factors if f in RiskFactor.values]


class FamilyVisit(AuditedModel):
    audit_redacted_fields = ("notes",)

    family = models.ForeignKey(AtRiskFamily, on_delete=models.CASCADE, related_name="visits", verbose_name=_("family"))
    kind = models.CharField(_("kind"), max_length=6, choices=VisitKind.choices, default=VisitKind.VISIT)
    planned_on = models.DateField(_("planned for"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    member = models.ForeignKey(
        CommitteeMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("member")
    )
    notes = EncryptedTextField(_("notes"))

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-done_on", "-planned_on", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.done_on or self.planned_on}"

    def audit_label(self) -> str:
        return f"{self.family.code} / {self.kind}"
