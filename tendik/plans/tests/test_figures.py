"""Plan progress per plan, its charts on the dashboard and in the PDF, and the plan figures on the thematic map."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tendik.plans.models import LocalMeasure, MeasureStatus
from tendik.plans.selectors.figures import map_figures, progress_by_plan
from tendik.plans.services.local_plans import local_measure_add
from tendik.plans.tests.test_selectors import _grow
from tendik.plans.views import charts

NS = ""  # inline SVG in HTML: no namespace declared (no "http" in a page)


@pytest.fixture
def progress(territory, catalogue, make_user):
    """Two municipalities with two gender-plan measures each, one 1325 measure; statuses and progress set as an
    approved report would set them."""
    _grow(territory, catalogue, make_user, 1, 2, periods=())
    first = LocalMeasure.objects.filter(national_measure=catalogue["m1"]).order_by("pk").first()
    officer = make_user("municipal_officer", unit=first.local_plan.municipality)
    local_measure_add(
        actor=officer,
        local_plan=first.local_plan,
        national_measure=catalogue["w1"],
        responsible_person="В",
        start=dt.date(2025, 1, 1),
        end=dt.date(2027, 12, 31),
    )
    for lm, (status, pct) in zip(
        LocalMeasure.objects.order_by("pk"),
        [
            (MeasureStatus.DONE, 100),
            (MeasureStatus.IN_PROGRESS, 50),
            (MeasureStatus.IN_PROGRESS, 30),
            (MeasureStatus.NOT_STARTED, 0),
            (MeasureStatus.DONE, 100),
        ],
        strict=True,
    ):
        lm.current_status, lm.current_progress = status, pct
        lm.save(update_fields=["current_status", "current_progress"])
    return catalogue


def test_progress_by_plan_keeps_the_two_plans_apart_and_adds_them_up(progress, roles):
    rows = progress_by_plan(user=roles["coordinator"], territory=None)
    assert [r.key for r in rows] == ["gender-2025-2027", "wps1325-2025-2027", "all"]
    gender, wps, together = rows
    assert (gender.measures, gender.progress, gender.done_share) == (4, 45.0, 25.0)
    assert (wps.measures, wps.progress, wps.done_share) == (1, 100.0, 100.0)
    assert (together.measures, together.progress) == (5, 56.0)
    assert together.by_status == {"done": 2, "in_progress": 2, "not_started": 1}
    assert progress_by_plan(user=roles["fp_naryn"], territory=None) == []  # out of scope: nothing


def test_charts_hold_the_same_figures_as_their_tables(progress, roles):
    rows = progress_by_plan(user=roles["coordinator"], territory=None)
    with translation.override("en"):
        chart = charts.plan_progress_chart(rows)
        status = charts.measure_status_chart(rows)
    assert chart.rows[0][1:] == ["45%", "25%"] and chart.rows[-1][1:] == ["56%", "40%"]
    root = ET.fromstring(str(chart.svg))  # noqa: S314 (our own output)
    assert len([r for r in root.iter(f"{NS}rect") if r.find(f"{NS}title") is not None]) == 6
    assert status.rows[0][-1] == "4" and status.values[0][:3] == [1, 2, 1]


def test_dashboard_and_pdf_show_the_charts(progress, roles, login):
    page = login(roles["coordinator"]).get(reverse("plans:dashboard")).content.decode()
    assert page.count('class="chart-svg') >= 2 and 'href="/territories/map/?figure=plans.progress"' in page
    assert not re.search(r"\sstyle=", page)
    pdf = login(roles["coordinator"]).get(reverse("plans:progress_export", args=["pdf"]))
    assert pdf.content[:4] == b"%PDF"


def test_map_figures_are_for_people_who_see_plans_and_colour_their_territories(
    progress, roles, territory, django_assert_max_num_queries
):
    from django.contrib.auth.models import AnonymousUser

    assert map_figures(AnonymousUser()) == [] and map_figures(roles["nobody"]) == []
    figures = {f.key: f for f in map_figures(roles["coordinator"])}
    assert {
        "plans.progress",
        "plans.progress.gender-2025-2027",
        "plans.progress.wps1325-2025-2027",
        "plans.late",
    } <= set(figures)
    assert "plans.indicator.people_trained" in figures and "plans.indicator.share_covered" not in figures
    oblasts = [territory["batken"], territory["naryn"]]
    assert figures["plans.progress"].values(roles["coordinator"], oblasts) == {territory["batken"].code: 56.0}
    assert figures["plans.progress.wps1325-2025-2027"].values(roles["coordinator"], oblasts) == {
        territory["batken"].code: 100.0
    }
    assert figures["plans.progress"].values(roles["fp_naryn"], oblasts) == {}


@pytest.mark.parametrize("key", ["plans.progress", "plans.late", "plans.indicator.people_trained"])
def test_map_page_with_a_plan_figure_keeps_its_queries(
    key, territory, catalogue, make_user, roles, login, django_assert_max_num_queries
):
    client = login(roles["coordinator"])
    start = 1
    for total in (1, 3):
        _grow(territory, catalogue, make_user, start, total - start + 1, periods=("2025-H1",))
        start = total + 1
        with django_assert_max_num_queries(16):
            page = client.get(reverse("geography:map"), {"figure": key})
        assert page.status_code == 200 and 'class="choropleth"' in page.content.decode()
    anonymous = Client().get(reverse("geography:map"), {"figure": key}).content.decode()
    assert 'class="choropleth"' not in anonymous  # no plan figures without permission
