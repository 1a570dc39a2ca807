"""Every accounts and audit page: self-contained (no external host), no inline style or script, labelled fields."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from tendik.accounts.roles import Role
from tendik.accounts.services import notify
from tendik.core.tests.test_assets import assert_self_contained

pytestmark = pytest.mark.django_db

INLINE_STYLE = re.compile(r"<[^>]+\sstyle\s*=", re.I)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)


def _check(html: str, where: str) -> None:
    assert_self_contained(html, where)
    assert not INLINE_STYLE.search(html), f"{where}: inline style"
    assert not INLINE_SCRIPT.search(html), f"{where}: inline script"
    for tag in re.findall(r"<(?:input|select|textarea)\b[^>]*>", html):
        if re.search(r'type="(?:hidden|submit)"', tag):
            continue
        field_id = re.search(r'\sid="([^"]+)"', tag)
        assert field_id, f"{where}: a field without id: {tag[:80]}"
        assert f'for="{field_id.group(1)}"' in html, f"{where}: no label for #{field_id.group(1)}"


@pytest.mark.parametrize("lang", ["ru", "ky", "en"])
def test_pages(territory, make_user, make_committee, login, lang):
    admin = make_user(Role.ADMIN, username="root")
    target = make_user(Role.FOCAL_POINT, unit=territory["kadamjay"], username="fp")
    notify(user=admin, title="Новый отчёт", url="/plans/")
    client = login(admin)
    client.cookies["tendik_language"] = lang
    urls = [
        reverse("accounts:profile"),
        reverse("accounts:password_change"),
        reverse("accounts:api_token"),
        reverse("accounts:two_factor"),
        reverse("accounts:notifications"),
        reverse("accounts:users"),
        reverse("accounts:user_create"),
        reverse("accounts:user_detail", args=[target.pk]),
        reverse("accounts:user_edit", args=[target.pk]),
        reverse("audit:index"),
        reverse("audit:access"),
        reverse("audit:index") + "?user=root",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        _check(response.content.decode(), url)
    # the set-up page with its QR code, and the sign-in page
    chair = make_user(Role.COMMITTEE_CHAIR, committee=make_committee())
    fresh = Client()
    fresh.cookies["tendik_language"] = lang
    _check(fresh.get(reverse("accounts:login")).content.decode(), "login")
    fresh.force_login(chair)
    page = fresh.get(reverse("accounts:two_factor"))
    assert "<svg" in page.content.decode()
    _check(page.content.decode(), "two_factor set-up")
