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


def test_excel_export_is_scoped_and_safe(mon: Any, client: Any, login: Any) -> None:
    import io

    from openpyxl import load_workbook

    submitted_visit(mon, findings='=HYPERLINK("http://evil.example/","click")')
    draft_visit(mon, findings="Черновик")
    url = reverse("participation:visits_export")
    assert client.get(url).status_code == 302
    assert login(mon["nobody"]).get(url).status_code == 403

    def rows(who: str) -> list[tuple[Any, ...]]:
        r = login(mon[who]).get(url)
        assert r.status_code == 200 and r.content[:2] == b"PK"
        ws = load_workbook(io.BytesIO(r.content)).active
        return list(ws.iter_rows(min_row=2, values_only=True))

    viewer = rows("viewer")
    assert len(viewer) == 2  # the submitted visit's two measures; the draft is not the viewer's
    assert {r[3] for r in viewer} == {"Халмионский айылный аймак"}
    assert {r[9] for r in viewer} == {"Partly"}
    assert all(str(r[11]).startswith("=HYPERLINK") for r in viewer)  # kept as text
    assert len(rows("monitor")) == 4
    assert rows("monitor_naryn") == []
    r = login(mon["monitor"]).get(url, {"status": "draft"})
    ws = load_workbook(io.BytesIO(r.content)).active
    assert {c.value for c in ws["L"][1:]} == {"Черновик"}
    cell = load_workbook(io.BytesIO(login(mon["viewer"]).get(url).content)).active["L2"]
    assert cell.data_type == "s"


@pytest.mark.parametrize("n", [2, 6])
def test_excel_export_query_count(mon: Any, login: Any, django_assert_max_num_queries: Any, n: int) -> None:
    from tendik.participation.tests.test_monitoring_views import _visits

    _visits(mon, n)
    c = login(mon["viewer"])
    url = reverse("participation:visits_export")
    c.get(url)
    with django_assert_max_num_queries(10):
        assert c.get(url).status_code == 200
