"""Writes to the territory: create, rename, close, move. History is kept, never deleted."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from tendik.geography.models import AdministrativeUnit, UnitName


@transaction.atomic
def unit_create(*, code: str, level: str, name_ru: str, parent: AdministrativeUnit | None = None, name_ky: str = "",
                name_en: str = "", kind_ru: str = "", valid_from: dt.date | None = None, source: str = "") -> AdministrativeUnit:
    unit = AdministrativeUnit(
        code=code, level=level, parent=parent, name_ru=name_ru, name_ky=name_ky, name_en=name_en, kind_ru=kind_ru,
        valid_from=valid_from, source=source,
    )
    unit.refresh_derived()
    unit.full_clean()
    unit.save()
    return unit


@transaction.atomic
def unit_rename(*, unit: AdministrativeUnit, on: dt.date, name_ru: str | None = None, name_ky: str | None = None,
                name_en: str | None = None) -> AdministrativeUnit:
    """Rename a unit; its former names are kept (and still found by search)."""
    for lang, new in (("ru", name_ru), ("ky", name_ky), ("en", name_en)):
        old = getattr(unit, f"name_{lang}")
        if new is not None and new != old:
            if old:
                UnitName.objects.create(unit=unit, name=old, language=lang, valid_to=on)
            setattr(unit, f"name_{lang}", new)
    unit.refresh_derived()
    unit.save()
    return unit


@transaction.atomic
def unit_close(*, unit: AdministrativeUnit, on: dt.date) -> AdministrativeUnit:
    """End a unit's validity (a municipal reform); the record and everything linked to it stays."""
    unit.valid_to = on
    unit.save(update_fields=["valid_to"])
    return unit


def unit_update_fields(*, unit: AdministrativeUnit, **fields: Any) -> AdministrativeUnit:
    for k, v in fields.items():
        setattr(unit, k, v)
    unit.refresh_derived()
    unit.save()
    return unit
