"""The one PDF renderer: an HTML template drawn by WeasyPrint, offline.

    from tendik.core.pdf import render_pdf
    pdf_bytes = render_pdf("plans/pdf/plan.html", {"plan": plan}, language="ky")

The template is rendered under `language` (ru, ky or en; default: the active language), so dates, numbers and
charts (`tendik.core.charts`, inline SVG, which WeasyPrint draws natively) follow it; `lang` is put in the context.
Every document gets `core/pdf.css` (A4, page numbers, DejaVu Sans for ң ө ү, chart and table sizes) and then the
`stylesheets` given (paths of CSS files). Nothing is fetched from the network: only data: URLs and files inside the
project's static folders are read; anything else raises `ValueError`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from tendik.core.i18n import LANGUAGES, current_lang

BASE_CSS = Path(__file__).resolve().parent / "static" / "core" / "pdf.css"
PROJECT = Path(__file__).resolve().parent.parent


def _allowed(url: str) -> bool:
    if url.startswith("data:"):
        return True
    if url.startswith("file://"):
        path = Path(url.removeprefix("file://").split("?")[0]).resolve()
        return path.is_relative_to(PROJECT) and "static" in path.parts
    return False


def offline_fetcher() -> Any:
    """A WeasyPrint URL fetcher that reads data: URLs and the project's static files, and refuses the rest."""
    from weasyprint.urls import URLFetcher

    class OfflineFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if not _allowed(url):
                raise ValueError(f"external resource refused: {url[:60]}")
            return super().fetch(url, headers)

    return OfflineFetcher(allowed_protocols=("data", "file"))


def render_html(template_name: str, context: dict[str, Any], *, language: str | None = None) -> str:
    """The document's HTML, rendered under `language` (for previews and tests)."""
    lang = language if language in LANGUAGES else current_lang()
    with translation.override(lang):
        return render_to_string(template_name, {"lang": lang, **context})


def render_pdf(
    template_name: str,
    context: dict[str, Any],
    *,
    language: str | None = None,
    stylesheets: Sequence[str | Path] = (),
) -> bytes:
    """`template_name` rendered with `context` under `language` and written as PDF bytes (starting with %PDF)."""
    from weasyprint import CSS, HTML

    html = render_html(template_name, context, language=language)
    sheets = [CSS(filename=str(BASE_CSS)), *(CSS(filename=str(s)) for s in stylesheets)]
    return HTML(string=html, url_fetcher=offline_fetcher(), base_url=str(PROJECT)).write_pdf(stylesheets=sheets)
