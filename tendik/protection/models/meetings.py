"""Committee meetings: who was there, what was discussed (cases and families by code only), decisions."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tendik.audit.models import AuditedModel
from tendik.core.concurrency import Versioned
from tendik.protection.crypto import EncryptedTextField
from tendik.protection.models.cases import Case
from tendik.protection.models.committees import Committee, CommitteeMember
from tendik.protection.models.families import AtRiskFamily


class CommitteeMeeting(Versioned, AuditedModel):
    audit_redacted_fields = ("agenda",)
    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("committee")
    )
    number = models.CharField(_("number"), max_length=20, blank=True)
    held_on = models.DateField(_("date"))
    agenda = EncryptedTextField(_("agenda"), blank=False, help_text=_("Refer to cases and families by code only."))
    on_violence_facts = models.BooleanField(_("on facts of family violence"), default=False)
    members_present = models.ManyToManyField(
        CommitteeMember, blank=True, related_name="meetings_attended", verbose_name=_("members present")
    )
    cases = models.ManyToManyField(Case, blank=True, related_name="meetings", verbose_name=_("cases discussed"))
    families = models.ManyToManyField(
        AtRiskFamily, blank=True, related_name="meetings", verbose_name=_("families discussed")
    )

    class Meta:
        verbose_name = _("committee meeting")
        verbose_name_plural = _("committee meetings")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.committee} {self.held_on}"


class DecisionStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("decision", "Open")
    DONE = "done", pgettext_lazy("decision", "Done")
    CANCELLED = "cancelled", pgettext_lazy("decision", "Cancelled")


class MeetingDecision(Versioned, AuditedModel):
    audit_redacted_fields = ("text", "follow_up")
    meeting = models.ForeignKey(
        CommitteeMeeting,
        on_delete=models.CASCADE,
        related_name="decisions",
        verbose_name=pgettext_lazy("committee", "meeting"),
    )
    text = EncryptedTextField(_("decision"), blank=False)
    responsible = models.ForeignKey(
        CommitteeMember,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("responsible member"),
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=DecisionStatus.choices, default=DecisionStatus.OPEN)
    follow_up = EncryptedTextField(_("follow-up"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text[:60]
