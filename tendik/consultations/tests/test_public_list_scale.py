"""The public recommendations list stays flat in queries as recommendations grow, and deep pages are right."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from tendik.consultations.models import Recommendation
from tendik.consultations.tests import factories as f


def _grow(world, n: int) -> None:
    for i in range(n):
        f.recommendation(
            world["series"], text_ru=f"Рекомендация {i}", regions=[world["rec_b"].regions.first()],
            code=f"grow-{i}",
        )  # fmt: skip


@pytest.mark.parametrize("n", [35, 105])
def test_public_list_runs_the_same_queries_for_n_and_3n_recommendations(
    n, world, client, django_assert_max_num_queries
):
    _grow(world, n)
    url = reverse("consultations:public") + "?page=2"
    client.get(url)
    cache.clear()  # the list rendered afresh, as after a change (tendik.core.pagecache)
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200


def test_a_deep_page_shows_the_rows_in_the_list_order(world, client):
    _grow(world, 70)
    ordered = list(Recommendation.objects.active().order_by("series", "order", "id").values_list("code", flat=True))
    html = client.get(reverse("consultations:public") + "?page=2").content.decode()
    shown = [code for code in ordered if f"/public/{code}/" in html]
    assert shown == ordered[30:60]
