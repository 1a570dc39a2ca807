"""Recommendations: list, record and edit (with similar ones shown while typing), merge, answer, publish."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tendik.accounts.permissions import has_perm
from tendik.accounts.roles import Perm
from tendik.consultations import figures, selectors
from tendik.consultations import permissions as cperm
from tendik.consultations.extensions import recommendation_panels
from tendik.consultations.forms import AnswerForm, FilterForm, MergeForm, RecommendationForm
from tendik.consultations.models import ConsultationSeries, Recommendation
from tendik.consultations.services import answers as answer_services
from tendik.consultations.services import recommendations as rec_services
from tendik.consultations.views.common import form_errors_from, signed_in
from tendik.core.concurrency import StaleVersion
from tendik.core.params import id_param


@signed_in()
def recommendation_list(request: HttpRequest) -> HttpResponse:
    form = FilterForm(request.GET or None)
    filters = form.filters()
    if request.GET.get("series"):
        filters["series"] = request.GET["series"]
    if request.GET.get("unpublished"):
        filters["unpublished"] = True
    qs = selectors.recommendations(request.user, filters).order_by("series", "order", "id")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    counts = figures.state_theme_counts(qs)
    return render(
        request,
        "consultations/recommendation_list.html",
        {
            "form": form,
            "page": page,
            "can_answer": has_perm(request.user, Perm.CONSULTATIONS_ANSWER),
            "can_manage": has_perm(request.user, Perm.CONSULTATIONS_MANAGE),
            "query": request.GET.urlencode(),
            "status_chart": figures.status_chart(counts) if counts.total else None,
            "theme_chart": figures.theme_chart(counts) if counts.total else None,
        },
    )


def _visible(request: HttpRequest, code: str) -> Recommendation:
    visible = Recommendation.objects.filter(cperm.recommendation_q(request.user)).values("pk")
    return get_object_or_404(
        Recommendation.objects.filter(pk__in=visible).select_related(
            "series", "meeting__place", "merged_into", "current_answer__state", "published_answer__state"
        ),
        code=code,
    )


@signed_in()
def recommendation_detail(request: HttpRequest, code: str) -> HttpResponse:
    rec = _visible(request, code)
    if rec.merged_into is not None:
        messages.info(request, _("This recommendation was merged into %(code)s.") % {"code": rec.merged_into.code})
    from tendik.plans.models import Measure

    return render(
        request,
        "consultations/recommendation_detail.html",
        {
            "rec": rec,
            "regions": rec.regions.all(),
            "plans": rec.plans.all(),
            "goals": rec.goals.select_related("plan"),
            "measures": Measure.objects.filter(pk__in=rec.measures.values("pk")).select_related("plan", "goal"),
            "answers": rec.answers.select_related("state", "answering_body", "implementing_measure", "answered_by"),
            "events": selectors.timeline(rec),
            "duplicates": rec.duplicates.all(),
            "can_manage": cperm.can_manage_recommendation(request.user, rec),
            "can_answer": cperm.can_answer_recommendation(request.user, rec),
            "merge_form": MergeForm(),
            "panels": recommendation_panels(request.user, rec),
        },
    )


def _form_meetings(request: HttpRequest, series: ConsultationSeries) -> object:
    return selectors.meetings(request.user, Perm.CONSULTATIONS_MANAGE).filter(series=series)


@signed_in(Perm.CONSULTATIONS_MANAGE)
def recommendation_form(request: HttpRequest, code: str | None = None) -> HttpResponse:
    rec = None
    if code:
        rec = _visible(request, code)
        cperm.require_manage_recommendation(request.user, rec)
        series = rec.series
    else:
        series = get_object_or_404(ConsultationSeries, code=request.GET.get("series") or request.POST.get("series", ""))
    initial: dict[str, object] = {
        "meeting": request.GET.get("meeting")
        and selectors.meetings(request.user).filter(code=request.GET["meeting"]).first()
    }
    if rec is not None:
        initial = {f: getattr(rec, f) for f in ("text_ru", "text_ky", "text_en", "meeting", "scope", "theme", "level")}
        initial |= {"regions": rec.regions.all(), "plans": rec.plans.all(), "measures": rec.measures.all()}
    form = RecommendationForm(
        request.POST or None, initial=initial, meetings=_form_meetings(request, series), versioned=rec
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        d = form.changes()
        if d["meeting"] is not None:
            allowed = cperm.can_manage_meeting(request.user, d["meeting"])
        elif cperm.can_manage_series(request.user):
            allowed = True
        else:
            allowed = (
                d["scope"] == "regional"
                and bool(d["regions"])
                and all(has_perm(request.user, Perm.CONSULTATIONS_MANAGE, unit=u) for u in d["regions"])
            )
        if not allowed:
            raise PermissionDenied
        try:
            if rec is None:
                rec = rec_services.recommendation_create(series=series, actor=request.user, **d)
            else:
                rec_services.recommendation_update(
                    recommendation=rec, actor=request.user, version=form.submitted_version, **d
                )
        except StaleVersion as exc:
            form.stale(exc)
            status = 409
        except ValidationError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("Saved."))
            return redirect("consultations:recommendation", code=rec.code)
    return render(
        request,
        "consultations/recommendation_form.html",
        {"form": form, "rec": rec, "series": series},
        status=status,
    )


@require_GET
@signed_in(Perm.CONSULTATIONS_MANAGE)
def similar(request: HttpRequest) -> HttpResponse:
    """HTMX: existing recommendations like the one being typed (Russian or Kyrgyz, stemmed)."""
    text = " ".join(request.GET.get(k, "") for k in ("text_ru", "text_ky", "text")).strip()
    exclude = request.GET.get("exclude")
    found = selectors.similar(request.user, text, exclude=id_param(exclude))
    return render(request, "consultations/_similar.html", {"found": found, "text": text})


@require_POST
@signed_in(Perm.CONSULTATIONS_MANAGE)
def recommendation_merge(request: HttpRequest, code: str) -> HttpResponse:
    target = _visible(request, code)
    cperm.require_manage_recommendation(request.user, target)
    form = MergeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the codes of the duplicates."))
        return redirect("consultations:recommendation", code=code)
    dups = list(selectors.recommendations(request.user).filter(code__in=form.codes()))
    missing = set(form.codes()) - {d.code for d in dups}
    if missing or any(not cperm.can_manage_recommendation(request.user, d) for d in dups):
        messages.error(
            request,
            _("Not found or not yours to merge: %(codes)s")
            % {"codes": ", ".join(sorted(missing)) or ", ".join(d.code for d in dups)},
        )
        return redirect("consultations:recommendation", code=code)
    try:
        rec_services.recommendation_merge(target=target, duplicates=dups, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Merged."))
    return redirect("consultations:recommendation", code=code)


@signed_in(Perm.CONSULTATIONS_ANSWER)
def answer_form(request: HttpRequest, code: str) -> HttpResponse:
    rec = _visible(request, code)
    cperm.require_answer(request.user, rec)
    states = answer_services.allowed_states(rec)
    initial: dict[str, Any] = {}
    a = rec.current_answer
    if a is not None:
        initial = {
            "state": a.state,
            "text_ru": a.text_ru,
            "text_ky": a.text_ky,
            "text_en": a.text_en,
            "answering_body": a.answering_body,
            "implementing_measure": a.implementing_measure,
        }
    form = AnswerForm(request.POST or None, initial=initial, states=states, versioned=rec)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            answer_services.recommendation_answer(
                recommendation=rec, actor=request.user, version=form.submitted_version, **form.changes()
            )
        except StaleVersion as exc:
            form.stale(exc)
            status = 409
        except ValidationError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("The answer is saved. It becomes public when it is published."))
            return redirect("consultations:recommendation", code=rec.code)
    return render(
        request, "consultations/form.html", {"form": form, "title": _("Official answer"), "rec": rec}, status=status
    )


@require_POST
@signed_in(Perm.CONSULTATIONS_ANSWER)
def publish(request: HttpRequest) -> HttpResponse:
    """Publish the prepared answers of the selected recommendations together."""
    codes = request.POST.getlist("codes")
    recs = [
        r
        for r in selectors.recommendations(request.user, perm=Perm.CONSULTATIONS_ANSWER).filter(code__in=codes)
        if cperm.can_answer_recommendation(request.user, r)
    ]
    published = answer_services.answers_publish(recommendations=recs, actor=request.user)
    if published:
        messages.success(request, _("%(n)s answers published.") % {"n": len(published)})
    else:
        messages.warning(request, _("Nothing to publish: choose recommendations with a new answer."))
    back = request.POST.get("next") or ""
    return redirect(back if back.startswith("/consultations/") else "consultations:recommendations")
