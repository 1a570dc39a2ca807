"""The public portal: pages for the country, oblasts, rayons and municipalities, and the national plan pages."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from tendik.portal.tests.conftest import add_committee_year, add_municipality_plan

pytestmark = pytest.mark.django_db


def test_every_level_has_a_public_page_without_sign_in(client, public_world):
    t = public_world.t
    for unit in (None, t["batken"], t["kadamjay"], t["halmion"]):
        url = reverse("portal:country") if unit is None else reverse("portal:territory", args=[unit.code])
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert not re.search(r"https?://(?!www\.w3\.org/)", html)
        assert "About these figures" in html or "Об этих показателях" in html
        assert 'style="' not in html and "<script>" not in html
    assert client.get(reverse("portal:territory", args=["41799999999999"])).status_code == 404


def test_territory_page_shows_progress_recommendations_and_protected_committee_figures(client, public_world):
    t = public_world.t
    html = client.get(reverse("portal:territory", args=[t["batken"].code]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "rec-b" in html and "rec-n" not in html  # only recommendations that concern Batken
    assert "Кадамжай" in html or "Kadamjay" in html
    # Kulundu's 3 cases are hidden, and so is whatever would give them away.
    assert "&lt;5" in html
    page = client.get(reverse("portal:territory", args=[t["halmion"].code])).content.decode()
    assert "QUOTA" not in page  # the slot is a template comment, not text


def test_plan_page(client, public_world):
    c = public_world.c
    response = client.get(reverse("portal:plan", args=[c["gender"].code]))
    assert response.status_code == 200
    assert client.get(reverse("portal:plan", args=["no-such-plan"])).status_code == 404


def test_public_recommendation_shows_progress_since_the_answer(client, public_world):
    html = client.get(reverse("consultations:public_detail", args=["rec-b"])).content.decode()
    assert "Провели тренинг для 30 женщин" in html
    assert "Халмион" in html


def test_downloads_in_three_formats(client, public_world):
    import io
    import json

    from openpyxl import load_workbook

    t = public_world.t
    for key in ("plan-progress", "committee-figures", "recommendations", "indicators"):
        for fmt in ("csv", "xlsx", "json"):
            response = client.get(reverse("portal:download", args=[key, fmt]) + f"?place={t['batken'].code}")
            assert response.status_code == 200, (key, fmt)
    data = json.loads(client.get(reverse("portal:download", args=["committee-figures", "json"])).content)
    assert data["definition"] and data["source"] and data["period"] and data["extracted"]
    kulundu = reverse("portal:download", args=["committee-figures", "csv"]) + f"?place={t['leilek'].code}"
    csv_text = client.get(kulundu).content.decode()
    assert "<5" in csv_text
    wb = load_workbook(io.BytesIO(client.get(reverse("portal:download", args=["plan-progress", "xlsx"])).content))
    assert wb.sheetnames[1] and wb.active.max_row >= 2
    assert client.get(reverse("portal:download", args=["nothing", "csv"])).status_code == 404
    assert client.get(reverse("portal:download", args=["recommendations", "exe"])).status_code == 404


def _grow(territory, make_user, n, start):
    from tendik.geography.services import unit_create

    rayon = territory["kadamjay"]
    from tendik.plans.models import Measure

    measures = list(Measure.objects.order_by("pk")[:2])
    for k in range(n):
        unit = unit_create(
            code=f"41705258{start + k:03d}000", level="ayil_aimak", parent=rayon, name_ru=f"Тестовый аймак {start + k}"
        )
        officer = make_user("municipal_officer", unit=unit, username=f"grow_{start + k}")
        add_municipality_plan(unit, officer, measures, done=1)
        add_committee_year(unit, cases=k % 6, members=2)


@pytest.mark.parametrize("page", ["country", "batken", "kadamjay"])
def test_query_count_does_not_grow_with_places(client, public_world, make_user, django_assert_max_num_queries, page):
    t = public_world.t
    url = reverse("portal:country") if page == "country" else reverse("portal:territory", args=[t[page].code])
    _grow(t, make_user, 2, 900)
    from django.core.cache import cache

    cache.clear()
    with django_assert_max_num_queries(40) as small:
        client.get(url)
    _grow(t, make_user, 6, 910)
    cache.clear()
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)


def test_the_quota_slot_takes_participation_figures_once_they_exist(client, public_world, monkeypatch):
    from tendik.portal.views import public

    url = reverse("portal:territory", args=[public_world.t["halmion"].code])
    assert "30" in client.get(url).content.decode()  # the slot says the quota status will come
    monkeypatch.setattr(public, "quota_summary", lambda unit: f"Квота соблюдена: {unit.code}")
    monkeypatch.setattr(public, "_quota_template", lambda: None)
    cache.clear()  # new code is a deploy: the processes start with an empty page cache
    assert f"Квота соблюдена: {public_world.t['halmion'].code}" in client.get(url).content.decode()


def test_recommendations_by_status_equal_a_recount_once_each(public_world):
    """Counted in the database by answer state: each recommendation once, even when two of its regions lie in the
    territory, and the states named in the reader's language."""
    from django.utils import translation

    from tendik.consultations.selectors import public_recommendations
    from tendik.consultations.tests import factories as f
    from tendik.portal.tables import recommendation_statuses

    t = public_world.t
    f.recommendation(
        f.series(code="june"), text_ru="Открыть центры", regions=[t["batken"], t["kadamjay"]], code="rec-twice"
    )
    for unit in (None, t["batken"], t["kadamjay"], t["naryn"]):
        qs = public_recommendations() if unit is None else public_recommendations({"region": unit})
        for lang in ("ru", "en"):
            with translation.override(lang):
                expected: dict[str, int] = {}
                for rec in set(qs):
                    answer = rec.published_answer
                    label = str(answer.state.name) if answer else str(_not_answered())
                    expected[label] = expected.get(label, 0) + 1
                assert dict(recommendation_statuses(unit)) == expected, (unit, lang)
    with translation.override("en"):
        assert dict(recommendation_statuses(t["batken"])) == {"Accepted": 1, "Not answered": 1}


def _not_answered():
    from django.utils.translation import gettext as _

    return _("Not answered")


def _content(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]


def test_public_pages_are_cached_and_every_change_they_show_appears_at_once(client, public_world, make_user):
    """The territory and plan pages are the same for every visitor: served from the page cache between changes (a
    few queries), rendered again at once after a change to the plans, the places, the published recommendations —
    and after the committees' public table of the year is computed again (every five minutes, as before)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tendik.consultations.services.answers import answers_publish, recommendation_answer
    from tendik.consultations.tests import factories as f
    from tendik.geography.services import unit_rename
    from tendik.plans.services.local_plans import local_measure_add, local_plan_create

    t = public_world.t
    country, oblast = reverse("portal:country"), reverse("portal:territory", args=[t["batken"].code])
    plan = reverse("portal:plan", args=[public_world.c["gender"].code])
    first = {url: _content(client, url) for url in (country, oblast, plan)}
    for url in first:
        with CaptureQueriesContext(connection) as queries:
            assert _content(client, url) == first[url]
        reads = [q["sql"] for q in queries.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
        assert len(reads) <= 6, (url, reads)  # the place, the committees' years, the two generations

    officer = make_user("municipal_officer", unit=t["kulundu"])
    lp = local_plan_create(actor=officer, municipality=t["kulundu"], start_year=2025, end_year=2027)
    local_measure_add(  # a plan adopted with a measure
        actor=officer,
        local_plan=lp,
        national_measure=public_world.c["m11"],
        responsible_person="А",
        start=dt.date(2025, 1, 1),
        end=dt.date(2027, 12, 31),
    )
    assert all(_content(client, url) != first[url] for url in (country, oblast, plan)), "a plans change"

    before = _content(client, oblast)
    rec = f.recommendation(f.series(code="june"), text_ru="Открыть центр", regions=[t["batken"]], code="rec-c")
    recommendation_answer(recommendation=rec, actor=public_world.coordinator, state=f.state("rejected"), text_ru="Нет")
    answers_publish(recommendations=[rec], actor=public_world.coordinator, inform=False)
    after = _content(client, oblast)
    assert "rec-c" in after and "rec-c" not in before

    before = _content(client, country)
    unit_rename(unit=t["batken"], on=dt.date(2025, 1, 1), name_ru="Баткенская область (новое имя)")
    assert "новое имя" in _content(client, country) and "новое имя" not in before

    before = _content(client, oblast)
    add_committee_year(t["kulundu"], cases=40)
    assert _content(client, oblast) == before  # the committees' table keeps its five minutes
    from tendik.portal.committee_figures import cache_key

    cache.delete_many([cache_key(y) for y in range(2020, 2031)])  # … have passed (the table and its time together)
    assert _content(client, oblast) != before
