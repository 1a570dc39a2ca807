"""load_territories: the reference list inside the project, complete, idempotent."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from tendik.audit.models import AuditEntry
from tendik.geography.models import AdministrativeUnit, NameKind, UnitBoundary, UnitName
from tendik.geography.services.reference import DATA_DIR, name_en_clean, name_ky_clean

pytestmark = pytest.mark.django_db


def test_reference_data_lives_in_the_project_and_is_small() -> None:
    package = Path(__file__).resolve().parents[1]
    assert DATA_DIR == package / "data"
    files = ["kg_admin_units_soate.csv", "kg_boundaries.geojson", "SOURCES.md", "simplify.py"]
    assert all((DATA_DIR / f).exists() for f in files)
    assert sum(p.stat().st_size for p in DATA_DIR.iterdir() if p.is_file()) < 400 * 1024
    assert "CC BY-IGO" in (DATA_DIR / "SOURCES.md").read_text(encoding="utf-8")
    # Nothing at run time may reach outside the project for data.
    for source in package.rglob("*.py"):
        if "tests" not in source.parts and source.name != "simplify.py":
            assert "shared/data" not in source.read_text(encoding="utf-8"), source


def test_loads_every_unit_with_the_full_hierarchy(loaded: None) -> None:
    counts = dict(AdministrativeUnit.objects.values_list("level").annotate(n=Count("id")))
    assert counts == {"oblast": 7, "city": 15, "rayon": 44, "town": 16, "ayil_aimak": 453, "other": 1}
    assert AdministrativeUnit.objects.count() == 536
    tops = set(AdministrativeUnit.objects.filter(parent__isnull=True).values_list("code", flat=True))
    assert tops == {f"417{o}000000000" for o in ("02", "03", "04", "05", "06", "07", "08", "11", "21")}
    bishkek = AdministrativeUnit.objects.get(code="41711000000000")
    assert bishkek.level == "city" and bishkek.parent is None and bishkek.name_en == "Bishkek"
    assert bishkek.children.filter(level="rayon").count() == 4
    # Every unit's path is its parent's path plus its code, and every ayil aimak sits under a rayon or city.
    by_id = {u.pk: u for u in AdministrativeUnit.objects.all()}
    for unit in by_id.values():
        parent = by_id.get(unit.parent_id)
        assert unit.path == (parent.path if parent else "") + unit.code + "/"
        assert unit.depth == (parent.depth + 1 if parent else 0)
        if unit.level == "ayil_aimak":
            assert parent.level in ("rayon", "city")
    halmion = AdministrativeUnit.objects.get(code="41705258860000")
    assert halmion.ancestor_codes() == ["41705000000000", "41705258000000", "41705258860000"]


def test_names_are_cleaned(loaded: None) -> None:
    karakol = AdministrativeUnit.objects.get(code="41702410000010")
    assert (karakol.name_ru, karakol.name_ky, karakol.name_en) == ("г.Каракол", "Каракол", "Karakol")
    ton = AdministrativeUnit.objects.get(code="41702220000000")
    assert ton.name_ky == "Тоң" and "\u04ca" not in ton.name_ky  # ӊ (U+04CA) → ң (U+04A3)
    assert AdministrativeUnit.objects.get(code="41706259000000").name_ky == "Чоң-Алай"
    assert AdministrativeUnit.objects.get(code="41704220000000").name_en == "At-Bashy"
    assert not AdministrativeUnit.objects.filter(name_ky__endswith=" ш.").exists()
    assert not AdministrativeUnit.objects.filter(name_en__endswith="(city)").exists()
    assert not AdministrativeUnit.objects.filter(name_ky__contains="\u04ca").exists()
    # Issyk-Kul: one spelling per language (the official forms); the list's «Ыссык-» stays findable
    issyk_kul = AdministrativeUnit.objects.get(code="41702000000000")
    assert (issyk_kul.name_ru, issyk_kul.name_ky, issyk_kul.name_en) == (
        "Иссык-Кульская область",
        "Ысык-Көл облусу",
        "Issyk-Kul Region",
    )
    assert UnitName.objects.filter(unit=issyk_kul, kind=NameKind.VARIANT, name="Ыссык-Кульская область").exists()
    assert AdministrativeUnit.objects.get(code="41702215000000").name_ky == "Ысык-Көл"  # the rayon keeps its name
    assert AdministrativeUnit.objects.get(code="41705258860000").name_en == "Khalmion ayil aimak"


def test_name_suffixes_are_stripped_only_at_the_end() -> None:
    assert name_ky_clean("Көк-Жаңгак ш.") == "Көк-Жаңгак"
    assert name_ky_clean("Шамалды-Сай") == "Шамалды-Сай"
    assert name_en_clean("Tash-Kumir (city)") == "Tash-Kumir"
    assert name_en_clean("City (city) Park") == "City (city) Park"


def test_boundaries_for_oblasts_rayons_and_cities(loaded: None) -> None:
    with_boundary = AdministrativeUnit.objects.filter(boundary__isnull=False)
    assert with_boundary.filter(level="oblast").count() == 7
    assert with_boundary.filter(level="rayon").count() == 40  # Bishkek's 4 districts have none
    assert with_boundary.filter(level="city").count() == 15  # 13 from the source, Bishkek and Osh derived
    assert not with_boundary.filter(level__in=["ayil_aimak", "town", "other"]).exists()
    chui = UnitBoundary.objects.get(unit__code="41708000000000")
    assert chui.geometry["type"] == "MultiPolygon" and chui.svg_path.startswith("M")
    assert chui.min_x < chui.label_x < chui.max_x and chui.min_y < chui.label_y < chui.max_y


def test_second_run_changes_nothing_and_writes_no_audit_rows(loaded: None) -> None:
    audit_before = AuditEntry.objects.count()
    assert audit_before >= 536  # the first load is audited like any other change
    snapshot = list(AdministrativeUnit.objects.values())
    with CaptureQueriesContext(connection) as ctx:
        call_command("load_territories", verbosity=0)
    writes = [
        q["sql"] for q in ctx.captured_queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []
    assert AuditEntry.objects.count() == audit_before
    assert list(AdministrativeUnit.objects.values()) == snapshot


def test_a_load_never_undoes_an_administrators_rename(loaded: None) -> None:
    import datetime as dt

    from tendik.geography.services import unit_rename

    rayon = AdministrativeUnit.objects.get(code="41707215000000")
    unit_rename(unit=rayon, on=dt.date(2023, 1, 1), name_ru="Айтматовский район", name_en="Aitmatov")
    call_command("load_territories", verbosity=0)
    rayon.refresh_from_db()
    assert rayon.name_ru == "Айтматовский район"


def test_command_reports_what_it_did(db: None, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("load_territories")
    assert "536 units" in capsys.readouterr().out
    call_command("load_territories")
    assert "nothing changed" in capsys.readouterr().out
