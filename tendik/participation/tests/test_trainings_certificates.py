"""Certificate PDF: in the participant's language, Kyrgyz letters in DejaVu, code printed, downloads logged."""

from __future__ import annotations

import re
import zlib

import pytest
from django.test import Client
from django.urls import reverse

from tendik.audit.models import AccessLogEntry
from tendik.core.pdf import render_html
from tendik.participation.services import trainings as ts
from tendik.participation.tests import reserve_factories as f


def _pdf_objects(pdf: bytes) -> str:
    """The PDF's objects, compressed streams inflated (font names live in compressed object streams)."""
    parts = [pdf.decode("latin-1")]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)).decode("latin-1"))
        except zlib.error:
            continue
    return "".join(parts)


@pytest.fixture
def world(make_user, territory):
    return f.World(make_user, territory)


@pytest.mark.parametrize(
    ("lang", "title", "programme"),
    [("ru", "Сертификат", "Политическая школа"), ("ky", "Сертификат", "Саясий мектеп"), ("en", "Certificate", "")],
)
def test_certificate_in_its_language(world, lang, title, programme):
    from tendik.participation.services.documents import certificate_document

    cert = world.certificate
    cert.language = lang
    cert.save(update_fields=["language"])
    pdf = certificate_document(certificate=cert)
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000
    fonts = set(re.findall(r"/BaseFont\s*/[A-Z]+\+([A-Za-z-]+)", _pdf_objects(pdf)))
    assert fonts and all(name.startswith("DejaVu") for name in fonts), fonts  # the font with ң ө ү
    html = render_html(
        "participation/trainings/certificate_pdf.html",
        {
            "certificate": cert,
            "holder": "Айгүл Токтосунова",
            "programme_title": cert.participant.session.programme.title_in(lang),
            "programme": cert.participant.session.programme,
            "session": cert.participant.session,
            "place": "Айдаркен",
            "check_url": "/x",
        },
        language=lang,
    )
    assert title in html and cert.code in html
    if programme:
        assert programme in html
    if lang == "ky":
        assert "ү" in html  # the holder's name keeps its Kyrgyz letters


def test_certificate_download_matrix(world, login):
    url = reverse("participation:certificate_pdf", args=[world.participant.pk])
    assert Client().get(url).status_code == 302
    assert login(world.plain).get(url).status_code == 403
    assert login(world.viewer).get(url).status_code == 403  # sees the session, not the person
    assert login(world.focal_naryn).get(url).status_code == 404
    assert not AccessLogEntry.objects.filter(purpose="certificate.pdf").exists()
    response = login(world.focal).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AccessLogEntry.objects.get(purpose="certificate.pdf").actor == world.focal
    ts.certificate_revoke(actor=world.coordinator, certificate=world.certificate)
    assert login(world.focal).get(url).status_code == 404
