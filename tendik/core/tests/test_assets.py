"""Every asset is served by Tendik itself: no page may reference an external host."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

EXTERNAL = re.compile(r"""(?:src|href|action|srcset|data|poster)\s*=\s*["']\s*(?:https?:)?//(?!testserver)""", re.I)
CSS_EXTERNAL = re.compile(r"""(?:url\(\s*["']?\s*(?:https?:)?//|@import\s+["']?(?:https?:)?//)""", re.I)
STATIC_REF = re.compile(r"""(?:src|href)\s*=\s*["'](/static/[^"'?#]+)""")

PUBLIC_PAGES = ["/", "/about/", "/accounts/login/", "/territories/", "/api/v1/docs/", "/plans/", "/consultations/"]


def assert_self_contained(html: str, where: str) -> None:
    external = EXTERNAL.findall(html)
    assert not external, f"{where} references an external host: {external[:3]}"
    for ref in STATIC_REF.findall(html):
        assert finders.find(ref.removeprefix("/static/")), f"{where} references a missing asset {ref}"


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_reference_no_external_host(url: str) -> None:
    response = Client().get(url, follow=True)
    assert response.status_code == 200, url
    assert_self_contained(response.content.decode(), url)


def test_the_external_host_check_can_fail() -> None:
    with pytest.raises(AssertionError):
        assert_self_contained('<script src="https://cdn.example.org/x.js"></script>', "sample")
    with pytest.raises(AssertionError):
        assert_self_contained('<link rel="stylesheet" href="//fonts.example.com/a.css">', "sample")


def test_stylesheets_load_nothing_from_outside() -> None:
    root = Path(__file__).resolve().parents[2]
    offenders = [str(p) for p in root.rglob("static/**/*.css") if CSS_EXTERNAL.search(p.read_text(errors="ignore"))]
    assert not offenders


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy() -> None:
    response = Client().get("/about/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert response["X-Frame-Options"] == "DENY"
