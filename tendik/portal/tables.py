"""The portal's public tables, built from the domain apps' public selectors (a fixed number of queries each)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tendik.consultations.selectors import feedback_for_municipality, public_recommendations
from tendik.core.i18n import pick
from tendik.geography.models import AdministrativeUnit
from tendik.plans import combos
from tendik.plans.models import Indicator, MeasureStatus
from tendik.plans.selectors import public as plans_public
from tendik.plans.selectors.indicators import indicator_series
from tendik.portal import committee_figures
from tendik.portal.datasets import PROTECTED_NOTE, Column, Dataset, register
from tendik.protection.selectors.public import FIGURES

COUNTRY_NAME = pgettext_lazy("territory", "Kyrgyz Republic")
PLACE = Column("place", pgettext_lazy("territory", "Place"))
CODE = Column("code", _("Territory code (SOATE)"), description=_("For machines; empty for the whole country."))


def places(unit: AdministrativeUnit | None) -> list[AdministrativeUnit | None]:
    """The territory itself (None: the country) and the territories one level below it. One query."""
    below = (
        AdministrativeUnit.objects.current().filter(parent__isnull=True)
        if unit is None
        else unit.children.current().all()
    )
    return [unit, *below.order_by("name_ru")]


def _name(unit: AdministrativeUnit | None) -> str:
    return str(COUNTRY_NAME) if unit is None else unit.name


def _path(unit: AdministrativeUnit | None) -> str:
    return "" if unit is None else unit.path


def _year(year: int | None) -> int:
    if year:
        return year
    known = committee_figures.years()
    return known[0] if known else timezone.localdate().year


def plan_titles() -> dict[str, str]:
    titles = {p.code: pick(p, "short_title") or pick(p, "title") for p in plans_public.all_plans()}
    titles[plans_public.OWN] = str(_("Municipalities' own measures"))
    return titles


STATUS_COLUMNS = [Column(s.value, s.label, "integer") for s in MeasureStatus]


@register("plan-progress", _("Plan progress"))
def plan_progress(unit: AdministrativeUnit | None, year: int | None = None) -> Dataset:
    rows_places = places(unit)
    statuses = plans_public.measure_statuses_by_place(territory=unit)
    country = plans_public.national_measure_statuses() if unit is None else {}
    titles = plan_titles()
    rows = []
    for place in rows_places:
        for plan_code, plan_title in titles.items():
            counts = country.get(plan_code) if place is None else statuses.get((_path(place), plan_code))
            if not counts or not sum(counts.values()):
                continue
            total = sum(counts.values())
            active = total - counts.get(MeasureStatus.CANCELLED, 0)
            rows.append(
                {
                    "code": place.code if place else "",
                    "place": _name(place),
                    "plan": plan_title,
                    "measures": total,
                    **counts,
                    "done_share": round(Decimal(counts.get(MeasureStatus.DONE, 0) * 100) / active, 1)
                    if active
                    else None,
                }
            )
    return Dataset(
        key="plan-progress",
        title=_("Plan progress"),
        definition=_(
            "Local measures adopted by municipalities in their local action plans, by the status last approved; "
            "the share done leaves cancelled measures out."
        ),
        source=_("Local action plans and progress reports of municipalities (Tendik, plans module)."),
        period=str(_("at the date of extraction")),
        columns=[
            CODE,
            PLACE,
            Column("plan", _("Plan")),
            Column("measures", _("Local measures"), "integer"),
            *STATUS_COLUMNS,
            Column("done_share", _("Done, %"), "number"),
        ],
        rows=rows,
    )


@register("committee-figures", _("Committees for protection from family violence"))
def committee_table(unit: AdministrativeUnit | None, year: int | None = None) -> Dataset:
    the_year = _year(year)
    rows_places = places(unit)
    figures = committee_figures.figures_for(the_year, [_path(p) for p in rows_places])
    rows = [
        {"code": p.code if p else "", "place": _name(p), "year": the_year, **figures[_path(p)]} for p in rows_places
    ]
    rows = [rows[0], *[r for r in rows[1:] if any(getattr(v, "value", 1) != 0 for k, v in r.items() if k in FIGURES)]]
    return Dataset(
        key="committee-figures",
        title=_("Committees for protection from family violence"),
        definition=" ".join(f"{t}: {d}" for t, d in FIGURES.values()),
        source=_("Records of the local committees for protection from family violence (Tendik, protection module)."),
        period=str(the_year),
        columns=[
            CODE,
            PLACE,
            Column("year", _("Year"), "year"),
            *[Column(k, t, "integer", d) for k, (t, d) in FIGURES.items()],
        ],
        rows=rows,
        note=PROTECTED_NOTE,
    )


def recommendations_for(unit: AdministrativeUnit | None) -> Any:
    if unit is None:
        return public_recommendations().order_by("series", "order", "id")
    if unit.is_municipality:
        return feedback_for_municipality(unit)
    return public_recommendations({"region": unit}).order_by("series", "order", "id")


@register("recommendations", _("Recommendations and what became of them"))
def recommendations_table(unit: AdministrativeUnit | None, year: int | None = None) -> Dataset:
    rows = []
    for rec in recommendations_for(unit)[:500]:
        answer = rec.published_answer
        measure = answer.implementing_measure if answer else None
        rows.append(
            {
                "recommendation": rec.code,
                "text": rec.text,
                "theme": rec.get_theme_display(),
                "status": answer.state.name if answer else str(_("Not answered")),
                "measure": f"{measure.number} {measure.title}" if measure else "",
                "answered_on": answer.published_at.date().isoformat() if answer and answer.published_at else "",
            }
        )
    return Dataset(
        key="recommendations",
        title=_("Recommendations and what became of them"),
        definition=_(
            "Recommendations of the consultations that concern the territory, with the published official answer "
            "and the plan measure that implements them."
        ),
        source=_("Consultations with women deputies and activists, official answers (Tendik, consultations module)."),
        period=str(_("at the date of extraction")),
        columns=[
            Column("recommendation", _("Recommendation")),
            Column("text", _("Text")),
            Column("theme", _("Theme")),
            Column("status", pgettext_lazy("recommendation", "Status")),
            Column("measure", _("Implementing measure")),
            Column("answered_on", _("Answer published"), "date"),
        ],
        rows=rows,
    )


def recommendation_statuses(unit: AdministrativeUnit | None) -> list[tuple[str, int]]:
    """(status name, number of recommendations) for the territory, counted in the database by answer state (the
    few states' names read apart). No DISTINCT: the territory filters are `pk IN (…)` subqueries (consultations
    selectors), which never repeat a recommendation."""
    from tendik.consultations.models import AnswerState

    rows = recommendations_for(unit).order_by().values("published_answer__state_id").annotate(n=Count("pk"))
    counts = {row["published_answer__state_id"]: row["n"] for row in rows}
    names = {s.pk: str(s.name) for s in AnswerState.objects.filter(pk__in=[k for k in counts if k is not None])}
    out: dict[str, int] = {}
    for state_id, n in counts.items():
        label = names.get(state_id) or str(_("Not answered"))
        out[label] = out.get(label, 0) + n
    return sorted(out.items(), key=lambda kv: -kv[1])


def national_indicators(plan_code: str | None = None) -> list[Indicator]:
    qs = Indicator.objects.select_related("numerator", "denominator").prefetch_related("categories__options")
    if plan_code:
        qs = qs.filter(measures__plan__code=plan_code).distinct()
    return list(qs.order_by("order", "code"))


@register("indicators", _("Indicators of the plans"))
def indicators_table(unit: AdministrativeUnit | None, year: int | None = None, plan_code: str | None = None) -> Dataset:
    rows = []
    for series in indicator_series(indicators=national_indicators(plan_code), territory=unit):
        ind = series.indicator
        labels = {c.key: c.label for c in combos.indicator_combos(ind)}
        for point in series.points:
            rows.append(_indicator_row(ind, point.period, "", "", point.value, point.target))
            for key, value in sorted(point.by_combo.items()):
                rows.append(_indicator_row(ind, point.period, key, labels.get(key, key), value, None))
    return Dataset(
        key="indicators",
        title=_("Indicators of the plans"),
        definition=_("Values of the plans' indicators by period, in total and by breakdown, with their targets."),
        source=_("Published statistics and municipalities' approved reports (Tendik, plans module)."),
        period=str(_("every period with figures")),
        columns=[
            Column("indicator", _("Indicator code")),
            Column("name", _("Indicator")),
            Column("period", _("Period")),
            Column("year", _("Year"), "year"),
            Column("breakdown_key", _("Breakdown code")),
            Column("breakdown", _("Breakdown")),
            Column("unit", _("Unit of measure")),
            Column("value", _("Value"), "number"),
            Column("target", _("Target"), "number"),
        ],
        rows=rows,
    )


def _indicator_row(ind: Indicator, period: Any, key: str, label: str, value: Any, target: Any) -> dict[str, Any]:
    return {
        "indicator": ind.code,
        "name": pick(ind, "name"),
        "period": period.label,
        "year": period.year,
        "breakdown_key": key,
        "breakdown": label,
        "unit": ind.get_unit_display(),
        "value": value,
        "target": target,
    }
