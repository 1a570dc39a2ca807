"""Indicators with reusable breakdowns, targets, reporting periods and data values.

Values are stored per combination of breakdown options ("age_group=18-29;sex=female"); totals and ratios are
computed (selectors/indicators.py), never typed twice.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tendik.audit.models import AuditedModel

from .catalogue import Measure
from .i18n import localized


class DisaggregationCategory(AuditedModel):
    """A breakdown that indicators are reported by: sex, age group, disability, social status, urban / rural."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    name_ky = models.CharField(_("name (Kyrgyz)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    name = localized("name")

    class Meta:
        verbose_name = _("breakdown category")
        verbose_name_plural = _("breakdown categories")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    def audit_label(self) -> str:
        return self.code


class CategoryOption(AuditedModel):
    category = models.ForeignKey(
        DisaggregationCategory, verbose_name=_("category"), on_delete=models.CASCADE, related_name="options"
    )
    code = models.SlugField(_("code"), max_length=40)
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    name_ky = models.CharField(_("name (Kyrgyz)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    name = localized("name")

    class Meta:
        verbose_name = _("breakdown option")
        verbose_name_plural = _("breakdown options")
        ordering = ["category", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["category", "code"], name="plans_option_unique_code")]

    def __str__(self) -> str:
        return self.name

    def audit_label(self) -> str:
        return f"{self.category_id}:{self.code}"


class IndicatorUnit(models.TextChoices):
    COUNT = "count", _("number")
    PERCENT = "percent", _("per cent")
    SOM = "som", _("som")


class IndicatorKind(models.TextChoices):
    VALUE = "value", _("reported value")
    RATIO = "ratio", _("ratio computed from numerator and denominator")


class Frequency(models.TextChoices):
    QUARTER = "quarter", _("quarterly")
    HALF = "half", _("half-yearly")
    YEAR = "year", _("yearly")


class Indicator(AuditedModel):
    code = models.SlugField(_("code"), max_length=80, unique=True)
    name_ru = models.TextField(_("name (Russian)"))
    name_ky = models.TextField(_("name (Kyrgyz)"), blank=True)
    name_en = models.TextField(_("name (English)"), blank=True)
    definition_ru = models.TextField(_("definition (Russian)"), blank=True)
    definition_ky = models.TextField(_("definition (Kyrgyz)"), blank=True)
    definition_en = models.TextField(_("definition (English)"), blank=True)
    unit = models.CharField(_("unit"), max_length=10, choices=IndicatorUnit.choices, default=IndicatorUnit.COUNT)
    kind = models.CharField(_("kind"), max_length=10, choices=IndicatorKind.choices, default=IndicatorKind.VALUE)
    additive = models.BooleanField(
        _("adds up across territories"),
        default=True,
        help_text=_("Counts add up from municipalities to rayon, oblast and country; survey percentages do not."),
    )
    numerator = models.ForeignKey(
        "self", verbose_name=_("numerator"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    numerator_filter = models.CharField(
        _("numerator breakdown"),
        max_length=200,
        blank=True,
        help_text=_("For example sex=female; empty for the total."),
    )
    denominator = models.ForeignKey(
        "self", verbose_name=_("denominator"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    denominator_filter = models.CharField(_("denominator breakdown"), max_length=200, blank=True)
    factor = models.DecimalField(_("factor"), max_digits=8, decimal_places=2, default=100)
    baseline_value = models.DecimalField(_("baseline value"), max_digits=16, decimal_places=2, null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    data_source_ru = models.TextField(_("data source (Russian)"), blank=True)
    data_source_ky = models.TextField(_("data source (Kyrgyz)"), blank=True)
    data_source_en = models.TextField(_("data source (English)"), blank=True)
    frequency = models.CharField(
        _("reporting frequency"), max_length=10, choices=Frequency.choices, default=Frequency.YEAR
    )
    responsible_ru = models.TextField(_("responsible body (Russian)"), blank=True)
    responsible_ky = models.TextField(_("responsible body (Kyrgyz)"), blank=True)
    responsible_en = models.TextField(_("responsible body (English)"), blank=True)
    categories = models.ManyToManyField(
        DisaggregationCategory, verbose_name=_("breakdowns"), blank=True, related_name="indicators"
    )
    measures = models.ManyToManyField(Measure, verbose_name=_("measures"), blank=True, related_name="indicators")
    reported_locally = models.BooleanField(_("reported by municipalities"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    name = localized("name")
    definition = localized("definition")
    data_source = localized("data_source")
    responsible = localized("responsible")

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="value") | (Q(numerator__isnull=False) & Q(denominator__isnull=False)),
                name="plans_ratio_has_parts",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_ratio(self) -> bool:
        return self.kind == IndicatorKind.RATIO

    def audit_label(self) -> str:
        return self.code


class IndicatorTarget(AuditedModel):
    """Target for a year, for the country (unit empty) or one territory."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="targets"
    )
    unit = models.ForeignKey(
        "geography.AdministrativeUnit",
        verbose_name=_("territory"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("target"), max_digits=16, decimal_places=2)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "unit", "year"], condition=Q(unit__isnull=False), name="plans_target_unique_unit"
            ),
            models.UniqueConstraint(
                fields=["indicator", "year"], condition=Q(unit__isnull=True), name="plans_target_unique_national"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.year}: {self.value}"

    def audit_label(self) -> str:
        return f"{self.indicator_id}:{self.unit_id or 'KG'}:{self.year}"


class PeriodKind(models.TextChoices):
    QUARTER = "quarter", _("Quarter")
    HALF = "half", _("Half-year")
    YEAR = "year", _("Year")
    MONTH = "month", _("Month")
    RANGE = "range", _("Period")


def period_label(code: str) -> str:
    """A period code ("2026-H1", "2026-Q3", "2026", "2026-11") in words of the current language ("1 пол. 2026")."""
    from django.utils.translation import gettext

    year, _sep, rest = code.partition("-")
    if not rest:
        return year
    if rest[:1] == "H" and rest[1:].isdigit():
        return gettext("H%(n)s %(year)s") % {"n": rest[1:], "year": year}
    if rest[:1] == "Q" and rest[1:].isdigit():
        return gettext("Q%(n)s %(year)s") % {"n": rest[1:], "year": year}
    if rest.isdigit():
        return f"{rest}.{year}"
    return code


class ReportingPeriod(AuditedModel):
    """2025, 2025-H1, 2025-Q3, 2025-11 or 2025-01..2025-11."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=PeriodKind.choices)
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    due = models.DateField(_("reports due"), null=True, blank=True)

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["start", "end"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        from django.utils.translation import gettext

        if self.kind == PeriodKind.QUARTER:
            return gettext("Q%(n)s %(year)s") % {"n": self.code[-1], "year": self.year}
        if self.kind == PeriodKind.HALF:
            return gettext("H%(n)s %(year)s") % {"n": self.code[-1], "year": self.year}
        if self.kind == PeriodKind.YEAR:
            return str(self.year)
        if self.kind == PeriodKind.MONTH:
            return f"{self.end:%m.%Y}"
        return f"{self.start:%m.%Y}–{self.end:%m.%Y}"

    def is_overdue(self, on: dt.date) -> bool:
        return self.due is not None and on > self.due

    def audit_label(self) -> str:
        return self.code


class DataValue(AuditedModel):
    """One figure: an indicator, a territory (empty: the country), a period and one breakdown combination."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="values"
    )
    unit = models.ForeignKey(
        "geography.AdministrativeUnit",
        verbose_name=_("territory"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("period"), on_delete=models.PROTECT, related_name="values"
    )
    combo = models.CharField(_("breakdown"), max_length=200, blank=True, help_text=_("Empty: the total."))
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2)
    source = models.TextField(_("source"), blank=True)
    report = models.ForeignKey(
        "plans.ProgressReport",
        verbose_name=_("report"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="values",
    )
    local_measure = models.ForeignKey(
        "plans.LocalMeasure",
        verbose_name=_("local measure"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="values",
    )

    class Meta:
        verbose_name = _("data value")
        verbose_name_plural = _("data values")
        ordering = ["indicator", "period", "combo"]
        constraints = [
            # A municipality reports per local measure; imported series hold one figure per territory and period.
            models.UniqueConstraint(
                fields=["report", "local_measure", "indicator", "combo"],
                condition=Q(report__isnull=False),
                name="plans_value_unique_report",
            ),
            models.UniqueConstraint(
                fields=["indicator", "unit", "period", "combo"],
                condition=Q(report__isnull=True, unit__isnull=False),
                name="plans_value_unique_unit",
            ),
            models.UniqueConstraint(
                fields=["indicator", "period", "combo"],
                condition=Q(unit__isnull=True),
                name="plans_value_unique_national",
            ),
        ]
        indexes = [models.Index(fields=["indicator", "period"])]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.period_id} {self.combo or 'total'}: {self.value}"

    def audit_label(self) -> str:
        return f"{self.indicator_id}:{self.unit_id or 'KG'}:{self.period_id}:{self.combo}"
