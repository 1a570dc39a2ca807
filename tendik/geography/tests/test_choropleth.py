"""The thematic map component: classes, legend, shapes and points, links, the table alternative."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from tendik.geography.choropleth import NO_DATA, choropleth, class_breaks, class_of, legend
from tendik.geography.models import AdministrativeUnit

NS = "{http://www.w3.org/2000/svg}"
BISHKEK, OSH, BATKEN, NARYN = "41711000000000", "41721000000000", "41705000000000", "41704000000000"


def test_class_breaks_are_round_and_cover_every_figure() -> None:
    assert class_breaks([3, 17, 42]) == [0, 10, 20, 30, 40, 50]
    assert class_breaks([0, 4]) == [0, 1, 2, 3, 4]
    assert class_breaks([12.5, 99], is_percent=True) == [0, 20, 40, 60, 80, 100]
    assert class_breaks([None, None]) == []
    assert class_breaks([5, 5, 5]) == [0, 1, 2, 3, 4, 5]
    b = class_breaks([120, 980, 1500])
    assert b == [0, 500, 1000, 1500]


def test_a_bound_belongs_to_the_class_above_except_the_last() -> None:
    breaks = [0, 20, 40, 60, 80, 100]
    assert [class_of(v, breaks) for v in (0, 19.9, 20, 79.99, 80, 100)] == [0, 0, 1, 3, 4, 4]
    assert class_of(None, breaks) is None


def test_legend_labels() -> None:
    with translation.override("en"):
        assert [c.label for c in legend([0, 5, 10, 15])] == ["0–4", "5–9", "10–15"]
        assert [c.label for c in legend([0, 20, 40], is_percent=True)] == ["0–20%", "20–40%"]
        assert [c.label for c in legend([0, 1, 2])] == ["0", "1–2"]
    with translation.override("ru"):
        assert legend([0, 2.5, 5], decimals=1)[0].label == "0,0–2,5"
    colours = [c.color for c in legend([0, 20, 40, 60, 80, 100])]
    assert len(set(colours)) == 5 and NO_DATA not in colours


@pytest.fixture
def country(loaded: None) -> list[AdministrativeUnit]:
    return list(AdministrativeUnit.objects.current().filter(parent__isnull=True).order_by("code"))


def _svg(m: Any) -> ET.Element:
    root = ET.fromstring(str(m.svg))  # noqa: S314 (our own output)
    for el in root.iter():
        assert "style" not in el.attrib
        assert not any(re.search(r"https?://(?!www\.w3\.org/2000/svg)", v) for v in el.attrib.values())
    return root


def test_oblast_map_colours_shapes_and_shows_bishkek_and_osh_as_points(
    country: list[AdministrativeUnit], django_assert_max_num_queries: Any
) -> None:
    values = {BATKEN: 62.5, NARYN: 10, BISHKEK: 90, OSH: None}
    with translation.override("en"):
        names = {u.code: u.name for u in country}
        with django_assert_max_num_queries(1):
            m = choropleth(units=country, values=values, title="Progress", value_label="Done, %", percent=True)
    root = _svg(m)
    paths = list(root.iter(f"{NS}path"))
    circles = list(root.iter(f"{NS}circle"))
    assert len(paths) == 7 and len(circles) == 2
    by_title = {(el.findtext(f"{NS}title") or "").split(":")[0]: el for el in [*paths, *circles]}
    assert by_title[names[BISHKEK]].tag == f"{NS}circle" and by_title[names[OSH]].tag == f"{NS}circle"
    assert by_title[names[BATKEN]].get("fill") == m.classes[3].color  # 60–80 %
    assert by_title[names[NARYN]].get("fill") == m.classes[0].color
    assert by_title[names[BISHKEK]].get("fill") == m.classes[4].color
    assert by_title[names[OSH]].get("fill") == NO_DATA
    links = list(root.iter(f"{NS}a"))
    assert len(links) == 9 and all(a.get("href", "").startswith("/territories/unit/417") for a in links)
    assert {a.get("aria-label") for a in links} >= {f"{names[BATKEN]}: 63%", f"{names[OSH]}: no data"}
    # the table holds the same figures as the titles
    assert {a.title for a in m.areas} == {el.findtext(f"{NS}title") for el in [*paths, *circles]}
    assert [c.label for c in m.classes] == ["0–20%", "20–40%", "40–60%", "60–80%", "80–100%"]


def test_template_has_legend_table_and_links(country: list[AdministrativeUnit]) -> None:
    with translation.override("ru"):
        m = choropleth(units=country, values={BATKEN: 1234}, title="Т", value_label="Число")
        html = render_to_string("geography/_choropleth.html", {"map": m})
        printed = render_to_string("geography/_choropleth.html", {"map": m, "open_table": True})
    assert "1\xa0234" in html and "<details" in html and "map-legend" in html
    assert html.count('<tr><th scope="row"><a href="/territories/unit/') == len(country)
    assert "<details" not in printed and "<a href" not in printed.split("</svg>")[1]
    assert not re.search(r"\sstyle=", html)


def test_rayon_map_labels_are_left_off_when_crowded_and_units_without_place_stay_in_the_table(
    loaded: None,
) -> None:
    from tendik.geography.models import UnitLevel

    units = list(AdministrativeUnit.objects.current().filter(level__in=[UnitLevel.RAYON, UnitLevel.CITY]))
    m = choropleth(units=units, values={u.code: i for i, u in enumerate(units)}, title="t", value_label="v")
    root = _svg(m)
    assert root.find(f"{NS}g[@class='labels']") is None
    assert len(m.areas) == len(units) and m.undrawn  # Bishkek's districts have no boundary
    drawn = len(list(root.iter(f"{NS}path"))) + len(list(root.iter(f"{NS}circle")))
    assert drawn == len(units) - len(m.undrawn)


# The thematic map page ------------------------------------------------------------------------------------------


@pytest.fixture
def municipalities_figure(monkeypatch: pytest.MonkeyPatch) -> Any:
    """A figure registered as another app would: the number of ayil aimaks in each unit (counted in the database)."""
    from django.db.models import Count

    from tendik.geography import figures
    from tendik.geography.models import UnitLevel

    def values(user: Any, units: Any) -> dict[str, Any]:
        qs = AdministrativeUnit.objects.current().filter(level=UnitLevel.AYIL_AIMAK)
        grouped = figures.group_by_units(qs, path_field="path", units=units, n=Count("pk"))
        return {code: row["n"] for code, row in grouped.items()}

    def provider(user: Any) -> list[figures.MapFigure]:
        return [figures.MapFigure(key="test.aimaks", label="Aimaks", value_label="Number", values=values, group="T")]

    monkeypatch.setattr(figures, "_PROVIDERS", [provider])
    return provider


def test_map_page_draws_a_registered_figure_and_drills_down(
    territory: dict[str, Any], municipalities_figure: Any, grow: Any, django_assert_max_num_queries: Any
) -> None:
    from django.test import Client
    from django.urls import reverse

    url = reverse("geography:map")
    page = Client().get(url, {"figure": "test.aimaks"}).content.decode()
    assert 'class="choropleth"' in page and "Aimaks" in page and "<option value=\"test.aimaks\" selected>" in page
    batken = territory["batken"]
    assert f"?figure=test.aimaks&amp;within={batken.code}" in page
    inner = Client().get(url, {"figure": "test.aimaks", "within": batken.code}).content.decode()
    rayon = territory["batken"].children.first()
    assert f"/territories/unit/{rayon.code}/" in inner and 'class="choropleth"' in inner
    for n in (2, 6):
        grow(n)
        with django_assert_max_num_queries(5):
            response = Client().get(url, {"figure": "test.aimaks"})
        assert response.status_code == 200
    assert Client().get(url, {"figure": "unknown"}).status_code == 200  # boundaries only
    assert Client().get(url, {"within": "41799999999999"}).status_code == 404


def test_group_by_units_counts_in_each_unit(territory: dict[str, Any]) -> None:
    from django.db.models import Count

    from tendik.geography.figures import group_by_units
    from tendik.geography.models import UnitLevel

    top = list(AdministrativeUnit.objects.filter(parent__isnull=True))
    qs = AdministrativeUnit.objects.filter(level=UnitLevel.AYIL_AIMAK)
    grouped = group_by_units(qs, path_field="path", units=top, n=Count("pk"))
    expected = {u.code: qs.filter(path__startswith=u.path).count() for u in top}
    assert {code: row["n"] for code, row in grouped.items()} == {c: n for c, n in expected.items() if n}
