"""One entry point per document: data gathered in the requested language, rendered to PDF or Word."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tendik.consultations.documents import data, word
from tendik.consultations.models import ConsultationSeries, Meeting
from tendik.core import charts
from tendik.core.pdf import render_pdf

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LANGS = ("ru", "ky", "en")
HERE = Path(__file__).resolve().parent
STYLESHEETS = (HERE.parent / "static" / "consultations" / "consultations.css", HERE / "pdf.css")


def pdf_from_template(template: str, context: dict[str, Any]) -> bytes:
    """A standalone document template as PDF, with the documents' stylesheets (through the one PDF renderer)."""
    return render_pdf(template, context, language=context.get("lang"), stylesheets=STYLESHEETS)


@dataclass
class GeneratedFile:
    filename: str
    content_type: str
    content: bytes


def _lang(lang: str) -> str:
    return lang if lang in LANGS else "ru"


def resolution_context(
    series: ConsultationSeries, *, meeting: Meeting | None = None, plan_code: str = ""
) -> dict[str, Any]:
    res = data.resolution(series, meeting=meeting, plan_code=plan_code)
    return {
        "res": res,
        "doc_title": f"{res.title} — {res.subtitle}",
        "body_template": "consultations/documents/_resolution.html",
    }


def report_context(series: ConsultationSeries) -> dict[str, Any]:
    rep = data.report(series)
    chart = charts.grouped_bar_chart(
        title=_("Participants by meeting"),
        labels=[label for label, _w, _m in rep.chart_rows],
        series=[
            charts.Series(_("Women"), [w for _l, w, _m in rep.chart_rows]),
            charts.Series(_("Men"), [m for _l, _w, m in rep.chart_rows]),
        ],
        stacked=True,
        category_label=_("Meeting"),
    )
    return {
        "rep": rep,
        "chart": chart,
        "doc_title": _("Consolidated report of the consultations"),
        "body_template": "consultations/documents/_report.html",
    }


def resolution_file(
    series: ConsultationSeries, *, fmt: str, lang: str, meeting: Meeting | None = None, plan_code: str = ""
) -> GeneratedFile:
    lang = _lang(lang)
    with translation.override(lang):
        ctx = resolution_context(series, meeting=meeting, plan_code=plan_code)
        name = f"resolution-{meeting.code if meeting else series.code}{'-' + plan_code if plan_code else ''}-{lang}"
        if fmt == "docx":
            return GeneratedFile(f"{name}.docx", DOCX, word.resolution_docx(ctx["res"]))
        return GeneratedFile(
            f"{name}.pdf", PDF, pdf_from_template("consultations/documents/pdf.html", {**ctx, "lang": lang})
        )


def report_file(series: ConsultationSeries, *, fmt: str, lang: str) -> GeneratedFile:
    lang = _lang(lang)
    with translation.override(lang):
        ctx = report_context(series)
        name = f"report-{series.code}-{lang}"
        if fmt == "docx":
            return GeneratedFile(f"{name}.docx", DOCX, word.report_docx(ctx["rep"]))
        return GeneratedFile(
            f"{name}.pdf", PDF, pdf_from_template("consultations/documents/pdf.html", {**ctx, "lang": lang})
        )


def feedback_context(*, title: str, recs: Any) -> dict[str, Any]:
    from tendik.consultations.services.answers import initial_state

    return {
        "sheet_title": title,
        "recs": list(recs),
        "today": timezone.localdate(),
        "initial_state": initial_state(),
        "doc_title": _("What became of your recommendations"),
        "body_template": "consultations/documents/_feedback.html",
    }


def feedback_pdf(*, name: str, title: str, recs: Any, lang: str) -> GeneratedFile:
    lang = _lang(lang)
    with translation.override(lang):
        ctx = feedback_context(title=title, recs=recs)
        return GeneratedFile(
            f"feedback-{name}-{lang}.pdf",
            PDF,
            pdf_from_template("consultations/documents/pdf.html", {**ctx, "lang": lang}),
        )
