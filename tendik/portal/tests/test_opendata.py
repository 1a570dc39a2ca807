"""Open data: the committee figures resist the attack across territories, the data package validates, the Open SDG
file of a national indicator matches its page."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.urls import reverse

from tendik.core.testing_disclosure import assert_safe
from tendik.portal import committee_figures, opendata
from tendik.portal.tests.conftest import add_committee_year
from tendik.protection.selectors.public import EXACT_FIGURES, FIGURES, figures_by_place

pytestmark = pytest.mark.django_db


def test_committee_figures_resist_the_attack_across_territories(public_world):
    """Oblast = its rayons = their municipalities: no page minus another reveals a hidden figure."""
    t = public_world.t
    add_committee_year(t["aydarken"], cases=2)
    by_place = figures_by_place(year=2025)
    shown_all = committee_figures.protected_year(2025)
    for figure in FIGURES:
        if figure in EXACT_FIGURES:
            continue
        table, totals = committee_figures.build_table(by_place, figure)
        shown = table.protect()
        assert {k[1]: v for k, v in shown.items()} == shown_all[figure]
        assert_safe(table, shown)
    cases = shown_all["cases"]
    assert cases[t["kulundu"].path].display == "<5"
    # Leilek has only Kulundu: the rayon is 3 too; Batken = Kadamjay + Leilek must not give it away.
    assert cases[t["leilek"].path].display == "<5"
    assert cases[t["kadamjay"].path].hidden  # else Batken 12 - Kadamjay 9 = 3
    assert cases[t["batken"].path].value == 12


def test_neighbouring_years_are_separate_whole_periods(public_world):
    t = public_world.t
    add_committee_year(t["kulundu"], cases=2, year=2024)
    for year in (2024, 2025):
        by_place = figures_by_place(year=year)
        table, _totals = committee_figures.build_table(by_place, "cases")
        assert_safe(table, table.protect())
    assert committee_figures.years()[:2] == [2025, 2024]


def test_the_data_package_validates(public_world, tmp_path):
    from frictionless import Package, validate

    content = opendata.datapackage_zip()
    with zipfile.ZipFile(io.BytesIO(content)) as zf:
        zf.extractall(tmp_path)
    report = validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = Package(str(tmp_path / "datapackage.json"))
    assert {r.name for r in package.resources} == set(opendata.RESOURCES)
    rows = list(csv.DictReader(io.StringIO((tmp_path / "data" / "committee-figures.csv").read_text())))
    assert any(r["cases"] == "<5" for r in rows)


def test_data_package_breaks_when_a_column_lies(public_world, tmp_path):
    """The validation can fail: a text in an integer column is reported."""
    from frictionless import validate

    package, files = opendata.datapackage()
    files["data/plan-progress.csv"] = files["data/plan-progress.csv"].replace(b"\n", b"\n", 1) + b"x,y,z,many\n"
    (tmp_path / "data").mkdir()
    for path, content in files.items():
        (tmp_path / path).write_bytes(content)
    (tmp_path / "datapackage.json").write_text(json.dumps(package))
    assert not validate(str(tmp_path / "datapackage.json")).valid


@pytest.fixture
def national_indicator(public_world):
    from tendik.plans.models import DataValue, Indicator, IndicatorTarget
    from tendik.plans.services.periods import period_get

    c = public_world.c
    ind = Indicator.objects.create(
        code="women-deputies-share",
        name_ru="Доля женщин среди депутатов",
        name_en="Women among deputies",
        unit="percent",
        additive=False,
    )
    ind.measures.add(c["m11"])
    for year, value in ((2024, "18.5"), (2025, "21"), (2026, "24.25")):
        DataValue.objects.create(indicator=ind, period=period_get(code=str(year)), value=Decimal(value), source="ЦИК")
    IndicatorTarget.objects.create(indicator=ind, year=2027, value=Decimal(30))
    return ind


def test_open_sdg_csv_matches_the_plan_page(client, public_world, national_indicator):
    page = client.get(reverse("portal:plan", args=[public_world.c["gender"].code]))
    chart = next(ch for ch in page.context["indicator_charts"] if "deputies" in ch.title or "депутат" in ch.title)
    on_page = [v for row in chart.values for v in row]
    response = client.get(reverse("portal:opensdg_csv", args=[opendata.sdg_id(national_indicator)]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["Year"] for r in rows] == ["2024", "2025", "2026"]
    assert [float(r["Value"]) for r in rows] == on_page == [18.5, 21.0, 24.25]
    assert set(rows[0]) == {"Year", "Units", "Value"}
    with zipfile.ZipFile(io.BytesIO(client.get(reverse("portal:opensdg_zip")).content)) as zf:
        names = zf.namelist()
        assert "data/indicator_women-deputies-share.csv" in names and "meta/women-deputies-share.md" in names
        assert "indicator_name" in zf.read("meta/women-deputies-share.md").decode()


def test_open_data_page_and_package_downloads(client, public_world):
    assert client.get(reverse("portal:opendata")).status_code == 200
    package = client.get(reverse("portal:datapackage")).json()
    assert package["resources"][0]["schema"]["missingValues"] == ["", "<5", "–"]
    assert client.get(reverse("portal:datapackage_zip")).content[:2] == b"PK"


def test_data_package_job(public_world, make_user):
    from tendik.jobs.registry import get

    kind = get("portal.datapackage")
    user = make_user("viewer", username="v")
    assert kind.allowed(user, {}) is True
    steps = []
    name, ctype, content = kind.run({}, user, lambda p, m: steps.append(p))
    assert name.endswith(".zip") and content[:2] == b"PK" and steps == sorted(steps)


def test_whole_years_only(public_world):
    assert dt.date(2025, 1, 1).year in committee_figures.years()
