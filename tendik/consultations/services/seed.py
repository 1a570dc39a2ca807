"""Loading a consultation series from its JSON description (tendik/consultations/data/*.json). Idempotent.

Schema: code, title{ru,ky,en}, start_date, end_date, aims, tasks[], organisers[], results, vawp_survey,
meetings[{code, title, date, end_date, place_ru, oblasts_covered[oblast names], participants{total, women, men,
by_role, by_oblast}, agenda}], problems[{region, theme, text}], recommendations[{scope, region, theme, plan, level,
text, measure_refs}]. Texts are {"ru","ky","en"} or plain strings. Unknown measure references are reported as
warnings, never fatal. Existing records (by code) are left as they are, so a second run changes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from tendik.consultations.models import ConsultationSeries, Meeting, Recommendation
from tendik.consultations.services.meetings import meeting_save, organisation_ensure, problem_save, series_save
from tendik.consultations.services.participants import attendance_counts_set
from tendik.consultations.services.recommendations import recommendation_create, recommendation_link
from tendik.geography.models import AdministrativeUnit, normalise_name

GENDER_PLAN = "gender-2025-2027"
WPS_PLAN = "wps1325-2025-2027"

# Oblasts and cities of republican significance by the stem of their Russian name (spellings vary: Иссык/Ыссык,
# Джалал/Жалал), as SOATE codes.
OBLAST_CODES = {
    "иссык": "41702000000000",
    "ыссык": "41702000000000",
    "ысык": "41702000000000",
    "джалал": "41703000000000",
    "жалал": "41703000000000",
    "джала": "41703000000000",
    "нарын": "41704000000000",
    "баткен": "41705000000000",
    "ош": "41706000000000",
    "талас": "41707000000000",
    "чуй": "41708000000000",
    "бишкек": "41711000000000",
}
CITY_CODES = {
    "баткен": "41705410000010",
    "ош": "41721000000000",
    "каракол": "41702410000010",
    "нарын": "41704400000010",
    "бишкек": "41711000000000",
    "джалал-абад": "41703410000010",
}
_ROMAN = re.compile(r"^[IVX]+\.")


class SeedError(Exception):
    """The data cannot be loaded (e.g. the territories are missing)."""


@dataclass
class LoadReport:
    created: dict[str, int] = field(
        default_factory=lambda: {"series": 0, "meetings": 0, "problems": 0, "recommendations": 0}
    )
    warnings: list[str] = field(default_factory=list)


def tr(value: Any) -> dict[str, str]:
    """{"ru","ky","en"} from a dict, a string or a list of either (joined by new lines)."""
    if value is None:
        return {"ru": "", "ky": "", "en": ""}
    if isinstance(value, dict):
        return {lang: str(value.get(lang) or "") for lang in ("ru", "ky", "en")}
    if isinstance(value, list):
        parts = [tr(v) for v in value]
        return {lang: "\n".join(p[lang] for p in parts if p[lang]) for lang in ("ru", "ky", "en")}
    return {"ru": str(value), "ky": "", "en": ""}


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def oblast_lookup(name: str) -> AdministrativeUnit | None:
    """An oblast (or city of republican significance) by any usual spelling of its Russian name."""
    key = normalise_name(name).replace("г.", "").strip()
    if key.startswith("ош") and ("город" in key or key == "ош г" or key.endswith(" г")):
        return AdministrativeUnit.objects.filter(code="41721000000000").first()
    for stem, code in sorted(OBLAST_CODES.items(), key=lambda kv: -len(kv[0])):
        if key.startswith(stem):
            return AdministrativeUnit.objects.filter(code=code).first()
    return AdministrativeUnit.objects.filter(level="oblast").filter(search_text__contains=key).first()


def regions_lookup(value: Any) -> list[AdministrativeUnit]:
    names = value if isinstance(value, list) else re.split(r"\s+и\s+|,|;", value or "")
    units = [oblast_lookup(n) for n in names if n and n.strip()]
    return [u for u in units if u is not None]


def city_lookup(name: str) -> AdministrativeUnit | None:
    """A city by its Russian name ("г. Ош", "Каракол"): known SOATE codes first, then a name search."""
    key = normalise_name(name).replace("г.", "").strip()
    code = CITY_CODES.get(key)
    if code:
        unit = AdministrativeUnit.objects.filter(code=code).first()
        if unit is not None:
            return unit
    return AdministrativeUnit.objects.filter(level="city").search(key).order_by("depth").first()


def measure_lookup(ref: str, plans: dict[str, Any]) -> Any:
    from tendik.plans.models import Measure

    plan = plans.get(WPS_PLAN if _ROMAN.match(ref) else GENDER_PLAN)
    if plan is None:
        return None
    return Measure.objects.filter(plan=plan, number=ref).select_related("goal", "plan").first()


@transaction.atomic
def load_series(data: dict[str, Any], *, actor: Any = None) -> tuple[ConsultationSeries, LoadReport]:
    """Load (once) a series with its meetings, attendance, problems and recommendations linked to plan measures."""
    from tendik.plans.models import Plan

    report = LoadReport()
    if not AdministrativeUnit.objects.filter(level="oblast").exists():
        raise SeedError("No territories: run load_territories first.")
    plans = {p.code: p for p in Plan.objects.filter(code__in=[GENDER_PLAN, WPS_PLAN])}
    for code in (GENDER_PLAN, WPS_PLAN):
        if code not in plans:
            report.warnings.append(f"plan {code} is not loaded (run load_plans): its links are skipped")
    series = ConsultationSeries.objects.filter(code=data["code"]).first()
    if series is None:
        start = _date(data.get("start_date"))
        if start is None:
            raise SeedError("the series has no start_date")
        title, aims, results = tr(data.get("title")), tr(data.get("aims")), tr(data.get("results"))
        series = series_save(
            code=data["code"],
            title_ru=title["ru"],
            title_ky=title["ky"],
            title_en=title["en"],
            start_date=start,
            end_date=_date(data.get("end_date")),
            aims_ru=aims["ru"],
            aims_ky=aims["ky"],
            aims_en=aims["en"],
            results_ru=results["ru"],
            results_ky=results["ky"],
            results_en=results["en"],
            tasks=[tr(t) for t in data.get("tasks") or []],
            organisers=[
                organisation_ensure(name_ru=o["ru"], name_ky=o["ky"], name_en=o["en"])
                for o in (tr(x) for x in data.get("organisers") or [])
                if o["ru"]
            ],
            plans=list(plans.values()),
        )
        series.vawp_survey = data.get("vawp_survey") or {}
        series.save(update_fields=["vawp_survey"])
        report.created["series"] += 1
    meetings_by_oblast: dict[int, Meeting] = {}
    for order, m in enumerate(data.get("meetings") or []):
        meeting = Meeting.objects.filter(code=m["code"]).first()
        oblasts = regions_lookup(m.get("oblasts_covered") or [])
        if meeting is None:
            place = city_lookup(m.get("place_ru") or "")
            if place is None:
                raise SeedError(f"meeting {m['code']}: place {m.get('place_ru')!r} not found in the territories")
            title, agenda = tr(m.get("title")), tr(m.get("agenda"))
            meeting = meeting_save(
                series=series,
                code=m["code"],
                title_ru=title["ru"],
                title_ky=title["ky"],
                title_en=title["en"],
                start_date=_date(m.get("date")),
                end_date=_date(m.get("end_date")),
                place=place,
                agenda_ru=agenda["ru"],
                agenda_ky=agenda["ky"],
                agenda_en=agenda["en"],
                oblasts_covered=oblasts,
                organisers=list(series.organisers.all()),
                plans=list(plans.values()),
                order=order,
            )
            _attendance(meeting, m.get("participants") or {}, report)
            report.created["meetings"] += 1
        for unit in oblasts:
            meetings_by_oblast.setdefault(unit.pk, meeting)
    if not series.problems.exists():
        for order, p in enumerate(data.get("problems") or []):
            regions = regions_lookup(p.get("region"))
            text = tr(p.get("text"))
            meeting = next((meetings_by_oblast[u.pk] for u in regions if u.pk in meetings_by_oblast), None)
            problem_save(
                series=series,
                regions=regions,
                theme=p.get("theme") or "",
                text_ru=text["ru"],
                text_ky=text["ky"],
                text_en=text["en"],
                meeting=meeting,
                order=order,
            )
            report.created["problems"] += 1
    for order, r in enumerate(data.get("recommendations") or []):
        _recommendation(series, r, order, plans, meetings_by_oblast, actor, report)
    return series, report


def _attendance(meeting: Meeting, figures: dict[str, Any], report: LoadReport) -> None:
    if not any(v for v in figures.values()):
        return
    by_oblast = {}
    for name, n in (figures.get("by_oblast") or {}).items():
        unit = oblast_lookup(name)
        if unit is None:
            report.warnings.append(f"meeting {meeting.code}: oblast {name!r} not found")
        else:
            by_oblast[unit] = n
    by_sex = {k: v for k, v in (("female", figures.get("women")), ("male", figures.get("men"))) if v is not None}
    attendance_counts_set(
        meeting=meeting,
        total=figures.get("total"),
        by_sex=by_sex,
        by_role=figures.get("by_role") or {},
        by_oblast=by_oblast,
    )


def _recommendation(
    series: ConsultationSeries,
    r: dict[str, Any],
    order: int,
    plans: dict[str, Any],
    meetings_by_oblast: dict[int, Meeting],
    actor: Any,
    report: LoadReport,
) -> None:
    code = r.get("code") or f"{series.code}-{order + 1:03d}"
    rec = Recommendation.objects.filter(code=code).first()
    measures, unknown = [], []
    for ref in r.get("measure_refs") or []:
        m = measure_lookup(ref, plans)
        if m is None:
            unknown.append(ref)
        else:
            measures.append(m)
    if unknown:
        report.warnings.append(f"recommendation {code}: unknown measure references {', '.join(unknown)}")
    wanted_plans = {"gender": [GENDER_PLAN], "wps1325": [WPS_PLAN], "both": [GENDER_PLAN, WPS_PLAN]}.get(
        r.get("plan") or "", []
    )
    plan_objs = [plans[c] for c in wanted_plans if c in plans]
    if rec is None:
        regions = regions_lookup(r.get("region")) if r.get("region") else []
        meeting = next((meetings_by_oblast[u.pk] for u in regions if u.pk in meetings_by_oblast), None)
        text = tr(r.get("text"))
        recommendation_create(
            series=series,
            actor=actor,
            code=code,
            text_ru=text["ru"],
            text_ky=text["ky"],
            text_en=text["en"],
            meeting=meeting,
            scope=r.get("scope") or "regional",
            regions=regions,
            theme=r.get("theme") or "",
            level=r.get("level") or "national",
            plans=plan_objs,
            measures=measures,
            order=order,
        )
        report.created["recommendations"] += 1
    else:
        missing = [m for m in measures if not rec.measures.filter(pk=m.pk).exists()]
        if missing:
            recommendation_link(
                recommendation=rec,
                actor=actor,
                measures=[*rec.measures.all(), *missing],
                plans=[*rec.plans.all(), *plan_objs],
            )
