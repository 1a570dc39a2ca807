"""Loading the national plans and the reference data (SDG targets, breakdowns, indicators, national series).

Every loader is idempotent: records are found by natural key (plan.code, area/goal/measure number, indicator
code...) and their texts updated in place, so a second run changes nothing.
"""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction

from tendik.plans.models import (
    CategoryOption,
    DataValue,
    DisaggregationCategory,
    Goal,
    Indicator,
    IndicatorTarget,
    Measure,
    Plan,
    PlanArea,
    PlanKind,
    PlanStatus,
    SdgTarget,
)
from tendik.plans.services.periods import period_get

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
PLAN_FILES = ("gender_plan_2025_2027.json", "wps1325_plan_2025_2027.json", "earlier_wps1325_plans.json")
LANGS = ("ru", "ky", "en")


@dataclass
class LoadStats:
    created: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    updated: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def count(self, name: str, created: bool, changed: bool) -> None:
        if created:
            self.created[name] += 1
        elif changed:
            self.updated[name] += 1

    @property
    def changed(self) -> bool:
        return bool(sum(self.created.values()) + sum(self.updated.values()))

    def __str__(self) -> str:
        parts = [f"{k}: +{v}" for k, v in sorted(self.created.items())]
        parts += [f"{k}: ~{v}" for k, v in sorted(self.updated.items())]
        return ", ".join(parts) or "nothing changed"


def _texts(prefix: str, value: Any) -> dict[str, str]:
    """{"ru": .., "ky": .., "en": ..} (or a plain string) → {"<prefix>_ru": .., ...}."""
    if isinstance(value, str):
        value = {"ru": value}
    value = value or {}
    return {f"{prefix}_{lang}": (value.get(lang) or "").strip() for lang in LANGS}


def _upsert(model: Any, stats: LoadStats, lookup: dict[str, Any], values: dict[str, Any]) -> tuple[Any, bool]:
    """Create or update one row by natural key; saves (and audits) only when something differs."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.save()
        stats.count(model.__name__, True, False)
        return obj, True
    changed = [k for k, v in values.items() if getattr(obj, k) != v]
    if changed:
        for k in changed:
            setattr(obj, k, values[k])
        obj.save(update_fields=changed)
        stats.count(model.__name__, False, True)
    return obj, False


_YEAR_RE = re.compile(r"\b(20\d\d)\b")


def _due_year(deadline_ru: str, plan: Plan) -> int:
    years = [int(y) for y in _YEAR_RE.findall(deadline_ru or "")]
    return max(years) if years else plan.end_year


def _sync_m2m(manager: Any, wanted: set[int]) -> bool:
    current = set(manager.values_list("pk", flat=True))
    if current == wanted:
        return False
    manager.set(wanted)
    return True


@transaction.atomic
def plan_load(*, data: dict[str, Any], stats: LoadStats | None = None) -> Plan:
    """Create or update one plan with its areas, goals and measures from the delivered JSON schema."""
    stats = stats or LoadStats()
    code = data["code"]
    kind = data.get("kind") or (PlanKind.WPS1325 if code.startswith("wps1325") else PlanKind.GENDER)
    areas = data.get("areas") or []
    is_current = data.get("is_current", bool(areas) and data["end_year"] >= 2025)
    values = {
        "kind": kind,
        **_texts("title", data["title"]),
        **_texts("short_title", data.get("short_title") or {}),
        **_texts("notes", data.get("note") or data.get("notes") or {}),
        **_texts("adopted_by", data.get("adopted_by") or {}),
        "start_year": data["start_year"],
        "end_year": data["end_year"],
        "is_current": is_current,
        "status": data.get("status") or (PlanStatus.IN_FORCE if is_current else PlanStatus.COMPLETED),
        **{
            key.replace("source_ru", "source"): text[:300]
            for key, text in _texts("source", data.get("source") or {}).items()
        },
    }
    plan, _ = _upsert(Plan, stats, {"code": code}, values)
    sdg_ids = dict(SdgTarget.objects.values_list("code", "pk"))
    order = 0
    for a_index, area_data in enumerate(areas):
        area, _ = _upsert(
            PlanArea,
            stats,
            {"plan": plan, "number": str(area_data["number"])},
            {**_texts("title", area_data["title"]), "order": a_index},
        )
        for g_index, goal_data in enumerate(area_data.get("goals") or []):
            goal, _ = _upsert(
                Goal,
                stats,
                {"area": area, "number": str(goal_data["number"])},
                {"plan": plan, **_texts("title", goal_data["title"]), "order": a_index * 100 + g_index},
            )
            for m_data in goal_data.get("measures") or []:
                order += 1
                texts = {
                    **_texts("text", m_data["text"]),
                    **_texts("responsible", m_data.get("responsible")),
                    **_texts("deadline", m_data.get("deadline")),
                    **_texts("expected_result", m_data.get("expected_result")),
                    **_texts("funding_source", m_data.get("funding_source")),
                }
                measure, created = _upsert(
                    Measure,
                    stats,
                    {"plan": plan, "number": str(m_data["number"])},
                    {
                        "goal": goal,
                        "level": m_data.get("level") or "national",
                        "order": order,
                        "due_year": _due_year(texts["deadline_ru"], plan),
                        **texts,
                    },
                )
                wanted = set()
                for sdg in m_data.get("sdg_targets") or []:
                    if sdg not in sdg_ids:
                        sdg_ids[sdg] = SdgTarget.objects.create(code=sdg).pk
                        stats.count("SdgTarget", True, False)
                    wanted.add(sdg_ids[sdg])
                if _sync_m2m(measure.sdg_targets, wanted) and not created:
                    stats.count("Measure.sdg_targets", False, True)
    return plan


@transaction.atomic
def sdg_targets_load(*, data: dict[str, Any], stats: LoadStats) -> None:
    for item in data["targets"]:
        _upsert(SdgTarget, stats, {"code": item["code"]}, _texts("title", item["title"]))


def _measure_by_key(key: str) -> Measure | None:
    code, number = key.split(":", 1)
    return Measure.objects.filter(plan__code=code, number=number).first()


@transaction.atomic
def measure_links_load(*, data: dict[str, Any], stats: LoadStats) -> None:
    for a_key, b_key in data["links"]:
        a, b = _measure_by_key(a_key), _measure_by_key(b_key)
        if a is None or b is None:
            continue
        if not a.related_measures.filter(pk=b.pk).exists():
            a.related_measures.add(b)
            stats.count("Measure.related_measures", True, False)


@transaction.atomic
def categories_load(*, data: dict[str, Any], stats: LoadStats) -> None:
    for c_index, item in enumerate(data["categories"]):
        category, _ = _upsert(
            DisaggregationCategory, stats, {"code": item["code"]}, {**_texts("name", item["name"]), "order": c_index}
        )
        for o_index, opt in enumerate(item["options"]):
            _upsert(
                CategoryOption,
                stats,
                {"category": category, "code": opt["code"]},
                {**_texts("name", opt["name"]), "order": o_index},
            )


def _dec(value: Any) -> Decimal | None:
    return None if value is None or value == "" else Decimal(str(value))


@transaction.atomic
def indicators_load(*, data: dict[str, Any], stats: LoadStats) -> None:
    categories = {c.code: c.pk for c in DisaggregationCategory.objects.all()}
    for index, item in enumerate(data["indicators"]):
        baseline = item.get("baseline") or {}
        values = {
            **_texts("name", item["name"]),
            **_texts("definition", item.get("definition")),
            **_texts("data_source", item.get("data_source")),
            **_texts("responsible", item.get("responsible")),
            "kind": item.get("kind", "value"),
            "unit": item.get("unit", "count"),
            "additive": item.get("additive", True),
            "reported_locally": item.get("reported_locally", False),
            "frequency": item.get("frequency", "year"),
            "baseline_value": _dec(baseline.get("value")),
            "baseline_year": baseline.get("year"),
            "numerator": Indicator.objects.get(code=item["numerator"]) if item.get("numerator") else None,
            "numerator_filter": item.get("numerator_filter", ""),
            "denominator": Indicator.objects.get(code=item["denominator"]) if item.get("denominator") else None,
            "denominator_filter": item.get("denominator_filter", ""),
            "factor": _dec(item.get("factor")) or Decimal(100),
            "order": index,
        }
        indicator, created = _upsert(Indicator, stats, {"code": item["code"]}, values)
        _sync_m2m(indicator.categories, {categories[c] for c in item.get("categories") or []})
        measures = {m.pk for key in item.get("measures") or [] if (m := _measure_by_key(key))}
        if _sync_m2m(indicator.measures, measures) and not created:
            stats.count("Indicator.measures", False, True)
        for year, target in (item.get("targets") or {}).items():
            _upsert(
                IndicatorTarget,
                stats,
                {"indicator": indicator, "unit": None, "year": int(year)},
                {"value": Decimal(str(target))},
            )


@transaction.atomic
def national_series_load(*, rows: list[dict[str, str]], data: dict[str, Any], stats: LoadStats) -> None:
    """Load published national statistics as indicator history (values per breakdown; totals stay computed).

    A published total whose parts are partly known is stored as its remaining part, so the computed total equals
    the published one; a total with no parts at all is stored as the total.
    """
    from tendik.geography.models import AdministrativeUnit

    series = {tuple(s["csv"]): s for s in data["series"]}
    territories = data["territories"]
    units = {u.code: u for u in AdministrativeUnit.objects.filter(code__in=[c for c in territories.values() if c])}
    indicators = {i.code: i for i in Indicator.objects.all()}
    parts: dict[tuple[str, str, str], Decimal] = defaultdict(Decimal)
    items: list[tuple[dict[str, Any], dict[str, str]]] = []
    for row in rows:
        spec = series.get((row["indicator"], row["unit_or_breakdown"]))
        if spec is None or row["territory"] not in territories:
            continue
        items.append((spec, row))
        if not spec.get("total"):
            parts[(spec["indicator"], row["territory"], row["period"])] += Decimal(row["value"])
    for spec, row in items:
        territory = territories[row["territory"]]
        unit = units.get(territory) if territory else None
        if territory and unit is None:
            continue  # territories not loaded yet: the regional rows come with the next run
        value = Decimal(row["value"])
        combo = spec.get("combo", "")
        source = row["source"]
        if spec.get("total"):
            known = parts.get((spec["indicator"], row["territory"], row["period"]))
            if known is not None:
                combo, value = spec["remainder"], value - known
                source = f"{source} (derived: published total {row['value']} minus the published parts)"
        period = period_get(code=row["period"])
        _upsert(
            DataValue,
            stats,
            {
                "indicator": indicators[spec["indicator"]],
                "unit": unit,
                "period": period,
                "combo": combo,
                "report": None,
            },
            {"value": value, "source": source[:1000]},
        )


def read_json(path: Path) -> Any:
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


def reference_load(*, data_dir: Path = DATA_DIR) -> LoadStats:
    """Everything `load_plans` loads, in dependency order."""
    stats = LoadStats()
    sdg_targets_load(data=read_json(data_dir / "sdg_targets.json"), stats=stats)
    for name in PLAN_FILES:
        if not (data_dir / name).exists():
            continue
        loaded = read_json(data_dir / name)
        for item in loaded if isinstance(loaded, list) else loaded.get("plans", [loaded]):
            plan_load(data=item, stats=stats)
    measure_links_load(data=read_json(data_dir / "measure_links.json"), stats=stats)
    categories_load(data=read_json(data_dir / "categories.json"), stats=stats)
    indicators = read_json(data_dir / "indicators.json")
    indicators_load(data=indicators, stats=stats)
    with (data_dir / "kg_gender_statistics.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    national_series_load(rows=rows, data=indicators, stats=stats)
    return stats


MEASURE_EDITABLE = {
    f"{base}_{lang}"
    for base in ("text", "responsible", "deadline", "expected_result", "funding_source")
    for lang in LANGS
} | {"level", "due_year"}


@transaction.atomic
def measure_update(*, actor: Any, measure: Measure, **fields: Any) -> Measure:
    """Correct a national measure's texts (national coordinator); the change is audited."""
    from tendik.accounts.permissions import require
    from tendik.accounts.roles import Perm

    require(actor, Perm.PLANS_MANAGE_CATALOGUE)
    unknown = set(fields) - MEASURE_EDITABLE
    if unknown:
        from django.core.exceptions import ValidationError

        raise ValidationError(f"not editable: {', '.join(sorted(unknown))}")
    changed = [k for k, v in fields.items() if getattr(measure, k) != v]
    for k in changed:
        setattr(measure, k, fields[k])
    if changed:
        measure.save(update_fields=changed)
    return measure
