# ruff: noqa: F811  (pytest fixtures imported from monitoring_helpers are parameters of the tests)
"""Evidence photos: checked by type and size, stripped of location data, served only after a permission check."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tendik.core.uploads import has_metadata
from tendik.participation.models import EvidencePhoto
from tendik.participation.tests.monitoring_helpers import _english, draft_visit, mon  # noqa: F401

pytestmark = pytest.mark.django_db


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), (200, 80, 120))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[0x8825] = {1: "N", 2: (42.0, 30.0, 0.0), 3: "E", 4: (70.0, 10.0, 0.0)}  # GPS
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    data = out.getvalue()
    assert has_metadata(data)
    return data


def _upload(client: Any, card: Any, name: str, data: bytes, ctype: str = "image/jpeg") -> Any:
    return client.post(
        reverse("participation:card_photos", args=[card.pk]),
        {"photos": [SimpleUploadedFile(name, data, content_type=ctype)], "caption": "Школа"},
    )


def test_photo_is_stripped_and_served_only_to_those_who_see_the_visit(mon: Any, client: Any, login: Any) -> None:
    visit = draft_visit(mon)
    card = visit.cards.order_by("pk").first()
    r = _upload(login(mon["monitor"]), card, "IMG_0001.jpg", _jpeg_with_gps())
    assert r.status_code == 302
    photo = EvidencePhoto.objects.get()
    stored = photo.read_bytes()
    assert stored.startswith(b"\xff\xd8") and not has_metadata(stored)
    assert "IMG_0001" not in photo.file.name and "/media/" not in photo.file.name
    url = reverse("participation:photo", args=[photo.pk])
    assert client.get(url).status_code == 302
    assert login(mon["nobody"]).get(url).status_code == 403
    assert login(mon["monitor_naryn"]).get(url).status_code == 404
    assert login(mon["viewer"]).get(url).status_code == 404  # the visit is still a draft
    resp = login(mon["monitor"]).get(url)
    assert resp.status_code == 200 and resp["Content-Type"] == "image/jpeg"
    assert resp["Cache-Control"] == "private, no-store"
    assert b"".join(resp.streaming_content) == stored


@pytest.mark.parametrize(
    "name,data,ctype",
    [
        ("notes.txt", b"just text", "text/plain"),
        ("fake.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg"),
        ("doc.pdf", b"%PDF-1.4 fake", "application/pdf"),
    ],
)
def test_wrong_types_are_refused(mon: Any, login: Any, name: str, data: bytes, ctype: str) -> None:
    visit = draft_visit(mon)
    card = visit.cards.first()
    r = _upload(login(mon["monitor"]), card, name, data, ctype)
    assert r.status_code == 302
    assert EvidencePhoto.objects.count() == 0


def test_too_big_is_refused(mon: Any, login: Any, settings: Any) -> None:
    settings.TENDIK_UPLOAD_MAX_BYTES = 1000
    visit = draft_visit(mon)
    card = visit.cards.first()
    out = io.BytesIO()
    Image.effect_noise((400, 400), 100).convert("RGB").save(out, format="PNG")
    _upload(login(mon["monitor"]), card, "big.png", out.getvalue(), "image/png")
    assert EvidencePhoto.objects.count() == 0


@pytest.mark.parametrize("who", ["nobody", "viewer", "officer", "monitor_naryn"])
def test_others_cannot_add_or_remove_photos(mon: Any, client: Any, login: Any, who: str) -> None:
    visit = draft_visit(mon)
    card = visit.cards.first()
    _upload(login(mon["monitor"]), card, "a.jpg", _jpeg_with_gps())
    photo = EvidencePhoto.objects.get()
    assert _upload(client, card, "b.jpg", _jpeg_with_gps()).status_code == 302
    assert _upload(login(mon[who]), card, "b.jpg", _jpeg_with_gps()).status_code in (403, 404)
    r = login(mon[who]).post(reverse("participation:photo_delete", args=[photo.pk]))
    assert r.status_code in (403, 404)
    assert EvidencePhoto.objects.count() == 1


def test_photos_are_shown_on_the_visit_and_removed_with_the_draft(mon: Any, login: Any) -> None:
    visit = draft_visit(mon)
    card = visit.cards.first()
    c = login(mon["monitor"])
    _upload(c, card, "a.jpg", _jpeg_with_gps())
    photo = EvidencePhoto.objects.get()
    page = c.get(reverse("participation:visit", args=[visit.pk])).content.decode()
    assert reverse("participation:photo", args=[photo.pk]) in page and "/media/" not in page
    assert c.post(reverse("participation:photo_delete", args=[photo.pk])).status_code == 302
    assert EvidencePhoto.objects.count() == 0
