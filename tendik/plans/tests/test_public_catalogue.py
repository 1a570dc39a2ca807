"""The national plan catalogue is public: anyone browses plans, the tree and measures; municipal data stays private."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from tendik.plans import extensions
from tendik.plans.models import Indicator, LocalMeasure, Measure, MeasureStatus, SdgTarget

TEXTS = {"ru": "Обучить женщин", "ky": "Аялдарды окутуу", "en": "Train women"}


def catalogue_urls(catalogue):
    return {
        "index": reverse("plans:index"),
        "search": reverse("plans:index") + "?q=женщин",
        "plan": reverse("plans:plan", args=[catalogue["plan"].code]),
        "measure": reverse("plans:measure", args=[catalogue["m1"].pk]),
    }


@pytest.mark.parametrize("name", ["index", "search", "plan", "measure"])
def test_catalogue_pages_answer_everyone(name, catalogue, roles, login, client):
    url = catalogue_urls(catalogue)[name]
    assert client.get(url).status_code == 200
    for who in ("nobody", "viewer", "officer_other"):
        assert login(roles[who]).get(url).status_code == 200, who


def test_unknown_plan_or_measure_is_404_for_anonymous(catalogue, client):
    assert client.get(reverse("plans:plan", args=["no-such-plan"])).status_code == 404
    assert client.get(reverse("plans:measure", args=[999999])).status_code == 404


@pytest.mark.parametrize("lang", ["ru", "ky", "en"])
def test_anonymous_reads_tree_and_measure_in_each_language(lang, catalogue, client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    tree = client.get(reverse("plans:plan", args=[catalogue["plan"].code])).content.decode()
    assert TEXTS[lang] in tree
    assert reverse("plans:measure", args=[catalogue["m1"].pk]) in tree
    page = client.get(reverse("plans:measure", args=[catalogue["m1"].pk])).content.decode()
    assert TEXTS[lang] in page
    assert "5.5" in page  # SDG target
    assert "II.L.1" in page  # related measure


def test_anonymous_searches_in_three_languages(catalogue, client):
    for q in ("обучить", "окутуу", "train women", "1.1"):
        html = client.get(reverse("plans:plan", args=[catalogue["plan"].code]), {"q": q}).content.decode()
        assert reverse("plans:measure", args=[catalogue["m1"].pk]) in html, q
        assert reverse("plans:measure", args=[catalogue["m3"].pk]) not in html, q
    partial = client.get(reverse("plans:index"), {"q": "Kindergartens"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and reverse("plans:measure", args=[catalogue["m3"].pk]) in partial


def test_anonymous_sees_adoption_counts_but_no_local_data(local_plan, catalogue, client, roles, login, territory):
    LocalMeasure.objects.filter(local_plan=local_plan, national_measure=catalogue["m1"]).update(
        current_status=MeasureStatus.DONE
    )
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("plans:measure", args=[catalogue["m1"].pk])).content.decode()
    assert "Adopted by 1 municipality" in html
    assert "1 reports it done" in html
    assert reverse("plans:local_plan", args=[local_plan.pk]) not in html
    assert "Алиева" not in html and "Тренинги для женщин" not in html
    untouched = client.get(reverse("plans:measure", args=[catalogue["m3"].pk])).content.decode()
    assert "Adopted by 0 municipalities" in untouched and "0 report it done" in untouched
    # A signed-in user in scope keeps today's view: the municipality, linked to its local plan.
    signed = login(roles["fp_rayon"]).get(reverse("plans:measure", args=[catalogue["m1"].pk])).content.decode()
    assert reverse("plans:local_plan", args=[local_plan.pk]) in signed
    assert territory["halmion"].name_ru in signed


def test_anonymous_subnav_hides_municipal_sections(catalogue, client):
    html = client.get(reverse("plans:index")).content.decode()
    assert reverse("plans:local_list") not in html and reverse("plans:dashboard") not in html


def test_municipal_pages_still_need_sign_in(report, local_plan, catalogue, client):
    entry = report.entries.first()
    private = [
        reverse("plans:plan_export", args=[catalogue["plan"].code, "xlsx"]),
        reverse("plans:local_list"),
        reverse("plans:local_plan", args=[local_plan.pk]),
        reverse("plans:local_export", args=[local_plan.pk, "xlsx"]),
        reverse("plans:local_create"),
        reverse("plans:reports"),
        reverse("plans:report", args=[report.pk]),
        reverse("plans:entry", args=[report.pk, entry.pk]),
        reverse("plans:report_template", args=[report.pk]),
        reverse("plans:dashboard"),
        reverse("plans:progress_export", args=["xlsx"]),
    ]
    for url in private:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_registered_measure_panels_are_rendered(catalogue, client):
    seen = []

    def panel(user, measure):
        seen.append((user.is_authenticated, measure.pk))
        if measure.pk != catalogue["m1"].pk:
            return None
        return "plans/tests/_panel.html", {"word": "panel-for-" + measure.number}

    extensions.register_measure_panel("test.panel", panel)
    try:
        html = client.get(reverse("plans:measure", args=[catalogue["m1"].pk])).content.decode()
        other = client.get(reverse("plans:measure", args=[catalogue["m2"].pk])).content.decode()
    finally:
        extensions.unregister_measure_panel("test.panel")
    assert "panel-for-1.1" in html and "panel-for" not in other
    assert seen == [(False, catalogue["m1"].pk), (False, catalogue["m2"].pk)]
    after = client.get(reverse("plans:measure", args=[catalogue["m1"].pk])).content.decode()
    assert "panel-for" not in after


def _grow(catalogue, n):
    """n more SDG targets, related measures and indicators on measure 1.1."""
    m1 = catalogue["m1"]
    start = Measure.objects.count()
    for i in range(n):
        k = start + i
        m1.sdg_targets.add(SdgTarget.objects.create(code=f"9.{k}", title_ru=f"Цель {k}"))
        m1.related_measures.add(
            Measure.objects.create(plan=catalogue["plan"], goal=m1.goal, number=f"9.{k}", text_ru=f"Мера {k}")
        )
        m1.indicators.add(Indicator.objects.create(code=f"ind-{k}", name_ru=f"Показатель {k}", definition_ru="Опр."))


@pytest.mark.parametrize("n", [2, 6])
def test_public_pages_pin_their_queries(n, catalogue, local_plan, client, django_assert_max_num_queries):
    _grow(catalogue, n)
    client.get(reverse("plans:measure", args=[catalogue["m1"].pk]))  # warm caches (content types, states)
    # measure, its SDG targets, related measures (+ plans), indicators, the adoption counts, the panel of
    # recommendations registered by consultations, the monitoring findings registered by participation; the same
    # bound for 2 and 6 of each.
    with django_assert_max_num_queries(10):
        assert client.get(reverse("plans:measure", args=[catalogue["m1"].pk])).status_code == 200
    with django_assert_max_num_queries(7):
        assert client.get(reverse("plans:plan", args=[catalogue["plan"].code])).status_code == 200
    with django_assert_max_num_queries(3):
        assert client.get(reverse("plans:index")).status_code == 200
