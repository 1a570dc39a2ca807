"""The structure of a SOATE code: 417 · OO · RRR · SSS · PPP (country, oblast, rayon or city, municipality, locality).

41702000000000  Issyk-Kul oblast            OO=02
41702205000000  Ak-Suu rayon                RRR=205 (2xx: rayon)
41702410000010  Karakol, city of oblast significance (4xx)
41702205805000  an ayil aimak of Ak-Suu     SSS=805 (8xx)
41702215600010  Cholpon-Ata, town           SSS=6xx; 4xx: city of rayon significance; 5xx: urban-type settlement
41711000000000  Bishkek, 41721000000000 Osh: cities of republican significance (OO=11, 21)
"""

from __future__ import annotations

import re

from tendik.geography.models import UnitLevel

_CODE = re.compile(r"^417\d{11}$")
REPUBLICAN_CITIES = frozenset({"11", "21"})

# A level may sit under these levels (None: at the top, without a parent).
ALLOWED_PARENTS: dict[str, frozenset[str | None]] = {
    UnitLevel.OBLAST: frozenset({None}),
    UnitLevel.CITY: frozenset({None, UnitLevel.OBLAST, UnitLevel.RAYON}),
    UnitLevel.RAYON: frozenset({UnitLevel.OBLAST, UnitLevel.CITY}),
    UnitLevel.TOWN: frozenset({UnitLevel.RAYON, UnitLevel.CITY}),
    UnitLevel.AYIL_AIMAK: frozenset({UnitLevel.RAYON, UnitLevel.CITY}),
    UnitLevel.OTHER: frozenset({UnitLevel.RAYON, UnitLevel.CITY}),
}

# Level cell text (folded like a header) → level.
LEVEL_ALIASES: dict[str, str] = {
    **{level.value: level.value for level in UnitLevel},
    "ayil aimak": UnitLevel.AYIL_AIMAK,
    "область": UnitLevel.OBLAST,
    "облус": UnitLevel.OBLAST,
    "район": UnitLevel.RAYON,
    "город": UnitLevel.CITY,
    "шаар": UnitLevel.CITY,
    "город областного значения": UnitLevel.CITY,
    "город республиканского значения": UnitLevel.CITY,
    "город районного значения": UnitLevel.TOWN,
    "айылный аймак": UnitLevel.AYIL_AIMAK,
    "айыл аймагы": UnitLevel.AYIL_AIMAK,
    "айылный округ": UnitLevel.AYIL_AIMAK,
    "поселок городского типа": UnitLevel.OTHER,
    "поселок": UnitLevel.OTHER,
    "other": UnitLevel.OTHER,
}


def is_soate(code: str) -> bool:
    return bool(_CODE.match(code or ""))


def infer_level(code: str) -> str | None:
    """The level a code's structure says, or None when it says nothing clear."""
    oblast, rayon, municipality, locality = code[3:5], code[5:8], code[8:11], code[11:14]
    if rayon == "000" and municipality == "000" and locality == "000":
        return UnitLevel.CITY if oblast in REPUBLICAN_CITIES else UnitLevel.OBLAST
    if municipality == "000":
        if rayon.startswith("2") and locality == "000":
            return UnitLevel.RAYON
        if rayon.startswith("4"):
            return UnitLevel.CITY
        return None
    return {"8": UnitLevel.AYIL_AIMAK, "6": UnitLevel.TOWN, "4": UnitLevel.CITY, "5": UnitLevel.OTHER}.get(
        municipality[0]
    )


def parent_candidates(code: str) -> list[str]:
    """Codes that may hold `code`, nearest first: its rayon or city (8 digits kept), then its oblast (5 kept)."""
    out = []
    for keep in (8, 5):
        candidate = code[:keep].ljust(14, "0")
        if candidate != code and candidate not in out:
            out.append(candidate)
    return out
