"""Service providers, referrals (with what was disclosed) and services delivered."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tendik.audit.models import AuditedModel
from tendik.core.concurrency import Versioned
from tendik.geography.models import AdministrativeUnit
from tendik.protection.crypto import EncryptedTextField
from tendik.protection.models.cases import Case, Consent, disclosure_labels


class ProviderKind(models.TextChoices):
    CRISIS_CENTRE = "crisis_centre", _("Crisis centre")
    SHELTER = "shelter", _("Shelter")
    LEGAL_AID = "legal_aid", _("State legal aid")
    PSYCHOLOGIST = "psychologist", _("Psychologist")
    HEALTH = "health", _("Health facility")
    POLICE = "police", _("Police")
    AKSAKAL_COURT = "aksakal_court", _("Aksakal court")
    SOCIAL_PROTECTION = "social_protection", _("Social protection")
    PROBATION = "probation", _("Probation")
    CORRECTION = "correction", _("Correction-programme provider")
    OTHER = "other", _("Other")


class ServiceProvider(AuditedModel):
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=ProviderKind.choices)
    unit = models.ForeignKey(
        AdministrativeUnit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("territory"),
        help_text=_("Empty for a national service."),
    )
    contact = models.CharField(_("contact"), max_length=255, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("service provider")
        verbose_name_plural = _("service providers")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    SERVICE_PROVIDED = "service_provided", _("Service provided")
    CLOSED = "closed", _("Closed")


class Referral(Versioned, AuditedModel):
    audit_redacted_fields = ("purpose", "feedback")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("case"))
    provider = models.ForeignKey(
        ServiceProvider, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("provider")
    )
    sent_on = models.DateField(_("sent"), default=timezone.localdate)
    status = models.CharField(_("status"), max_length=16, choices=ReferralStatus.choices, default=ReferralStatus.SENT)
    items = models.JSONField(
        _("disclosed"), default=list, blank=True, help_text=_("What the referral disclosed to the provider.")
    )
    consent = models.ForeignKey(
        Consent,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name=_("consent relied on"),
    )
    purpose = EncryptedTextField(_("service requested"))
    feedback = EncryptedTextField(_("provider's feedback"))
    closed_on = models.DateField(pgettext_lazy("referral", "closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-sent_on", "-id"]

    def __str__(self) -> str:
        return f"{self.pk}"

    def audit_label(self) -> str:
        return f"{self.case.code} → {self.provider_id}"

    def items_labels(self) -> list[str]:
        return disclosure_labels(self.items)


class ReferralEvent(models.Model):
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=16, choices=ReferralStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=ReferralStatus.choices)
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    note = EncryptedTextField()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status}→{self.to_status}"


class ServiceKind(models.TextChoices):
    SHELTER = "shelter", _("Shelter stay")
    LEGAL_AID = "legal_aid", _("Legal aid")
    PSYCHOLOGICAL = "psychological", _("Psychological counselling")
    MEDICAL = "medical", _("Medical care")
    CASH_AID = "cash_aid", _("Cash aid")
    HOUSING = "housing", _("Housing")
    DOCUMENTS = "documents", _("Restoration of documents")
    EMPLOYMENT = "employment", _("Employment help")
    CORRECTION = "correction", _("Correction programme for the perpetrator")


class ServiceDelivery(AuditedModel):
    audit_redacted_fields = ("note",)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="services", verbose_name=_("case"))
    referral = models.ForeignKey(
        Referral, null=True, blank=True, on_delete=models.SET_NULL, related_name="services", verbose_name=_("referral")
    )
    provider = models.ForeignKey(
        ServiceProvider, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("provider")
    )
    kind = models.CharField(_("service"), max_length=14, choices=ServiceKind.choices)
    started_on = models.DateField(_("started"))
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    amount_som = models.DecimalField(_("amount, som"), max_digits=12, decimal_places=2, null=True, blank=True)
    note = EncryptedTextField(_("note"))

    class Meta:
        verbose_name = _("service delivered")
        verbose_name_plural = _("services delivered")
        ordering = ["-started_on", "-id"]
        constraints = [
            # Cash aid is a positive amount whatever the path (form, API, admin): the database refuses others.
            models.CheckConstraint(
                condition=models.Q(amount_som__isnull=True) | models.Q(amount_som__gt=0),
                name="protection_service_amount_gt_0",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.started_on}"

    def audit_label(self) -> str:
        return f"{self.case.code} / {self.kind}"


class CorrectionSession(AuditedModel):
    service = models.ForeignKey(
        ServiceDelivery, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("correction programme")
    )
    held_on = models.DateField(_("date"))
    attended = models.BooleanField(_("attended"), default=True)

    class Meta:
        verbose_name = _("correction-programme session")
        verbose_name_plural = _("correction-programme sessions")
        ordering = ["held_on"]

    def __str__(self) -> str:
        return f"{self.held_on}"
