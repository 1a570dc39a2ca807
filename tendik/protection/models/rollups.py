"""Case figures of the committee report, summed per committee and month (ADR 0006, tendik.protection.rollups)."""

from __future__ import annotations

import datetime

from django.db import models


class CaseFigureRollup(models.Model):
    """One figure of the committee report (e.g. "cases.by_sex.female", "services.cash_aid_total_som") for the cases,
    orders, referrals and services of one scope dated in one month (a case by the day it was opened, an order by its
    issue, a referral by its sending, a service by its start). The scope is a committee ("c" and its id) or a
    territory path prefix of the committees' municipalities ("" for the country, then each oblast, rayon and
    municipality path of ADR 0004), so that a report of any scope reads a few hundred rows. Maintained in the same
    transaction as every change (tendik.protection.rollups); `manage.py rebuild_protection_rollups` recounts it. No
    audit trail: it holds no fact of its own, only a count of audited rows, and no identity. Never shown as such
    (names untranslated on purpose)."""

    scope = models.CharField("committee or territory path", max_length=255, blank=True)
    month = models.DateField("first day of the month")
    # For figures that count distinct cases or orders over a period: the month of the same case's (or order's)
    # previous occurrence, so that a period [a, b] counts each once as the sum over months a…b of rows with
    # since < a. Every other figure has EVER.
    since = models.DateField("previous occurrence", default=datetime.date(1, 1, 1))
    figure = models.CharField("figure", max_length=80)
    total = models.DecimalField("total", max_digits=16, decimal_places=2)
    n = models.IntegerField("number")

    class Meta:
        verbose_name = "rolled-up case figure"
        verbose_name_plural = "rolled-up case figures"
        constraints = [
            models.UniqueConstraint(fields=["scope", "month", "since", "figure"], name="protection_rollup_unique")
        ]
        indexes = [models.Index(fields=["month"], name="protection_rollup_month")]

    def __str__(self) -> str:
        return f"{self.scope or 'KG'} {self.month:%Y-%m} {self.figure}: {self.n}"
