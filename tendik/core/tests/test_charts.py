"""The SVG chart renderer: parsed back as XML, bars and points counted, figures compared with the table."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from tendik.core import charts
from tendik.core.charts import Series

NS = "{http://www.w3.org/2000/svg}"


def parse(chart: charts.Chart) -> ET.Element:
    root = ET.fromstring(str(chart.svg))  # noqa: S314 (our own output)
    assert root.tag == f"{NS}svg"
    assert root.get("role") == "img" and root.get("aria-label") == chart.title
    assert root.find(f"{NS}title") is not None
    for el in root.iter():
        assert "style" not in el.attrib, el.tag
        for value in el.attrib.values():
            assert "http://" not in value.replace("http://www.w3.org/2000/svg", "") and "https://" not in value
    return root


def bars(root: ET.Element) -> list[ET.Element]:
    return [r for r in root.iter(f"{NS}rect") if r.find(f"{NS}title") is not None]


def texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{NS}text")]


def test_bar_chart_draws_one_bar_per_label_with_its_value_and_the_same_figures_in_the_table() -> None:
    with translation.override("en"):
        chart = charts.bar_chart(
            title="Progress", labels=["Batken", "Naryn", "Talas"], values=[62.5, 40, 0], percent=True
        )
    root = parse(chart)
    drawn = bars(root)
    assert len(drawn) == 3
    widths = [float(r.get("width") or 0) for r in drawn]
    assert widths[0] > widths[1] > widths[2] == 0
    assert widths[0] == pytest.approx((charts.WIDTH - charts.VALUE_ROOM) * 0.625, abs=0.1)
    assert {"63%", "40%", "0%"} <= set(texts(root))
    assert chart.rows == [["Batken", "63%"], ["Naryn", "40%"], ["Talas", "0%"]]
    assert [r[1] for r in chart.rows] == [t for t in texts(root) if t.endswith("%")]


def test_numbers_follow_the_language() -> None:
    with translation.override("ru"):
        assert charts.number(12345.5, 1) == "12\xa0345,5"
        assert charts.percent(45) == "45\xa0%"
    with translation.override("ky"):
        assert charts.number(1234567) == "1\xa0234\xa0567"
    with translation.override("en"):
        assert charts.number(12345.5, 1) == "12,345.5"
        assert charts.percent(45) == "45%"
    assert charts.number(None) == "–"
    with translation.override("ru"):
        chart = charts.bar_chart(title="t", labels=["a"], values=[13000])
    assert "13\xa0000" in texts(parse(chart))


def test_target_line_is_drawn_where_the_target_is_and_listed_in_the_table() -> None:
    with translation.override("en"):
        chart = charts.bar_chart(title="t", labels=["a", "b"], values=[50, 90], percent=True, target=80)
    root = parse(chart)
    lines = [ln for ln in root.iter(f"{NS}line") if ln.get("class") == "chart-target"]
    assert len(lines) == 1
    assert float(lines[0].get("x1") or 0) == pytest.approx((charts.WIDTH - charts.VALUE_ROOM) * 0.8, abs=0.1)
    assert "Target: 80%" in texts(root)
    assert chart.columns[-1] == "Target" and chart.rows[0][-1] == "80%"


def test_grouped_and_stacked_bars() -> None:
    series = [Series("Gender plan", [3, 5]), Series("1325 plan", [1, None])]
    grouped = charts.grouped_bar_chart(title="g", labels=["Done", "Late"], series=series)
    root = parse(grouped)
    assert len(bars(root)) == 4  # two per category, the missing figure as an empty bar
    assert grouped.rows == [["Done", "3", "1"], ["Late", "5", "–"]]
    stacked = charts.grouped_bar_chart(title="s", labels=["Done", "Late"], series=series, stacked=True)
    root = parse(stacked)
    assert len(bars(root)) == 3  # empty parts are not drawn
    assert stacked.columns[-1] != "1325 plan" and [r[-1] for r in stacked.rows] == ["4", "5"]
    assert {"4", "5"} <= set(texts(root))
    with pytest.raises(ValueError):
        charts.grouped_bar_chart(title="x", labels=["a"], series=[Series("s", [1, 2])])


def test_share_bars_add_up_to_the_whole_width() -> None:
    with translation.override("en"):
        chart = charts.share_bar_chart(
            title="Women and men", labels=["Batken", "Empty"], series=[Series("Women", [28, 0]), Series("Men", [2, 0])]
        )
    root = parse(chart)
    parts = [r for r in bars(root) if "Batken" in (r.findtext(f"{NS}title") or "")]
    assert sum(float(r.get("width") or 0) for r in parts) == pytest.approx(charts.WIDTH, abs=0.2)
    assert chart.rows[0] == ["Batken", "28 (93%)", "2 (7%)", "30"]
    assert chart.rows[1][-1] == "0"


def test_line_chart_has_a_point_per_figure_and_breaks_on_gaps() -> None:
    with translation.override("ru"):
        chart = charts.line_chart(
            title="Indicator",
            periods=["2025", "2026", "2027"],
            series=[Series("Fact", [10.5, None, 30]), Series("Plan", [10, 20, 30])],
            target=25,
            decimals=1,
        )
    root = parse(chart)
    points = list(root.iter(f"{NS}circle"))
    assert len(points) == 5
    titles = [p.findtext(f"{NS}title") for p in points]
    assert "Fact, 2025: 10,5" in titles
    lines = list(root.iter(f"{NS}polyline"))
    assert len(lines) == 1  # the fact line has no two neighbouring figures
    assert chart.rows[0] == ["2025", "10,5", "10,0", "25,0"]
    ys = {p.findtext(f"{NS}title"): float(p.get("cy") or 0) for p in points}
    assert ys["Plan, 2025: 10,0"] > ys["Plan, 2027: 30,0"]  # higher values are drawn higher


def test_template_shows_the_svg_and_the_table_and_no_style_attribute() -> None:
    with translation.override("en"):
        chart = charts.bar_chart(title="Progress", labels=["Batken <b>"], values=[5])
        html = render_to_string("core/_chart.html", {"chart": chart})
        printed = render_to_string("core/_chart.html", {"chart": chart, "open_table": True})
    assert html.count("<svg") == 1 and "<details" in html and "Batken &lt;b&gt;" in html
    assert "<details" not in printed and "<table" in printed
    assert not re.search(r"\sstyle=", html)
    empty = charts.bar_chart(title="x", labels=[], values=[])
    assert empty.is_empty and render_to_string("core/_chart.html", {"chart": empty}).strip() == ""


def test_nice_ceiling() -> None:
    assert [charts.nice_ceiling(v) for v in (0, 3, 7, 12, 180, 240)] == [1, 5, 10, 20, 200, 250]
