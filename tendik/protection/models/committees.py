"""Local committees for protection from family violence (МК / КПНС)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tendik.audit.models import AuditedModel
from tendik.core.concurrency import Versioned
from tendik.geography.models import AdministrativeUnit
from tendik.geography.naming import LocalName
from tendik.protection.models.choices import MemberRole, Sector, Sex


class CommitteeStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    DISSOLVED = "dissolved", _("Dissolved")


# A committee named after its municipality in the usual way reads in the reader's language (tendik.geography.naming).
COMMITTEE_NAME = LocalName(_("Local committee for protection from family violence ({place})"))


class Committee(Versioned, AuditedModel):
    municipality = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="committees", verbose_name=_("municipality")
    )
    name = models.CharField(_("name"), max_length=255)
    decision_date = models.DateField(_("founding decision date"), null=True, blank=True)
    decision_number = models.CharField(_("founding decision number"), max_length=50, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=CommitteeStatus.choices, default=CommitteeStatus.ACTIVE
    )

    class Meta:
        verbose_name = _("committee for protection from family violence")
        verbose_name_plural = _("committees for protection from family violence")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the active language (the usual name built from the municipality), else as stored."""
        return COMMITTEE_NAME.display(self.name, self.municipality)


class CommitteeMember(Versioned, AuditedModel):
    """A member of a committee: an official or community representative (not a survivor)."""

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="members", verbose_name=_("committee")
    )
    full_name = models.CharField(_("full name"), max_length=200)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    organisation = models.CharField(_("organisation"), max_length=255, blank=True)
    position = models.CharField(_("position"), max_length=255, blank=True)
    role = models.CharField(
        _("role in the committee"), max_length=12, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    joined_on = models.DateField(_("joined"), null=True, blank=True)
    left_on = models.DateField(_("left"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="committee_memberships",
        verbose_name=_("user account"),
    )

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["committee", "role", "full_name"]

    def __str__(self) -> str:
        return self.full_name

    def is_active_on(self, day: dt.date) -> bool:
        return (self.joined_on is None or self.joined_on <= day) and (self.left_on is None or self.left_on > day)
