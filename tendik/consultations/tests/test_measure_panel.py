"""Recommendations are visible from the measure's side: the panel consultations adds to the plans' measure page."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from tendik.consultations.tests import factories as f


def _measure_url(world):
    return reverse("plans:measure", args=[world["c"]["m11"].pk])


def test_anonymous_sees_linked_recommendations_with_public_links(world, client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ky"
    html = client.get(_measure_url(world)).content.decode()
    assert reverse("consultations:public_detail", args=["rec-b"]) in html
    assert reverse("consultations:recommendation", args=["rec-b"]) not in html
    assert "Райондордо кризистик борборлорду ачуу" in html  # the text in the current language
    assert "rec-n" not in html and "rec-g" not in html  # not linked to this measure


@pytest.mark.parametrize(("lang", "text"), [("ru", "Открыть кризисные центры в районах"), ("en", "Открыть кризисные")])
def test_recommendation_text_follows_the_language_with_fallback_to_russian(lang, text, world, client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    assert text in client.get(_measure_url(world)).content.decode()


def test_signed_in_users_get_the_internal_page_only_when_they_may_see_it(world, login):
    html = login(world["u"]["coordinator"]).get(_measure_url(world)).content.decode()
    assert reverse("consultations:recommendation", args=["rec-b"]) in html
    far = login(world["u"]["fp_naryn"]).get(_measure_url(world)).content.decode()
    assert reverse("consultations:recommendation", args=["rec-b"]) not in far
    assert reverse("consultations:public_detail", args=["rec-b"]) in far


def test_panel_shows_no_personal_data(world, client):
    rec = world["rec_b"]
    rec.created_by = world["u"]["coordinator"]
    rec.save()
    html = client.get(_measure_url(world)).content.decode()
    assert "coordinator" not in html
    assert "Встреча в Баткене" not in html  # the meeting (and its participants) stay on the consultations pages


def test_measure_without_recommendations_says_so(world, client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("plans:measure", args=[world["c"]["m34"].pk])).content.decode()
    assert "No recommendation is linked to this measure." in html


@pytest.mark.parametrize("n", [3, 9])
def test_panel_adds_no_query_per_recommendation(n, world, client, login, django_assert_max_num_queries):
    for i in range(n):
        f.recommendation(world["series"], text_ru=f"Рекомендация {i}", measures=[world["c"]["m11"]], code=f"extra-{i}")
    url = _measure_url(world)
    client.get(url)
    # (one of them is the monitoring findings panel that participation registers on the same page)
    with django_assert_max_num_queries(10):
        html = client.get(url).content.decode()
    assert html.count(reverse("consultations:public_detail", args=["extra-0"])[:-2]) >= n
    coordinator = login(world["u"]["coordinator"])
    coordinator.get(url)
    with django_assert_max_num_queries(19):
        assert "extra-0" in coordinator.get(url).content.decode()
