"""The bodies pages in Russian, Kyrgyz and English: headings, catalogue names and dates in the reader's language."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from tendik.core.pdf import render_html
from tendik.participation.tests import bodies_helpers
from tendik.participation.views.bodies_dashboard import quota_context

pytestmark = pytest.mark.django_db
world = bodies_helpers.world  # the shared fixture

EXPECTED = {
    "ru": ("Мониторинг квоты", "Органы, нарушающие правило", "Айылный кенеш"),
    "ky": ("Квотанын мониторинги", "Эрежени бузган органдар", "Айылдык кеңеш"),
    "en": ("Quota dashboard", "Bodies breaking a rule", "Ayil kenesh"),
}


def _visible(html: str) -> str:
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r'value="[^"]*"', " ", html)  # date inputs carry ISO values by the HTML standard
    html = re.sub(r'href="[^"]*"', " ", html)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.parametrize("lang", ["ru", "ky", "en"])
def test_pages_in_three_languages(login, world, lang):
    c = login(world.focal)
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    heading, breaking, kenesh_type = EXPECTED[lang]
    html = c.get(reverse("participation:quota") + "?on=2023-01-01").content.decode()
    assert heading in html and breaking in html
    assert not re.search(r"\b20\d\d-\d\d-\d\d\b", _visible(html))  # no ISO dates in what people read
    html = c.get(reverse("participation:bodies") + "?on=2023-01-01").content.decode()
    assert kenesh_type in html
    html = c.get(reverse("participation:body", args=[world.kenesh.pk]) + "?on=2023-01-01").content.decode()
    assert not re.search(r"\b20\d\d-\d\d-\d\d\b", _visible(html))


def test_pdf_follows_the_language(world):
    import datetime as dt

    context = quota_context(world.focal, unit=None, on=dt.date(2023, 1, 1))
    assert "Квотанын мониторинги" in render_html("participation/bodies/quota_pdf.html", context, language="ky")
    assert "Quota dashboard" in render_html("participation/bodies/quota_pdf.html", context, language="en")
