"""Shared test helpers: the demo's territories, and small builders for committees and cases."""

from __future__ import annotations

import datetime as dt
from typing import Any

DEMO_UNITS = [
    ("41702000000000", "oblast", "", "Иссык-Кульская область"),
    ("41702205000000", "rayon", "41702000000000", "Ак-Суйский район"),
    ("41702205813000", "ayil_aimak", "41702205000000", "Караколский айылный аймак"),
    ("41702205805000", "ayil_aimak", "41702205000000", "Ак-Булунский айылный аймак"),
    ("41704000000000", "oblast", "", "Нарынская область"),
    ("41704245000000", "rayon", "41704000000000", "Нарынский район"),
    ("41704245845000", "ayil_aimak", "41704245000000", "Учкунский айылный аймак"),
    ("41704210000000", "rayon", "41704000000000", "Ак-Талинский район"),
    ("41704210806000", "ayil_aimak", "41704210000000", "Ак-Талский айылный аймак"),
    ("41707000000000", "oblast", "", "Таласская область"),
    ("41707215000000", "rayon", "41707000000000", "Кара-Буринский район"),
    ("41707215815000", "ayil_aimak", "41707215000000", "Бакайырский айылный аймак"),
    ("41707215818000", "ayil_aimak", "41707215000000", "Кара-Бууринский айылный аймак"),
    ("41708000000000", "oblast", "", "Чуйская область"),
    ("41708203000000", "rayon", "41708000000000", "Аламудунский район"),
    ("41708203807000", "ayil_aimak", "41708203000000", "Аламудунский айылный аймак"),
    ("41708203814000", "ayil_aimak", "41708203000000", "Васильевский айылный аймак"),
    ("41705000000000", "oblast", "", "Баткенская область"),
    ("41705258000000", "rayon", "41705000000000", "Кадамжайский район"),
    ("41705258860000", "ayil_aimak", "41705258000000", "Халмионский айылный аймак"),
    ("41705214000000", "rayon", "41705000000000", "Баткенский район"),
    ("41705214824000", "ayil_aimak", "41705214000000", "Кара-Булакский айылный аймак"),
    ("41706000000000", "oblast", "", "Ошская область"),
    ("41706207000000", "rayon", "41706000000000", "Алайский район"),
    ("41706207823000", "ayil_aimak", "41706207000000", "Кабылан-Колский айылный аймак"),
    ("41706207814000", "ayil_aimak", "41706207000000", "Гульчинский айылный аймак"),
    ("41703000000000", "oblast", "", "Джалал-Абадская область"),
    ("41703204000000", "rayon", "41703000000000", "Ала-Букинский район"),
    ("41703204804000", "ayil_aimak", "41703204000000", "Ак-Коргонский айылный аймак"),
    ("41703204808000", "ayil_aimak", "41703204000000", "Ала-Букинский айылный аймак"),
]


def demo_territory() -> dict[str, Any]:
    """The units the demo needs (as load_territories would create them), by code."""
    from tendik.geography.models import AdministrativeUnit
    from tendik.geography.services import unit_create

    units: dict[str, Any] = {}
    for code, level, parent, name in DEMO_UNITS:
        unit = AdministrativeUnit.objects.filter(code=code).first()
        units[code] = unit or unit_create(code=code, level=level, name_ru=name, parent=units.get(parent))
    return units


def make_committee(municipality: Any, name: str = "МК") -> Any:
    from tendik.protection.services.committees import committee_create

    return committee_create(actor=None, municipality=municipality, name=f"{name} {municipality.code}")


def make_case(
    committee: Any,
    *,
    owner: Any = None,
    name: str = "Вымышленная Айгүл",
    sex: str = "female",
    age: str = "26_40",
    opened_on: dt.date | None = None,
    statistics: bool = True,
    **extra: Any,
) -> Any:
    from tendik.protection.services.cases import case_open, consent_record

    case = case_open(
        committee=committee,
        actor=None,
        owner=owner,
        survivor_name=name,
        survivor_birth_date=dt.date(1990, 5, 17),
        survivor_address="с. Вымышленное, ул. Условная, 7",
        survivor_phone="+996 555 123 456",
        survivor_document="ID1234567",
        survivor_sex=sex,
        survivor_age_group=age,
        opened_on=opened_on or dt.date(2025, 3, 1),
        **extra,
    )
    if statistics:
        consent_record(case=case, actor=None, kind="statistics", given_on=case.opened_on)
    return case
