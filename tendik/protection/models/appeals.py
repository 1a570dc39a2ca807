"""Citizens' appeals (обращения граждан) to a committee."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tendik.audit.models import AuditedModel
from tendik.core.crypto import EncryptedTextField
from tendik.protection.models.committees import Committee, CommitteeMember


class AppealChannel(models.TextChoices):
    WALK_IN = "walk_in", _("Walk-in")
    PHONE = "phone", _("Phone")
    WHATSAPP = "whatsapp", _("WhatsApp")
    POLICE = "police", _("Referral from the police")
    SCHOOL = "school", _("Referral from a school")
    HEALTH = "health", _("Referral from a health facility")
    DOOR_TO_DOOR = "door_to_door", _("Door-to-door visit")
    OTHER = "other", _("Other")


class AppealOutcome(models.TextChoices):
    PENDING = "pending", _("Under consideration")
    CASE_OPENED = "case_opened", _("Case opened")
    FAMILY_LISTED = "family_listed", _("Family put on the at-risk list")
    CONSULTED = "consulted", _("Advice given")
    REFERRED = "referred", _("Referred to another body")
    NOT_CONFIRMED = "not_confirmed", _("Not confirmed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Appeal(AuditedModel):
    audit_redacted_fields = ("appellant_name", "appellant_contact", "details")

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="appeals", verbose_name=_("committee")
    )
    code = models.CharField(_("appeal code"), max_length=30, unique=True, editable=False)
    channel = models.CharField(_("channel"), max_length=14, choices=AppealChannel.choices)
    received_on = models.DateField(_("received"), default=timezone.localdate)
    subject = models.CharField(_("subject"), max_length=255, help_text=_("Without names: they go in the fields below."))
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    appellant_name = EncryptedTextField(_("appellant's name"))
    appellant_contact = EncryptedTextField(_("appellant's contact"))
    details = EncryptedTextField(_("details"))
    assigned_to = models.ForeignKey(
        CommitteeMember,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appeals",
        verbose_name=_("assigned member"),
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=14, choices=AppealOutcome.choices, default=AppealOutcome.PENDING
    )
    case = models.ForeignKey(
        "protection.Case",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appeals",
        verbose_name=_("case"),
    )
    family = models.ForeignKey(
        "protection.AtRiskFamily",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appeals",
        verbose_name=_("at-risk family"),
    )

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return self.code

    def audit_label(self) -> str:
        return self.code
