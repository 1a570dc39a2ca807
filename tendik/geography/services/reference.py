"""Loading the reference list of units and boundaries shipped in tendik/geography/data (see SOURCES.md there).

The load only adds what is missing: once a unit exists, an administrator's SOATE import is the authority on it,
so running the load again (every `tendik demo` does) never undoes an import and writes nothing.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from tendik.geography.models import (
    AdministrativeUnit,
    NameKind,
    UnitName,
    clean_name,
    name_en_clean,
    name_ky_clean,
    normalise_name,
    oblast_names,
)
from tendik.geography.services.boundaries import boundary_set
from tendik.geography.services.units import unit_create, unit_name_add

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
UNITS_CSV = DATA_DIR / "kg_admin_units_soate.csv"
BOUNDARIES_GEOJSON = DATA_DIR / "kg_boundaries.geojson"
MUNICIPAL_NAMES_CSV = DATA_DIR / "municipal_names.csv"  # Kyrgyz and English names the sources lack (SOURCES.md)
SOURCE_UNITS = "СОАТЕ reference list (Tendik data/kg_admin_units_soate.csv)"

# Names the sources lack or get wrong, supplied by Tendik (documented in docs/modules/geography.md).
NAMES_ADDED: dict[str, tuple[str, str]] = {  # code: (name_ky, name_en)
    "41711000000000": ("Бишкек", "Bishkek"),
    "41721000000000": ("Ош", "Osh"),
    "41711201000000": ("Ленин", "Lenin"),
    "41711202000000": ("Октябрь", "Oktyabr"),
    "41711203000000": ("Биринчи Май", "Pervomay"),
    "41711204000000": ("Свердлов", "Sverdlov"),
}
# The official Russian form where the list spells it otherwise; the list's spelling stays an *other spelling*.
NAMES_RU_FIXED = {"41702000000000": "Иссык-Кульская область"}  # list: «Ыссык-Кульская область»
NAMES_EN_FIXED = {"41704220000000": "At-Bashy", "41704235000000": "Kochkor"}  # source A: "Ak-Bashy", "Kochokor"


def _bare(name: str) -> str:
    return normalise_name(name.removeprefix("г.").removeprefix("г "))


@dataclass
class LoadResult:
    units: int = 0
    names: int = 0
    boundaries: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.units or self.names or self.boundaries)


def _read_units(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh)]


def _variant_spelling(props: dict[str, Any], unit: AdministrativeUnit) -> str:
    """Source A's Russian name written like source B's («Иссык-Кульская» → «Иссык-Кульская область»)."""
    name = clean_name(props.get("name_ru", ""))
    if not name or _bare(name) == _bare(unit.name_ru):
        return ""
    if unit.level == "oblast" and not name.endswith("область"):
        name += " область"
    elif unit.level == "rayon" and not name.endswith("район"):
        name += " район"
    return name


@transaction.atomic
def territories_load(*, units_csv: Path = UNITS_CSV, boundaries_geojson: Path = BOUNDARIES_GEOJSON) -> LoadResult:
    """Create the units, other spellings and boundaries that are missing; change nothing that exists."""
    result = LoadResult()
    rows = _read_units(units_csv)
    features = json.loads(boundaries_geojson.read_text(encoding="utf-8"))["features"]
    by_code = {f["properties"]["soate"]: f for f in features}
    existing = {u.code: u for u in AdministrativeUnit.objects.all()}
    added = {r["soate"]: (r["name_ky"], r["name_en"]) for r in _read_units(MUNICIPAL_NAMES_CSV)}

    pending = [r for r in rows if r["soate"] not in existing]
    while pending:  # parents before children, whatever the file's order
        ready = [r for r in pending if not r["parent_soate"] or r["parent_soate"] in existing]
        if not ready:
            result.problems += [f"{r['soate']}: parent {r['parent_soate']} is missing" for r in pending]
            break
        for r in ready:
            code = r["soate"]
            props = by_code.get(code, {}).get("properties", {})
            name_ky = name_ky_clean(r.get("name_ky", "") or props.get("name_ky", ""))
            name_en = name_en_clean(NAMES_EN_FIXED.get(code) or r.get("name_en", "") or props.get("name_en", ""))
            if code in NAMES_ADDED or code in added:
                ky, en = NAMES_ADDED.get(code) or added[code]
                name_ky, name_en = name_ky or ky, name_en or en
            if r["level"] == "oblast":
                name_ky, name_en = oblast_names(name_ky, name_en)
            existing[code] = unit_create(
                code=code,
                level=r["level"],
                parent=existing.get(r["parent_soate"]) if r["parent_soate"] else None,
                name_ru=NAMES_RU_FIXED.get(code, r["name_ru"]),
                name_ky=name_ky,
                name_en=name_en,
                kind_ru=r.get("kind_ru", ""),
                source=SOURCE_UNITS,
                checked=True,  # codes come from `existing`, parents were created above
            )
            result.units += 1
        pending = [r for r in pending if r["soate"] not in existing]

    known = set(UnitName.objects.filter(kind=NameKind.VARIANT).values_list("unit__code", "name"))
    listed = {r["soate"]: r["name_ru"] for r in rows}
    for code, official in NAMES_RU_FIXED.items():
        unit = existing.get(code)
        spelling = listed.get(code, "")
        if unit is not None and spelling and spelling != official and (code, spelling) not in known:
            if unit_name_add(unit=unit, name=spelling, language="ru", kind=NameKind.VARIANT, source=SOURCE_UNITS):
                known.add((code, spelling))
                result.names += 1
    for code, feature in by_code.items():
        unit = existing.get(code)
        if unit is None:
            result.problems.append(f"{code}: a boundary for a unit that is not in the list")
            continue
        variant = _variant_spelling(feature["properties"], unit)
        if (
            variant
            and (code, variant) not in known
            and unit_name_add(
                unit=unit, name=variant, language="ru", kind=NameKind.VARIANT, source="OCHA/MoES COD-AB 2018"
            )
        ):
            result.names += 1
        if boundary_set(unit=unit, geometry=feature["geometry"], source=feature["properties"].get("source", "")):
            result.boundaries += 1
    return result
