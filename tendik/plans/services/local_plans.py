"""Writes for local plans: create, adopt national measures in the municipality's words, add own measures, budgets."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from tendik.accounts.permissions import require
from tendik.accounts.roles import Perm
from tendik.core.concurrency import guard
from tendik.plans.models import (
    BUDGET_SOURCES,
    GenderMarker,
    Indicator,
    LocalMeasure,
    LocalPlan,
    LocalPlanStatus,
    Measure,
)

EDITABLE_MEASURE_FIELDS = (
    "text",
    "responsible_person",
    "partners",
    "start",
    "end",
    "budget_local",
    "budget_republican",
    "budget_donor",
    "budget_other",
    "donor",
    "gender_marker",
    "programme_item",
)


def _check_municipality(municipality: Any) -> None:
    if not municipality.is_municipality:
        raise ValidationError({"municipality": _("Local plans are drawn up by ayil aimaks, towns and cities.")})


@transaction.atomic
def local_plan_create(
    *,
    actor: Any,
    municipality: Any,
    start_year: int,
    end_year: int,
    title: str = "",
    programme: str = "",
    reporting_frequency: str = "half",
) -> LocalPlan:
    """Start a municipality's plan for a period (draft until the kenesh adopts it)."""
    require(actor, Perm.LOCAL_PLAN_EDIT, unit=municipality)
    _check_municipality(municipality)
    if end_year < start_year:
        raise ValidationError({"end_year": _("The last year cannot be before the first.")})
    if LocalPlan.objects.filter(municipality=municipality, start_year=start_year, end_year=end_year).exists():
        raise ValidationError({"start_year": _("This municipality already has a plan for these years.")})
    plan = LocalPlan(
        municipality=municipality,
        start_year=start_year,
        end_year=end_year,
        title=title,
        programme=programme,
        reporting_frequency=reporting_frequency,
        created_by=actor,
    )
    plan.full_clean()
    plan.save()
    return plan


@transaction.atomic
def local_plan_update(*, actor: Any, local_plan: LocalPlan, version: int | None = None, **fields: Any) -> LocalPlan:
    """Change title, programme, reporting frequency, status or adoption date.

    `version`: the one the editor started from; a stale one raises StaleVersion with the difference.
    """
    require(actor, Perm.LOCAL_PLAN_EDIT, unit=local_plan.municipality)
    allowed = {"title", "programme", "reporting_frequency", "status", "adopted_on"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(_("These fields cannot be changed here: %(f)s") % {"f": ", ".join(sorted(unknown))})
    local_plan = guard(local_plan, version=version, data=fields)
    changed = [k for k, v in fields.items() if getattr(local_plan, k) != v]
    for k in changed:
        setattr(local_plan, k, fields[k])
    if local_plan.status == LocalPlanStatus.ADOPTED and not local_plan.adopted_on:
        raise ValidationError({"adopted_on": _("Give the date the kenesh adopted the plan.")})
    local_plan.full_clean()
    if changed:
        local_plan.save(update_fields=[*changed, "version"])
    return local_plan


def _next_number(local_plan: LocalPlan) -> str:
    count = local_plan.measures.count()
    return str(count + 1)


def _validate_measure(measure: LocalMeasure) -> None:
    errors: dict[str, list[str]] = {}
    lp = measure.local_plan
    if measure.start and measure.end and measure.end < measure.start:
        errors.setdefault("end", []).append(_("The end cannot be before the start."))
    for name in ("start", "end"):
        value = getattr(measure, name)
        if value and not (lp.start_year <= value.year <= lp.end_year):
            errors.setdefault(name, []).append(
                _("The date must fall within the plan's years %(period)s.") % {"period": lp.period}
            )
    for source in BUDGET_SOURCES:
        value = getattr(measure, f"budget_{source}")
        if value is not None and value < 0:
            errors.setdefault(f"budget_{source}", []).append(_("An amount cannot be negative."))
    if measure.budget_donor and not measure.donor.strip():
        errors.setdefault("donor", []).append(_("Name the donor of the donor funding."))
    if errors:
        raise ValidationError(errors)


def _default_indicators(national_measure: Measure | None) -> list[Indicator]:
    if national_measure is None:
        return []
    return list(national_measure.indicators.filter(reported_locally=True))


@transaction.atomic
def local_measure_add(
    *,
    actor: Any,
    local_plan: LocalPlan,
    text: str = "",
    responsible_person: str,
    start: dt.date,
    end: dt.date,
    national_measure: Measure | None = None,
    number: str = "",
    partners: str = "",
    budget_local: Decimal = Decimal(0),
    budget_republican: Decimal = Decimal(0),
    budget_donor: Decimal = Decimal(0),
    budget_other: Decimal = Decimal(0),
    donor: str = "",
    gender_marker: str = GenderMarker.SIGNIFICANT,
    programme_item: str = "",
    indicators: list[Indicator] | None = None,
) -> LocalMeasure:
    """Adopt a national measure (with the municipality's own wording) or add the municipality's own measure."""
    require(actor, Perm.LOCAL_PLAN_EDIT, unit=local_plan.municipality)
    if national_measure is not None and local_plan.measures.filter(national_measure=national_measure).exists():
        raise ValidationError({"national_measure": _("This national measure is already in the plan.")})
    if not (text or "").strip():
        if national_measure is None:
            raise ValidationError({"text": _("Describe the measure.")})
        text = national_measure.text_ru
    order = (local_plan.measures.aggregate(m=Max("order"))["m"] or 0) + 1
    measure = LocalMeasure(
        local_plan=local_plan,
        national_measure=national_measure,
        number=number.strip() or _next_number(local_plan),
        text=text.strip(),
        responsible_person=responsible_person.strip(),
        partners=partners,
        start=start,
        end=end,
        budget_local=budget_local,
        budget_republican=budget_republican,
        budget_donor=budget_donor,
        budget_other=budget_other,
        donor=donor,
        gender_marker=gender_marker,
        programme_item=programme_item,
        order=order,
    )
    _validate_measure(measure)
    if local_plan.measures.filter(number=measure.number).exists():
        raise ValidationError({"number": _("Another measure of this plan has this number.")})
    measure.full_clean()
    measure.save()
    measure.indicators.set(indicators if indicators is not None else _default_indicators(national_measure))
    return measure


@transaction.atomic
def local_measure_update(
    *,
    actor: Any,
    measure: LocalMeasure,
    indicators: list[Indicator] | None = None,
    version: int | None = None,
    **fields: Any,
) -> LocalMeasure:
    """Change a local measure's wording, people, dates, budget or marker.

    `version`: the one the editor started from; a stale one raises StaleVersion with the difference.
    """
    require(actor, Perm.LOCAL_PLAN_EDIT, unit=measure.local_plan.municipality)
    unknown = set(fields) - set(EDITABLE_MEASURE_FIELDS) - {"number"}
    if unknown:
        raise ValidationError(_("These fields cannot be changed here: %(f)s") % {"f": ", ".join(sorted(unknown))})
    compared = {**fields, **({"indicators": indicators} if indicators is not None else {})}
    local_plan = measure.local_plan
    measure = guard(measure, version=version, data=compared)
    measure.local_plan = local_plan
    changed = [k for k, v in fields.items() if getattr(measure, k) != v]
    for k in changed:
        setattr(measure, k, fields[k])
    _validate_measure(measure)
    measure.full_clean()
    indicators_changed = indicators is not None and {i.pk for i in indicators} != set(
        measure.indicators.values_list("pk", flat=True)
    )
    if changed or indicators_changed:
        measure.save(update_fields=[*changed, "version"])
    if indicators is not None:
        measure.indicators.set(indicators)
    return measure


@transaction.atomic
def local_measure_remove(*, actor: Any, measure: LocalMeasure) -> None:
    """Remove a measure that nothing has been reported on yet."""
    require(actor, Perm.LOCAL_PLAN_EDIT, unit=measure.local_plan.municipality)
    if measure.entries.exclude(report__status="draft").exists():
        raise PermissionDenied(_("Progress has been reported on this measure; it can no longer be removed."))
    measure.entries.all().delete()
    measure.delete()
