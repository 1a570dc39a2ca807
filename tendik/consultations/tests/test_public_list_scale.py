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


def test_the_pages_read_lately_are_rendered_again_after_a_change_before_anyone_asks(
    world, client, settings, django_capture_on_commit_callbacks
):
    """Where the page cache is shared with the background worker (TENDIK_PAGE_WARM), a change queues the rendering
    of the list's pages visitors read lately, with their filters: the next visitor of such a page is served from the
    cache, and what she sees is the change (the same page as one rendered now)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.TENDIK_PAGE_WARM = True
    _grow(world, 40)
    url = reverse("consultations:public") + "?page=2"
    client.get(url)
    ordered = Recommendation.objects.active().order_by("series", "order", "id")
    renamed = ordered[35]  # on page 2
    with django_capture_on_commit_callbacks(execute=True):
        renamed.text_ru = "Рекомендация о кризисных центрах"
        renamed.save()
    with CaptureQueriesContext(connection) as queries:
        warmed = client.get(url).content.decode()
    reads = [q["sql"][:80] for q in queries.captured_queries]  # (read now: the next request empties the log)
    cache.clear()
    assert "кризисных центрах" in warmed
    fresh = client.get(url).content.decode()
    assert warmed.split("<main", 1)[1].split("</main>", 1)[0] == fresh.split("<main", 1)[1].split("</main>", 1)[0]
    assert len(reads) <= 4, reads  # the generation (and the session's): served from the cache
