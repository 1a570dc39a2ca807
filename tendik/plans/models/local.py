"""Local plans: a municipality adopts national measures (in its own words) or adds its own, with budgets."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tendik.audit.models import AuditedModel
from tendik.core.concurrency import Versioned
from tendik.core.i18n import current_lang
from tendik.geography.naming import LocalName

from .catalogue import Measure
from .indicators import Frequency, Indicator


class LocalPlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ADOPTED = "adopted", _("Adopted by the kenesh")


# How a local plan is named to a reader in Kyrgyz or English (its adopted title is Russian): tendik.geography.naming.
LOCAL_PLAN_NAME = LocalName(_("{unit}: local plan {years}"))


class LocalPlan(Versioned, AuditedModel):
    municipality = models.ForeignKey(
        "geography.AdministrativeUnit",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="local_plans",
    )
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    title = models.CharField(_("title"), max_length=300, blank=True)
    programme = models.CharField(
        _("socio-economic development programme"),
        max_length=300,
        blank=True,
        help_text=_("The programme this plan is part of."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=LocalPlanStatus.choices, default=LocalPlanStatus.DRAFT
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    reporting_frequency = models.CharField(
        _("reporting frequency"), max_length=10, choices=Frequency.choices, default=Frequency.HALF
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("local plan")
        verbose_name_plural = _("local plans")
        ordering = ["municipality__path", "-start_year"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "start_year", "end_year"], name="plans_localplan_unique"),
            models.CheckConstraint(condition=Q(end_year__gte=models.F("start_year")), name="plans_localplan_years"),
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        """The adopted title in Russian; in Kyrgyz and English, a name built from the municipality's name (the
        title is stored in one language only)."""
        if self.title and current_lang() == "ru":
            return self.title
        return LOCAL_PLAN_NAME.render(self.municipality, years=self.period)

    @property
    def period(self) -> str:
        return f"{self.start_year}–{self.end_year}"

    def audit_label(self) -> str:
        return f"{self.municipality_id}:{self.start_year}-{self.end_year}"


class GenderMarker(models.TextChoices):
    PRINCIPAL = "principal", _("Principal: gender equality is the main objective")
    SIGNIFICANT = "significant", _("Significant: gender equality is an important objective")
    NOT_TARGETED = "not_targeted", _("Not targeted")


class BudgetSource(models.TextChoices):
    LOCAL = "local", _("Local budget")
    REPUBLICAN = "republican", _("Republican budget")
    DONOR = "donor", _("Donors")
    OTHER = "other", _("Other sources")


BUDGET_SOURCES = [s.value for s in BudgetSource]


class MeasureStatus(models.TextChoices):
    # With a context: other modules translate the same English words differently ("In progress" of a job), and the
    # Excel import reads these labels back in every language.
    NOT_STARTED = "not_started", pgettext_lazy("measure status", "Not started")
    IN_PROGRESS = "in_progress", pgettext_lazy("measure status", "In progress")
    DONE = "done", pgettext_lazy("measure status", "Done")
    DELAYED = "delayed", pgettext_lazy("measure status", "Delayed")
    CANCELLED = "cancelled", pgettext_lazy("measure status", "Cancelled")


def _money(verbose: Any) -> models.DecimalField:
    return models.DecimalField(verbose, max_digits=14, decimal_places=2, default=Decimal(0))


class LocalMeasure(Versioned, AuditedModel):
    local_plan = models.ForeignKey(
        LocalPlan, verbose_name=_("local plan"), on_delete=models.CASCADE, related_name="measures"
    )
    national_measure = models.ForeignKey(
        Measure,
        verbose_name=_("national measure adopted"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="local_measures",
        help_text=_("Empty for the municipality's own measure."),
    )
    number = models.CharField(_("number"), max_length=20)
    text = models.TextField(_("measure (as worded by the municipality)"))
    responsible_person = models.CharField(_("responsible person"), max_length=200)
    partners = models.TextField(_("partners"), blank=True)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    budget_local = _money(_("planned: local budget, som"))
    budget_republican = _money(_("planned: republican budget, som"))
    budget_donor = _money(_("planned: donors, som"))
    budget_other = _money(_("planned: other sources, som"))
    donor = models.CharField(_("donor"), max_length=200, blank=True)
    gender_marker = models.CharField(
        _("gender budget marker"), max_length=15, choices=GenderMarker.choices, default=GenderMarker.SIGNIFICANT
    )
    programme_item = models.CharField(_("item of the development programme"), max_length=200, blank=True)
    indicators = models.ManyToManyField(Indicator, verbose_name=_("indicators reported"), blank=True, related_name="+")
    order = models.PositiveIntegerField(_("order"), default=0)
    # Last status and progress from an approved report (kept for the national measure's page and the signal).
    current_status = models.CharField(
        _("status (approved)"), max_length=15, choices=MeasureStatus.choices, default=MeasureStatus.NOT_STARTED
    )
    current_progress = models.PositiveSmallIntegerField(_("progress, % (approved)"), default=0)

    class Meta:
        verbose_name = _("local measure")
        verbose_name_plural = _("local measures")
        ordering = ["local_plan", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["local_plan", "number"], name="plans_localmeasure_unique_number"),
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="plans_localmeasure_dates"),
            # No path (form, API, upload, admin) may store a negative amount: the database refuses it too.
            *[
                models.CheckConstraint(
                    condition=Q(**{f"budget_{s}__gte": 0}), name=f"plans_localmeasure_budget_{s}_gte_0"
                )
                for s in ("local", "republican", "donor", "other")
            ],
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:80]}"

    @property
    def budget_total(self) -> Decimal:
        return sum((getattr(self, f"budget_{s}") for s in BUDGET_SOURCES), Decimal(0))

    @property
    def is_own(self) -> bool:
        return self.national_measure_id is None

    def audit_label(self) -> str:
        return f"{self.local_plan_id}:{self.number}"
