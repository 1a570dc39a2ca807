"""Unit services: renames keep former names, moves carry the subtree, closing keeps the record."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tendik.audit.models import AuditEntry
from tendik.geography.models import AdministrativeUnit, NameKind, UnitBoundary
from tendik.geography.services import (
    boundary_set,
    unit_close,
    unit_move,
    unit_name_add,
    unit_rename,
    unit_reopen,
)

pytestmark = pytest.mark.django_db


def test_rename_keeps_the_former_name_and_an_empty_name_never_erases(territory: dict[str, Any]) -> None:
    unit = territory["kadamjay"]
    unit_rename(unit=unit, on=dt.date(2024, 1, 1), name_ru="Кадамжай району", name_ky="", name_en=None)
    unit.refresh_from_db()
    assert (unit.name_ru, unit.name_ky, unit.name_en) == ("Кадамжай району", "Кадамжай", "Kadamjay")
    former = unit.former_names.get()
    assert (former.name, former.language, former.kind, former.valid_to) == (
        "Кадамжайский район",
        "ru",
        NameKind.FORMER,
        dt.date(2024, 1, 1),
    )
    assert "кадамжайский" in unit.search_text


def test_move_carries_the_paths_of_everything_under_it(territory: dict[str, Any]) -> None:
    unit_move(unit=territory["kadamjay"], parent=territory["naryn"])
    halmion = AdministrativeUnit.objects.get(code="41705258860000")
    assert halmion.path == "41704000000000/41705258000000/41705258860000/"
    assert halmion.depth == 2
    with pytest.raises(ValueError, match="descendant"):
        unit_move(unit=AdministrativeUnit.objects.get(code="41704000000000"), parent=halmion)


def test_close_and_reopen_keep_the_record(territory: dict[str, Any]) -> None:
    unit = territory["halmion"]
    unit_close(unit=unit, on=dt.date(2024, 6, 1))
    assert not AdministrativeUnit.objects.current().filter(pk=unit.pk).exists()
    assert AdministrativeUnit.objects.filter(pk=unit.pk).exists()
    unit_reopen(unit=unit)
    assert AdministrativeUnit.objects.current().filter(pk=unit.pk).exists()
    changes = [e.changes for e in AuditEntry.objects.filter(object_id=str(unit.pk), action="update")]
    assert {"valid_to": [None, "2024-06-01"]} in changes and {"valid_to": ["2024-06-01", None]} in changes


def test_name_variant_is_added_once(territory: dict[str, Any]) -> None:
    unit = territory["leilek"]
    assert unit_name_add(unit=unit, name="Лейлекский район") is not None
    assert unit_name_add(unit=unit, name="Лейлекский район") is None
    assert unit_name_add(unit=unit, name=unit.name_ru) is None
    assert unit.former_names.count() == 1


def test_boundary_set_projects_once_and_skips_identical_writes(territory: dict[str, Any]) -> None:
    square = {"type": "Polygon", "coordinates": [[[70, 40], [71, 40], [71, 41], [70, 41], [70, 40]]]}
    assert boundary_set(unit=territory["batken"], geometry=square, source="test")
    assert not boundary_set(unit=territory["batken"], geometry=square, source="test")
    b = UnitBoundary.objects.get(unit=territory["batken"])
    assert b.svg_path.startswith("M") and b.svg_path.endswith("Z")
    assert b.min_x < b.label_x < b.max_x and b.min_y < b.label_y < b.max_y
