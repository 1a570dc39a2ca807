"""Recommendations by status and theme: counts, charts (with their tables), the list page, the report, the map."""

from __future__ import annotations

import re

from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tendik.consultations import figures
from tendik.consultations.models import Recommendation
from tendik.consultations.services.answers import answers_publish, recommendation_answer
from tendik.consultations.tests.factories import state


def _answer(world):
    recommendation_answer(recommendation=world["rec_b"], actor=None, state=state("under_review"))
    recommendation_answer(recommendation=world["rec_n"], actor=None, state=state("under_review"))
    answers_publish(recommendations=[world["rec_b"]], actor=None, inform=False)


def test_counts_by_state_and_theme_current_and_published(world, django_assert_max_num_queries):
    _answer(world)
    qs = Recommendation.objects.active()
    with django_assert_max_num_queries(2):
        current = figures.state_theme_counts(qs)
    by_state = {s.code: n for s, n in current.by_state()}
    assert by_state["under_review"] == 2 and by_state["not_answered"] == 1 and current.total == 3
    published = {s.code: n for s, n in figures.state_theme_counts(qs, public=True).by_state()}
    assert published["under_review"] == 1 and published["not_answered"] == 2
    assert [c for c, _l in current.themes] == ["economic", ""]


def test_charts_and_tables_agree(world):
    _answer(world)
    with translation.override("en"):
        data = figures.state_theme_counts(Recommendation.objects.active())
        status = figures.status_chart(data)
        theme = figures.theme_chart(data)
    assert status.values == [[1], [2]] and [r[1] for r in status.rows] == ["1", "2"]
    assert status.columns[0] == "Status"
    assert theme.kind == "stacked" and [r[0] for r in theme.rows] == ["Economic empowerment", "No theme"]
    assert [r[-1] for r in theme.rows] == ["1", "2"]


def test_list_page_and_report_show_the_charts(world, login):
    _answer(world)
    c = login(world["u"]["coordinator"])
    page = c.get(reverse("consultations:recommendations")).content.decode()
    assert page.count('class="chart-svg') == 2 and "?figure=consultations.answered" in page
    assert not re.search(r"\sstyle=", page)
    report = c.get(reverse("consultations:report", args=["may"])).content.decode()
    assert report.count('class="chart-svg') == 3  # participants, status, theme
    pdf = c.get(reverse("consultations:report", args=["may"]), {"format": "pdf", "lang": "ky"})
    assert pdf.content[:4] == b"%PDF"


def test_map_figures_count_the_regions_recommendations(world):
    _answer(world)
    t = world["t"]
    oblasts = [t["batken"], t["naryn"]]
    staff = {f.key: f for f in figures.map_figures(world["u"]["coordinator"])}
    assert staff["consultations.recommendations"].values(world["u"]["coordinator"], oblasts) == {
        t["batken"].code: 1,
        t["naryn"].code: 1,
    }
    assert staff["consultations.answered"].values(world["u"]["coordinator"], oblasts) == {
        t["batken"].code: 100.0,
        t["naryn"].code: 100.0,
    }
    public = {f.key: f for f in figures.map_figures(AnonymousUser())}
    assert public["consultations.answered"].values(AnonymousUser(), oblasts) == {
        t["batken"].code: 100.0,
        t["naryn"].code: 0.0,  # answered but not published: the public sees "not answered"
    }
    page = Client().get(reverse("geography:map"), {"figure": "consultations.answered"}).content.decode()
    assert 'class="choropleth"' in page
