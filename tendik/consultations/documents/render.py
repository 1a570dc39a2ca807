"""HTML → PDF with WeasyPrint (no network: only data: URLs and inline SVG are allowed)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.template.loader import render_to_string

HERE = Path(__file__).resolve().parent
STATIC_CSS = HERE.parent / "static" / "consultations" / "consultations.css"
PDF_CSS = HERE / "pdf.css"


def _no_network(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    if url.startswith("data:"):
        from weasyprint.urls import default_url_fetcher

        return default_url_fetcher(url, *args, **kwargs)
    raise ValueError(f"external resource refused: {url[:60]}")


def pdf_from_template(template: str, context: dict[str, Any]) -> bytes:
    """Render `template` (a standalone document template) to PDF bytes with the documents' stylesheets."""
    from weasyprint import CSS, HTML

    html = render_to_string(template, context)
    doc = HTML(string=html, url_fetcher=_no_network)
    return doc.write_pdf(stylesheets=[CSS(filename=str(STATIC_CSS)), CSS(filename=str(PDF_CSS))])
