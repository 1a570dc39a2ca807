"""Reported indicator figures added up per territory, period, indicator and breakdown (see docs/adr/0006)."""

from __future__ import annotations

from django.db import models

from .indicators import Indicator, ReportingPeriod


class IndicatorRollup(models.Model):
    """The sum and number of the municipalities' counted figures (reports submitted and not returned) under one
    territory path prefix ("" for the country). Maintained in the same transaction as the change
    (tendik.plans.rollups); `manage.py rebuild_plan_rollups` recounts it from scratch. No audit trail: it holds no
    fact of its own, only a sum of audited rows. Never shown to users as such (names untranslated on purpose)."""

    prefix = models.CharField("territory path", max_length=255, blank=True)
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="+")
    combo = models.CharField("breakdown", max_length=200, blank=True)
    total = models.DecimalField("total", max_digits=20, decimal_places=2)
    n = models.IntegerField("number of figures")

    class Meta:
        verbose_name = "rolled-up indicator figure"
        verbose_name_plural = "rolled-up indicator figures"
        constraints = [
            models.UniqueConstraint(fields=["prefix", "indicator", "period", "combo"], name="plans_rollup_unique")
        ]

    def __str__(self) -> str:
        return f"{self.prefix or 'KG'} {self.indicator_id} {self.period_id} {self.combo}: {self.total}"


class ReportRollup(models.Model):
    """The progress reports under one territory path prefix ("" for the country), by period and status: how many,
    and the money their entries say was spent, by budget source. Maintained in the same transaction as the change
    (tendik.plans.rollups: a report opened, moved, its entries' spending written); `manage.py rebuild_plan_rollups`
    recounts it. Read by the plans dashboards (statuses by sub-unit, periods, budget spent). No audit trail, like
    IndicatorRollup; never shown as such (names untranslated on purpose)."""

    prefix = models.CharField("territory path", max_length=255, blank=True)
    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="+")
    status = models.CharField("report status", max_length=20)
    reports = models.IntegerField("number of reports")
    spent_local = models.DecimalField("spent: local budget", max_digits=20, decimal_places=2, default=0)
    spent_republican = models.DecimalField("spent: republican budget", max_digits=20, decimal_places=2, default=0)
    spent_donor = models.DecimalField("spent: donors", max_digits=20, decimal_places=2, default=0)
    spent_other = models.DecimalField("spent: other sources", max_digits=20, decimal_places=2, default=0)

    class Meta:
        verbose_name = "rolled-up progress reports"
        verbose_name_plural = "rolled-up progress reports"
        constraints = [
            models.UniqueConstraint(fields=["prefix", "period", "status"], name="plans_report_rollup_unique")
        ]

    def __str__(self) -> str:
        return f"{self.prefix or 'KG'} {self.period_id} {self.status}: {self.reports}"
