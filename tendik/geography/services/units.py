"""Writes to the territory: create, rename, move, close, reopen. History is kept, never deleted."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from tendik.geography.models import AdministrativeUnit, NameKind, UnitName, clean_name


@transaction.atomic
def unit_create(
    *,
    code: str,
    level: str,
    name_ru: str,
    parent: AdministrativeUnit | None = None,
    name_ky: str = "",
    name_en: str = "",
    kind_ru: str = "",
    valid_from: dt.date | None = None,
    source: str = "",
    checked: bool = False,
) -> AdministrativeUnit:
    """Create a unit under `parent` (validated; path and search text derived).

    `checked=True` says the caller has already made sure that the parent exists and the code is new (a bulk
    load): the fields are still validated, without a query per unit.
    """
    unit = AdministrativeUnit(
        code=code,
        level=level,
        parent=parent,
        name_ru=clean_name(name_ru),
        name_ky=clean_name(name_ky),
        name_en=clean_name(name_en),
        kind_ru=kind_ru.strip(),
        valid_from=valid_from,
        source=source,
    )
    unit.refresh_derived()
    if checked:
        unit.full_clean(exclude=["parent"], validate_unique=False)
    else:
        unit.full_clean()
    unit.save()
    return unit


@transaction.atomic
def unit_rename(
    *,
    unit: AdministrativeUnit,
    on: dt.date,
    name_ru: str | None = None,
    name_ky: str | None = None,
    name_en: str | None = None,
) -> AdministrativeUnit:
    """Rename a unit from `on`; each replaced name is kept as a former name (and still found by search)."""
    changed = False
    for lang, new in (("ru", name_ru), ("ky", name_ky), ("en", name_en)):
        old = getattr(unit, f"name_{lang}")
        new = clean_name(new) if new is not None else None
        if new and new != old:
            if old:
                UnitName.objects.create(unit=unit, name=old, language=lang, kind=NameKind.FORMER, valid_to=on)
            setattr(unit, f"name_{lang}", new)
            changed = True
    if changed:
        unit.refresh_derived()
        unit.save(update_fields=["name_ru", "name_ky", "name_en", "search_text"])
    return unit


@transaction.atomic
def unit_name_add(
    *,
    unit: AdministrativeUnit,
    name: str,
    language: str = "ru",
    kind: str = NameKind.VARIANT,
    valid_to: dt.date | None = None,
    source: str = "",
) -> UnitName | None:
    """Record another spelling (or a former name) so that search finds the unit by it; idempotent."""
    name = clean_name(name)
    if not name or name in (unit.name_ru, unit.name_ky, unit.name_en):
        return None
    if unit.former_names.filter(name=name, language=language).exists():
        return None
    record = UnitName.objects.create(
        unit=unit, name=name, language=language, kind=kind, valid_to=valid_to, source=source
    )
    unit.refresh_derived()
    unit.save(update_fields=["search_text"])
    return record


@transaction.atomic
def unit_move(*, unit: AdministrativeUnit, parent: AdministrativeUnit | None) -> AdministrativeUnit:
    """Put a unit under another parent; the paths of everything under it follow (scope checks use paths)."""
    if parent is not None and (parent.pk == unit.pk or parent.path.startswith(unit.path)):
        raise ValueError(f"{unit.code} cannot be moved under itself or its own descendant {parent.code}")
    old_path = unit.path
    unit.parent = parent
    unit.refresh_derived()
    unit.save(update_fields=["parent", "path", "depth"])
    descendants = AdministrativeUnit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk).order_by("depth")
    paths: dict[int | None, str] = {unit.pk: unit.path}
    for child in descendants:
        parent_path = paths[child.parent_id]
        child.path = f"{parent_path}{child.code}/"
        child.depth = parent_path.count("/")
        child.save(update_fields=["path", "depth"])
        paths[child.pk] = child.path
    return unit


@transaction.atomic
def unit_close(*, unit: AdministrativeUnit, on: dt.date) -> AdministrativeUnit:
    """End a unit's validity on `on` (a municipal reform); the record and everything linked to it stays."""
    if unit.valid_to != on:
        unit.valid_to = on
        unit.save(update_fields=["valid_to"])
    return unit


@transaction.atomic
def unit_reopen(*, unit: AdministrativeUnit) -> AdministrativeUnit:
    """A closed unit appears again in the official list: it is current again, with its history."""
    if unit.valid_to is not None:
        unit.valid_to = None
        unit.save(update_fields=["valid_to"])
    return unit


@transaction.atomic
def unit_update_fields(*, unit: AdministrativeUnit, **fields: Any) -> AdministrativeUnit:
    """Change plain fields (level, kind_ru, source…); derived fields are recomputed."""
    for k, v in fields.items():
        setattr(unit, k, v)
    unit.refresh_derived()
    unit.full_clean()
    unit.save()
    return unit
