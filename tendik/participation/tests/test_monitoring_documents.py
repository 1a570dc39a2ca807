# ruff: noqa: F811  (pytest fixtures imported from monitoring_helpers are parameters of the tests)
"""The visit report (PDF, the shared renderer) and the Excel export of visits."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tendik.participation.tests.monitoring_helpers import _english, draft_visit, mon, submitted_visit  # noqa: F401

pytestmark = pytest.mark.django_db


def test_visit_report_pdf_matrix(mon: Any, client: Any, login: Any) -> None:
    visit = submitted_visit(mon)
    url = reverse("participation:visit_pdf", args=[visit.pk])
    assert client.get(url).status_code == 302
    assert login(mon["nobody"]).get(url).status_code == 403
    assert login(mon["monitor_naryn"]).get(url).status_code == 404
    r = login(mon["viewer"]).get(url)
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert r.content.startswith(b"%PDF") and len(r.content) > 2000


@pytest.mark.parametrize("lang,words", [("ru", "Частично"), ("ky", "Жарым-жартылай"), ("en", "Partly")])
def test_visit_report_text_in_three_languages(mon: Any, lang: str, words: str) -> None:
    from tendik.core.pdf import render_html
    from tendik.participation.selectors import monitoring as sel

    visit = submitted_visit(mon)
    html = render_html(
        "participation/monitoring/visit_pdf.html",
        {
            "visit": visit,
            "levels": list(visit.scale.levels.all()),
            "monitors": None,
            "cards": [(c, []) for c in sel.visit_cards(visit)],
        },
        language=lang,
    )
    assert words in html and "Айгерим" not in html


def test_draft_report_only_for_writers(mon: Any, login: Any) -> None:
    visit = draft_visit(mon)
    url = reverse("participation:visit_pdf", args=[visit.pk])
    assert login(mon["viewer"]).get(url).status_code == 404
    assert login(mon["monitor"]).get(url).status_code == 200
