"""The public list is served from the page cache, and every kind of change shows on the next view."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tendik.consultations.services.answers import answers_publish, recommendation_answer
from tendik.consultations.services.recommendations import recommendation_merge, recommendation_update
from tendik.consultations.services.spreadsheet import import_recommendations
from tendik.consultations.tests import factories as f
from tendik.consultations.tests.test_excel import _book

URL = reverse("consultations:public")


def _page(client, **params) -> str:
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def test_second_view_reads_only_the_generation_for_the_list(world, client):
    first = _page(client)
    with CaptureQueriesContext(connection) as queries:
        again = _page(client)
    assert again.split("<h1>", 1)[1] == first.split("<h1>", 1)[1]  # the CSRF token of the header differs
    reads = [q["sql"] for q in queries.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
    assert len(reads) == 1 and "core_generation" in reads[0], reads


def test_edit_shows_at_once(world, client):
    assert "Открыть кризисные центры в районах" in _page(client)
    rec = world["rec_b"]
    recommendation_update(
        recommendation=rec, actor=world["u"]["coordinator"], text_ru="Открыть шелтеры во всех районах",
        meeting=rec.meeting, regions=[world["t"]["batken"]],
    )  # fmt: skip
    html = _page(client)
    assert "Открыть шелтеры во всех районах" in html and "Открыть кризисные центры в районах" not in html


def test_region_link_shows_at_once(world, client):
    html = _page(client, region=world["t"]["naryn"].pk)
    assert "Открыть кризисные центры" not in html
    world["rec_b"].regions.add(world["t"]["naryn"])  # a bare link: only the many-to-many signal tells
    assert "Открыть кризисные центры" in _page(client, region=world["t"]["naryn"].pk)


def test_published_answer_shows_at_once_and_a_prepared_one_does_not(world, client):
    rec, coordinator = world["rec_n"], world["u"]["coordinator"]
    rejected = f.state("rejected")
    name = str(rejected.name)
    before = _page(client, status="rejected")
    assert "Соблюдать гендерные квоты" not in before
    recommendation_answer(recommendation=rec, actor=coordinator, state=rejected, text_ru="Нет средств")
    assert "Соблюдать гендерные квоты" not in _page(client, status="rejected")  # prepared, not public
    answers_publish(recommendations=[rec], actor=coordinator, inform=False)
    html = _page(client, status="rejected")
    assert "Соблюдать гендерные квоты" in html and name in html


def test_merge_and_import_show_at_once(world, client):
    assert _page(client).count('class="card"') == 3
    recommendation_merge(target=world["rec_b"], duplicates=[world["rec_n"]], actor=world["u"]["coordinator"])
    assert _page(client).count('class="card"') == 2
    import_recommendations(
        data=_book([{"series": "may", "scope": "general", "level": "national", "text_ru": "Новая из таблицы"}]),
        actor=world["u"]["coordinator"],
    )
    html = _page(client)
    assert "Новая из таблицы" in html and html.count('class="card"') == 3


def test_plan_name_change_shows_at_once(world, client):
    plan = world["c"]["gender"]
    page = _page(client, plan=plan.code)
    plan.short_title_ru = "Гендерный план (новое имя)"
    plan.save()
    assert _page(client, plan=plan.code) != page
    assert "Гендерный план (новое имя)" in _page(client, plan=plan.code)


@pytest.mark.parametrize("lang", ["ru", "ky", "en"])
def test_each_language_has_its_own_part(world, client, lang):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    html = _page(client)
    heading = {"ru": "Рекомендации", "ky": "", "en": "Consultation recommendations"}[lang]
    assert heading in html
    other = "en" if lang != "en" else "ru"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = other
    assert _page(client) != html


def test_each_row_names_its_regions_and_plans(world, client):
    """The rows' regions and plans come as plain lists (`public_recommendations_listed`): each card names its own."""
    world["rec_b"].regions.add(world["t"]["naryn"])
    row = r'<a href="/consultations/public/([\w-]+)/">.*?<p class="muted">(.*?)</p>'
    cards = {m.group(1): m.group(2) for m in re.finditer(row, _page(client), re.S)}
    regions = sorted(str(world["t"][k].name) for k in ("batken", "naryn"))
    plans = [str(p) for p in world["rec_b"].plans.all()]
    assert plans and cards["rec-b"].startswith(", ".join(regions))
    assert all(f" · {p}" in cards["rec-b"] for p in plans)
    naryn, batken = str(world["t"]["naryn"].name), str(world["t"]["batken"].name)
    assert cards["rec-n"].startswith(naryn) and batken not in cards["rec-n"]
    assert cards["rec-g"].startswith("все регионы")
