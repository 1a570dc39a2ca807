"""Protection orders (охранные ордера) and the configurable rules for their terms."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tendik.audit.models import AuditedModel
from tendik.core.concurrency import Versioned
from tendik.protection.crypto import EncryptedTextField
from tendik.protection.models.cases import Case


class ProtectionOrderRule(AuditedModel):
    """Terms the law sets for protection orders, in force from a date (the law has changed: edit here, not in code)."""

    name = models.CharField(_("name"), max_length=200)
    law_reference = models.CharField(_("legal basis"), max_length=255, blank=True)
    effective_from = models.DateField(_("in force from"))
    effective_until = models.DateField(_("in force until"), null=True, blank=True)
    max_initial_days = models.PositiveSmallIntegerField(_("longest first term, days"))
    max_extension_days = models.PositiveSmallIntegerField(_("longest extension, days"))
    max_total_days = models.PositiveSmallIntegerField(_("longest total term, days"), null=True, blank=True)
    alert_days_before = models.PositiveSmallIntegerField(_("alert this many days before expiry"), default=3)

    class Meta:
        verbose_name = _("protection order rule")
        verbose_name_plural = _("protection order rules")
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def in_force(cls, day: dt.date) -> ProtectionOrderRule | None:
        return (
            cls.objects.filter(effective_from__lte=day)
            .filter(models.Q(effective_until__isnull=True) | models.Q(effective_until__gt=day))
            .order_by("-effective_from")
            .first()
        )


class Restriction(models.TextChoices):
    NO_VIOLENCE = "no_violence", _("Stop any family violence")
    NO_CONTACT = "no_contact", _("No contact with the survivor")
    NO_APPROACH = "no_approach", _("Keep away from the survivor's home, work, school")
    NO_SEARCH = "no_search", _("Do not search for the survivor")
    NO_WEAPONS = "no_weapons", _("No weapons")
    CORRECTION = "correction", _("Attend a correction programme")
    OTHER = "other", _("Other")


class ProtectionOrder(Versioned, AuditedModel):
    audit_redacted_fields = ("police_unit", "restrictions_note")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="orders", verbose_name=_("case"))
    police_unit = EncryptedTextField(_("issuing police unit"), blank=False)
    number = models.CharField(_("order number"), max_length=50)
    issued_on = models.DateField(_("issued"))
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), help_text=_("Moves with each extension."))
    restrictions = models.JSONField(_("restrictions"), default=list, blank=True)
    restrictions_note = EncryptedTextField(_("other restrictions"))
    rule = models.ForeignKey(
        ProtectionOrderRule,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("rule applied"),
    )
    alerted_for = models.DateField(
        null=True, blank=True, editable=False, help_text="The expiry date an alert was last sent for."
    )

    class Meta:
        verbose_name = _("protection order")
        verbose_name_plural = _("protection orders")
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return f"{self.number}"

    def audit_label(self) -> str:
        return f"{self.case.code} / {self.number}"


class OrderExtension(AuditedModel):
    audit_redacted_fields = ("note",)
    order = models.ForeignKey(
        ProtectionOrder,
        on_delete=models.CASCADE,
        related_name="extensions",
        verbose_name=pgettext_lazy("protection order", "order"),
    )
    extended_on = models.DateField(_("extended on"))
    previous_until = models.DateField(_("was valid until"))
    new_until = models.DateField(_("now valid until"))
    note = EncryptedTextField(_("note"))

    class Meta:
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")
        ordering = ["extended_on", "id"]

    def __str__(self) -> str:
        return f"{self.previous_until}→{self.new_until}"


class OrderViolation(AuditedModel):
    audit_redacted_fields = ("description", "action_taken")
    order = models.ForeignKey(
        ProtectionOrder,
        on_delete=models.CASCADE,
        related_name="violations",
        verbose_name=pgettext_lazy("protection order", "order"),
    )
    occurred_on = models.DateField(_("date"))
    description = EncryptedTextField(_("what happened"))
    action_taken = EncryptedTextField(_("action taken"))

    class Meta:
        verbose_name = _("violation")
        verbose_name_plural = _("violations")
        ordering = ["-occurred_on", "-id"]

    def __str__(self) -> str:
        return f"{self.occurred_on}"
