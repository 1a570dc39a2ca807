"""Resolution, consolidated report and feedback sheets: HTML for print, PDF and Word downloads."""

from __future__ import annotations

import json
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from tendik.accounts.permissions import has_perm
from tendik.accounts.roles import Perm
from tendik.consultations import selectors
from tendik.consultations.documents import build
from tendik.consultations.views.common import doc_lang, file_response, signed_in
from tendik.geography.models import MUNICIPAL_LEVELS, AdministrativeUnit


def _page(request: HttpRequest, ctx: dict[str, Any], *, kind: str, lang: str) -> HttpResponse:
    """The document's body in its own language inside a page in the user's language."""
    with translation.override(lang):
        body = render_to_string(ctx["body_template"], ctx, request=request)
    return render(
        request,
        "consultations/document.html",
        {
            "body_html": mark_safe(body),  # noqa: S308 — rendered by our own autoescaping template
            "doc_title": ctx["doc_title"],
            "kind": kind,
            "lang": lang,
            "query": request.GET.urlencode(),
            "job_params": ctx.get("job_params"),
        },
    )


def _fmt(request: HttpRequest, allowed: tuple[str, ...]) -> str:
    fmt = request.GET.get("format", "html")
    return fmt if fmt in allowed else "html"


@signed_in()
def resolution(request: HttpRequest, code: str) -> HttpResponse:
    series = get_object_or_404(selectors.series_list(request.user), code=code)
    meeting = None
    if request.GET.get("meeting"):
        meeting = get_object_or_404(selectors.meetings(request.user).filter(series=series), code=request.GET["meeting"])
    plan_code, lang, fmt = request.GET.get("plan", ""), doc_lang(request), _fmt(request, ("pdf", "docx"))
    if fmt != "html":
        return file_response(build.resolution_file(series, fmt=fmt, lang=lang, meeting=meeting, plan_code=plan_code))
    with translation.override(lang):
        ctx = build.resolution_context(series, meeting=meeting, plan_code=plan_code)
    return _page(request, ctx, kind="resolution", lang=lang)


@signed_in()
def report(request: HttpRequest, code: str) -> HttpResponse:
    series = get_object_or_404(selectors.series_list(request.user), code=code)
    lang, fmt = doc_lang(request), _fmt(request, ("pdf", "docx"))
    if fmt != "html":
        return file_response(build.report_file(series, fmt=fmt, lang=lang))
    with translation.override(lang):
        ctx = build.report_context(series)
    ctx["job_params"] = json.dumps({"series": series.code, "lang": lang})
    return _page(request, ctx, kind="report", lang=lang)


@signed_in()
def feedback_meeting(request: HttpRequest, code: str) -> HttpResponse:
    """A printable sheet for the participants of a meeting: each recommendation with its published answer."""
    meeting = get_object_or_404(selectors.meetings(request.user), code=code)
    lang, fmt = doc_lang(request), _fmt(request, ("pdf",))
    recs = selectors.feedback_for_meeting(meeting)
    with translation.override(lang):
        title = f"{meeting.title} — {meeting.place.name}"
        if fmt == "pdf":
            return file_response(build.feedback_pdf(name=meeting.code, title=title, recs=recs, lang=lang))
        ctx = build.feedback_context(title=title, recs=recs)
    return _page(request, ctx, kind="feedback", lang=lang)


@signed_in()
def feedback_municipality(request: HttpRequest, code: str) -> HttpResponse:
    """A printable sheet for a municipality (for participants without e-mail): recommendations relevant to it."""
    unit = get_object_or_404(AdministrativeUnit, code=code, level__in=MUNICIPAL_LEVELS)
    if not has_perm(request.user, Perm.CONSULTATIONS_VIEW, unit=unit):
        raise Http404
    lang, fmt = doc_lang(request), _fmt(request, ("pdf",))
    recs = selectors.feedback_for_municipality(unit)
    with translation.override(lang):
        if fmt == "pdf":
            return file_response(build.feedback_pdf(name=unit.code, title=unit.name, recs=recs, lang=lang))
        ctx = build.feedback_context(title=unit.name, recs=recs)
    return _page(request, ctx, kind="feedback", lang=lang)


@signed_in()
def feedback_municipality_pick(request: HttpRequest) -> HttpResponse:
    """The municipality chooser on the meeting page submits here (GET ?unit=<SOATE code>)."""
    from django.shortcuts import redirect

    return redirect("consultations:feedback_municipality", code=request.GET.get("unit", "") or "-")
