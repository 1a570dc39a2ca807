"""Local committees for protection from family violence (МК / КПНС)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tendik.audit.models import AuditedModel
from tendik.geography.models import AdministrativeUnit


class CommitteeStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    DISSOLVED = "dissolved", _("Dissolved")


class Committee(AuditedModel):
    municipality = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="committees", verbose_name=_("municipality")
    )
    name = models.CharField(_("name"), max_length=255)
    decision_date = models.DateField(_("founding decision date"), null=True, blank=True)
    decision_number = models.CharField(_("founding decision number"), max_length=50, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=CommitteeStatus.choices, default=CommitteeStatus.ACTIVE)

    class Meta:
        verbose_name = _("committee for protection from family violence")
        verbose_name_plural = _("committees for protection from family violence")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
