"""The one PDF renderer."""

from __future__ import annotations

import pytest
from django.template import engines

from tendik.core import charts
from tendik.core.pdf import offline_fetcher, render_html, render_pdf


def test_render_pdf_draws_a_chart_and_follows_the_language(tmp_path) -> None:
    chart = charts.bar_chart(title="Теңдик ң ө ү", labels=["Баткен"], values=[1234.5], decimals=1)
    pdf = render_pdf("core/_chart.html", {"chart": chart, "open_table": True}, language="ky")
    assert pdf[:4] == b"%PDF" and len(pdf) > 1000
    css = tmp_path / "extra.css"
    css.write_text("body { color: #333; }")
    assert render_pdf("core/_chart.html", {"chart": chart}, language="en", stylesheets=[css])[:4] == b"%PDF"


def test_nothing_is_fetched_from_the_network_or_outside_static() -> None:
    fetcher = offline_fetcher()
    for url in ("https://example.org/x.png", "http://127.0.0.1/x.css", "file:///etc/passwd"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert fetcher.fetch("data:text/plain,abc") is not None


def test_render_html_puts_the_language_in_the_context() -> None:
    engines["django"].from_string("")
    html = render_html("consultations/documents/pdf.html", {"body_template": "core/_chart.html"}, language="ky")
    assert '<html lang="ky">' in html
