"""The public portal in a real browser: 360 px, no sideways scroll, zero axe violations, screenshots kept."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_public_pages_on_a_phone(page_check, public_world):
    t = public_world.t
    pages = {
        "portal-country": reverse("portal:country"),
        "portal-oblast": reverse("portal:territory", args=[t["batken"].code]),
        "portal-rayon": reverse("portal:territory", args=[t["kadamjay"].code]),
        "portal-municipality": reverse("portal:territory", args=[t["halmion"].code]),
        "portal-plan": reverse("portal:plan", args=[public_world.c["gender"].code]),
        "portal-open-data": reverse("portal:opendata"),
        "portal-recommendation": reverse("consultations:public_detail", args=["rec-b"]),
    }
    for name, url in pages.items():
        page_check(url, name=name)
    # Signed in (the same world: a browser test rebuilds its data, so the checks share one test).
    page_check(reverse("portal:country"), name="portal-country-signed-in", user=public_world.coordinator)
