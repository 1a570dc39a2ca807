"""The open-data API: public, read-only, cached, rate-limited, in the schema."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_datasets_are_public_and_protected(client, public_world):
    listing = client.get(reverse("portal-api-datasets"))
    assert listing.status_code == 200
    assert {d["key"] for d in listing.json()} >= {"plan-progress", "committee-figures", "recommendations"}
    t = public_world.t
    body = client.get(reverse("portal-api-dataset", args=["committee-figures"]) + f"?place={t['leilek'].code}").json()
    assert body["definition"] and body["source"] and body["period"] == "2025"
    assert body["suppressed"]["cases"]
    assert all(row["cases"] is None for i, row in enumerate(body["rows"]) if i in body["suppressed"]["cases"])
    assert client.get(reverse("portal-api-dataset", args=["nothing"])).status_code == 404
    assert client.get(reverse("portal-api-dataset", args=["plan-progress"]) + "?place=1").status_code == 404


def test_read_only(client, public_world):
    url = reverse("portal-api-dataset", args=["plan-progress"])
    assert client.post(url, {}).status_code == 405
    assert client.delete(url).status_code == 405


def test_cached_and_throttled(client, public_world, settings):
    from tendik.portal import api

    url = reverse("portal-api-dataset", args=["recommendations"])
    first = client.get(url)
    assert "max-age" in first.get("Cache-Control", "")
    api.OpenDataAnonThrottle.rate = "2/min"
    try:
        from django.core.cache import cache

        cache.clear()
        statuses = [client.get(url + f"?n={k}").status_code for k in range(4)]
    finally:
        api.OpenDataAnonThrottle.rate = "120/min"
    assert 429 in statuses


def test_in_the_schema(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    assert "/api/v1/portal/datasets/{key}/" in schema["paths"]
