"""Pages of dialogue-group monitoring: visits and their scorecards, groups, the ministry's rating scale."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tendik.accounts.permissions import has_perm, scope_paths
from tendik.accounts.roles import Perm
from tendik.core.concurrency import StaleVersion
from tendik.core.params import id_param
from tendik.core.uploads import stream_private_file
from tendik.participation.forms import monitoring as f
from tendik.participation.models import MonitoringVisit, RatingScale, VisitStatus
from tendik.participation.selectors import monitoring as sel
from tendik.participation.services import monitoring as svc

PAGE_SIZE = 25


def signed_in(perm: Perm = Perm.PARTICIPATION_VIEW) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Anonymous → sign-in page; signed in without `perm` anywhere → 403. Scope is checked by the view."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_perm(request.user, perm):
                raise PermissionDenied(perm.value)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def _errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _form_page(
    request: HttpRequest, form: Any, *, title: str, back: str, status: int | None = None, **extra: Any
) -> Any:
    return render(
        request,
        "participation/monitoring/form.html",
        {"form": form, "title": title, "back": back, **extra},
        status=status or (400 if request.method == "POST" else 200),
    )


# --- visits -----------------------------------------------------------------------------------------------------


@signed_in()
def home(request: HttpRequest) -> HttpResponse:
    """Visits the user may see (newest first), filtered by status and group; links to groups and the scale."""
    visits = sel.visits_for(request.user)
    status = request.GET.get("status", "")
    if status in VisitStatus.values:
        visits = visits.filter(status=status)
    group = request.GET.get("group", "")
    if group_id := id_param(group):
        visits = visits.filter(group_id=group_id)
    page = Paginator(visits, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "participation/monitoring/home.html",
        {
            "page": page,
            "query_string": params.urlencode(),
            "groups": sel.groups_for(request.user),
            "statuses": VisitStatus.choices,
            "status": status,
            "group": group,
            "can_write": has_perm(request.user, Perm.VISITS_WRITE),
            "can_manage_scales": sel.can_manage_scales(request.user),
        },
    )


@signed_in(Perm.VISITS_WRITE)
def visit_new(request: HttpRequest) -> HttpResponse:
    municipalities = sel.municipalities_with_plans(request.user)
    paths = scope_paths(request.user, Perm.VISITS_WRITE)
    from tendik.participation.models import DialogueGroup

    groups = DialogueGroup.objects.filter(is_active=True).select_related("territory")
    if paths is not None:
        from django.db.models import Q

        q = Q(pk__in=[])
        for p in paths:
            q |= Q(territory__path__startswith=p) | Q(territory__path__in=sel._ancestor_paths(p))
        groups = groups.filter(q)
    form = f.VisitStartForm(request.POST or None, municipalities=municipalities, groups=groups)
    if not request.POST:
        form.fields["language"].initial = (request.LANGUAGE_CODE or "ru")[:2]
    if request.method == "POST" and form.is_valid():
        try:
            visit = svc.visit_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("The visit is saved as a draft. Now choose the measures you checked."))
            return redirect("participation:visit", visit.pk)
    return _form_page(
        request,
        form,
        title=_("New monitoring visit"),
        back=_url("participation:monitoring"),
        intro=_("Only municipalities with a local plan are listed: the scorecard rates the plan's measures."),
    )


def _url(name: str, *args: Any) -> str:
    from django.urls import reverse

    return reverse(name, args=args)


def _visit_context(request: HttpRequest, visit: MonitoringVisit) -> dict[str, Any]:
    user = request.user
    cards = sel.visit_cards(visit)
    can_write = visit.is_draft and sel.can_write_visit(user, municipality=visit.municipality)
    can_names = sel.can_see_names(user, visit.group)
    ctx: dict[str, Any] = {
        "visit": visit,
        "cards": cards,
        "can_write": can_write,
        "can_names": can_names,
        "monitors": list(visit.monitors.all()) if can_names else [],
    }
    if can_write:
        ctx["measures_form"] = f.VisitMeasuresForm(
            initial={"measures": [c.local_measure_id for c in cards], "monitors": [m.pk for m in ctx["monitors"]]},
            measures=sel.local_measures_of(visit.municipality),
            members=sel.members_of(visit.group).filter(left_on__isnull=True),
        )
        ctx["cards_form"] = f.ScorecardsForm(cards=cards, levels=list(visit.scale.levels.all()))
        ctx["photos_form"] = f.PhotosForm()
    if not visit.is_draft and has_perm(user, Perm.CONSULTATIONS_MANAGE, unit=visit.municipality):
        from tendik.consultations.selectors import series_list

        series = series_list(user).order_by("-start_date", "code")
        ctx["recommend_form"] = f.RecommendForm(series=series)
        ctx["can_recommend"] = series.exists()
    return ctx


@signed_in()
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    visit = sel.visit_get(request.user, pk)
    return render(request, "participation/monitoring/visit.html", _visit_context(request, visit))


def _writable(request: HttpRequest, pk: int) -> MonitoringVisit:
    visit = sel.visit_get(request.user, pk)
    if not sel.can_write_visit(request.user, municipality=visit.municipality):
        raise PermissionDenied(Perm.VISITS_WRITE.value)
    return visit


@signed_in(Perm.VISITS_WRITE)
def visit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _writable(request, pk)
    if not visit.is_draft:
        messages.error(request, _("This visit can no longer be changed: it has been submitted."))
        return redirect("participation:visit", visit.pk)
    initial = {
        "group": visit.group,
        "visited_on": visit.visited_on,
        "summary": visit.summary,
        "language": visit.language,
    }
    form = f.VisitEditForm(
        request.POST or None,
        initial=initial,
        groups=sel.groups_for_municipality(request.user, visit.municipality),
        versioned=visit,
    )
    status = None
    if request.method == "POST" and form.is_valid():
        try:
            svc.visit_update(actor=request.user, visit=visit, version=form.submitted_version, **form.changes())
        except StaleVersion as exc:
            form.stale(exc)
            status = 409
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("participation:visit", visit.pk)
    title, back = _("Edit the visit"), _url("participation:visit", visit.pk)
    return _form_page(request, form, title=title, back=back, status=status)


def _post_visit(
    request: HttpRequest, pk: int, action: Callable[[MonitoringVisit], Any], done: str, *, query: str = ""
) -> HttpResponse:
    visit = _writable(request, pk)
    try:
        action(visit)
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
        return render(request, "participation/monitoring/visit.html", _visit_context(request, visit), status=400)
    messages.success(request, done)
    return redirect(_url("participation:visit", visit.pk) + query)


@require_POST
@signed_in(Perm.VISITS_WRITE)
def visit_measures(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _writable(request, pk)
    form = f.VisitMeasuresForm(
        request.POST,
        measures=sel.local_measures_of(visit.municipality),
        members=sel.members_of(visit.group).filter(left_on__isnull=True),
    )
    if not form.is_valid():
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, str(e))
        return render(request, "participation/monitoring/visit.html", _visit_context(request, visit), status=400)
    return _post_visit(
        request,
        pk,
        lambda v: svc.visit_set_measures(actor=request.user, visit=v, **form.cleaned_data),
        _("The measures checked are saved."),
    )


@require_POST
@signed_in(Perm.VISITS_WRITE)
def visit_cards(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _writable(request, pk)
    form = f.ScorecardsForm(request.POST, cards=sel.visit_cards(visit), levels=list(visit.scale.levels.all()))
    if not form.is_valid():
        raise Http404

    def save(v: MonitoringVisit) -> None:
        stale = []
        for card, level, findings, recommendations, version in form.values():
            try:
                with transaction.atomic():
                    svc.scorecard_update(
                        actor=request.user,
                        card=card,
                        level=level,
                        findings=findings,
                        recommendations=recommendations,
                        version=version,
                    )
            except StaleVersion as exc:
                stale.append((card, exc))
        if stale:
            raise _StaleCards(stale)
        if request.POST.get("then") == "submit":
            svc.visit_submit(actor=request.user, visit=v)

    done = _("The visit is submitted.") if request.POST.get("then") == "submit" else _("The scorecard is saved.")
    try:
        # All cards or none: a card someone else saved meanwhile refuses the whole save and shows the difference.
        with transaction.atomic():
            # ?saved=scorecard tells the page's draft mechanism that the notes reached the server (core/tendik.js).
            return _post_visit(request, pk, save, done, query="?saved=scorecard")
    except _StaleCards as stale:
        for card, exc in stale.cards:
            form.stale(card, exc)
        ctx = _visit_context(request, visit)
        ctx["cards_form"] = form
        return render(request, "participation/monitoring/visit.html", ctx, status=409)


class _StaleCards(Exception):  # noqa: N818
    def __init__(self, cards: list[tuple[Any, StaleVersion]]) -> None:
        super().__init__("stale scorecards")
        self.cards = cards


@require_POST
@signed_in(Perm.VISITS_WRITE)
def visit_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _post_visit(
        request, pk, lambda v: svc.visit_submit(actor=request.user, visit=v), _("The visit is submitted.")
    )


@require_POST
@signed_in(Perm.VISITS_WRITE)
def visit_discard(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _writable(request, pk)
    try:
        svc.visit_discard(actor=request.user, visit=visit)
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
        return redirect("participation:visit", visit.pk)
    messages.success(request, _("The draft is deleted."))
    return redirect("participation:monitoring")


@require_POST
@signed_in(Perm.CONSULTATIONS_MANAGE)
def card_recommend(request: HttpRequest, pk: int) -> HttpResponse:
    card = sel.card_get(request.user, pk)
    if not sel.can_recommend(request.user, card):
        raise PermissionDenied(Perm.CONSULTATIONS_MANAGE.value)
    from tendik.consultations.selectors import series_list

    form = f.RecommendForm(request.POST, series=series_list(request.user))
    if not form.is_valid():
        messages.error(request, _("Choose a consultation series."))
        return redirect("participation:visit", card.visit_id)
    try:
        rec = svc.finding_recommend(actor=request.user, card=card, series=form.cleaned_data["series"])
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
        return redirect("participation:visit", card.visit_id)
    messages.success(request, _("The finding is now recommendation %(code)s.") % {"code": rec.code})
    return redirect("consultations:recommendation", rec.code)


# --- groups -----------------------------------------------------------------------------------------------------


@signed_in()
def groups(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "participation/monitoring/groups.html",
        {"groups": sel.groups_for(request.user), "can_manage": has_perm(request.user, Perm.MONITORING_MANAGE)},
    )


@signed_in()
def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    group = sel.group_get(request.user, pk)
    can_names = sel.can_see_names(request.user, group)
    visits = sel.visits_for(request.user).filter(group=group)[:PAGE_SIZE]
    return render(
        request,
        "participation/monitoring/group.html",
        {
            "group": group,
            "members": list(sel.members_of(group)) if can_names else None,
            "visits": visits,
            "can_manage": sel.can_manage_group(request.user, group),
        },
    )


def _territories(user: Any) -> Any:
    from tendik.geography.models import AdministrativeUnit

    qs = AdministrativeUnit.objects.current().filter(level__in=["oblast", "rayon", "city"])
    paths = scope_paths(user, Perm.MONITORING_MANAGE)
    if paths is None:
        return qs
    from django.db.models import Q

    q = Q(pk__in=[])
    for p in paths:
        q |= Q(path__startswith=p)
    return qs.filter(q)


@signed_in(Perm.MONITORING_MANAGE)
def group_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    group = sel.group_get(request.user, pk) if pk else None
    if group is not None and not sel.can_manage_group(request.user, group):
        raise PermissionDenied(Perm.MONITORING_MANAGE.value)
    initial = {}
    if group is not None:
        initial = {
            k: getattr(group, k) for k in ("name_ru", "name_ky", "name_en", "territory", "founded_on", "is_active")
        }
    form = f.GroupForm(request.POST or None, initial=initial, territories=_territories(request.user), versioned=group)
    status = None
    if request.method == "POST" and form.is_valid():
        try:
            group = svc.group_save(actor=request.user, group=group, version=form.submitted_version, **form.changes())
        except StaleVersion as exc:
            form.stale(exc)
            status = 409
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("participation:group", group.pk)
    back = _url("participation:group", group.pk) if group else _url("participation:groups")
    return _form_page(request, form, title=_("Dialogue group"), back=back, status=status)


@signed_in(Perm.MONITORING_MANAGE)
def member_form(request: HttpRequest, group_pk: int, pk: int | None = None) -> HttpResponse:
    group = sel.group_get(request.user, group_pk)
    if not sel.can_manage_group(request.user, group):
        raise PermissionDenied(Perm.MONITORING_MANAGE.value)
    member = get_object_or_404(group.members.all(), pk=pk) if pk else None
    initial: dict[str, Any] = {}
    if member is not None:
        initial = {k: getattr(member, k) for k in ("full_name", "role", "occupation", "joined_on", "left_on")}
        initial["username"] = member.user.username if member.user else ""
    form = f.MemberForm(request.POST or None, initial=initial, versioned=member)
    status = None
    if request.method == "POST" and form.is_valid():
        data = form.changes()
        data["user"] = data.pop("username")
        try:
            svc.member_save(actor=request.user, group=group, member=member, version=form.submitted_version, **data)
        except StaleVersion as exc:
            form.stale(exc)
            status = 409
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("participation:group", group.pk)
    back = _url("participation:group", group.pk)
    return _form_page(request, form, title=_("Group member"), back=back, status=status)


# --- the rating scale -------------------------------------------------------------------------------------------


@signed_in()
def scales(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "participation/monitoring/scales.html",
        {"scales": sel.scales(), "can_manage": sel.can_manage_scales(request.user)},
    )


@signed_in(Perm.MONITORING_MANAGE)
def scale_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if not sel.can_manage_scales(request.user):
        raise PermissionDenied(Perm.MONITORING_MANAGE.value)
    scale = get_object_or_404(RatingScale, pk=pk) if pk else None
    initial = {}
    levels: list[Any] = []
    if scale is not None:
        initial = {k: getattr(scale, k) for k in ("name_ru", "name_ky", "name_en", "is_current")}
        levels = list(scale.levels.order_by("-score"))
    form = f.ScaleForm(request.POST or None, initial=initial, levels=levels, versioned=scale)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        try:
            svc.scale_save(
                actor=request.user,
                scale=scale,
                name_ru=form.cleaned_data["name_ru"],
                name_ky=form.cleaned_data["name_ky"],
                name_en=form.cleaned_data["name_en"],
                is_current=form.cleaned_data["is_current"],
                levels=form.levels(),
                version=form.submitted_version,
            )
        except StaleVersion as exc:
            form.stale(exc)
            status = 409
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("participation:scales")
    return render(request, "participation/monitoring/scale_form.html", {"form": form, "scale": scale}, status=status)


# --- evidence photos --------------------------------------------------------------------------------------------


@require_POST
@signed_in(Perm.VISITS_WRITE)
def card_photos(request: HttpRequest, pk: int) -> HttpResponse:
    card = sel.card_get(request.user, pk)
    _writable(request, card.visit_id)
    form = f.PhotosForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, str(e))
        return redirect(f"{_url('participation:visit', card.visit_id)}#card-{card.pk}")
    try:
        svc.photos_add(
            actor=request.user, card=card, uploads=form.cleaned_data["photos"], caption=form.cleaned_data["caption"]
        )
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    else:
        messages.success(request, _("The photos are saved."))
    return redirect(f"{_url('participation:visit', card.visit_id)}#card-{card.pk}")


@require_POST
@signed_in(Perm.VISITS_WRITE)
def photo_delete(request: HttpRequest, pk: int) -> HttpResponse:
    photo = sel.photo_get(request.user, pk)
    visit_id = photo.card.visit_id
    _writable(request, visit_id)
    try:
        svc.photo_delete(actor=request.user, photo=photo)
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    return redirect("participation:visit", visit_id)


@signed_in()
def photo_file(request: HttpRequest, pk: int) -> FileResponse:
    """The photo itself, only to those who may see its visit (never a public /media/ URL)."""
    photo = sel.photo_get(request.user, pk)
    return stream_private_file(photo, download_name=f"visit-{photo.card.visit_id}-photo-{photo.pk}")


# --- documents --------------------------------------------------------------------------------------------------


def _photo_data_url(photo: Any) -> str:
    import base64

    return f"data:{photo.content_type};base64,{base64.b64encode(photo.read_bytes()).decode()}"


def visit_report_pdf(user: Any, visit: MonitoringVisit, *, language: str | None = None) -> bytes:
    """The visit's report as PDF (the one renderer, tendik.core.pdf), photos embedded, names only for colleagues."""
    from tendik.core.pdf import render_pdf

    cards = sel.visit_cards(visit)
    can_names = sel.can_see_names(user, visit.group)
    return render_pdf(
        "participation/monitoring/visit_pdf.html",
        {
            "visit": visit,
            "levels": list(visit.scale.levels.all()),
            "monitors": list(visit.monitors.all()) if can_names else None,
            "cards": [(c, [(_photo_data_url(p), p.caption) for p in c.photos.all()]) for c in cards],
        },
        language=language,
    )


@signed_in()
def visit_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    visit = sel.visit_get(request.user, pk)
    lang = request.GET.get("lang")
    response = HttpResponse(visit_report_pdf(request.user, visit, language=lang), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="monitoring-visit-{visit.pk}.pdf"'
    return response


@signed_in()
def visits_export(request: HttpRequest) -> HttpResponse:
    """The visits the user may see, one row per checked measure, through the shared safe Excel writer."""
    from tendik.core.spreadsheets import XLSX, XlsxWriter

    book = XlsxWriter(wrap=True)
    headers = [
        _("Date of the visit"),
        _("Oblast"),
        _("Rayon"),
        _("Municipality"),
        _("Dialogue group"),
        _("Status"),
        _("Measure"),
        _("National measure"),
        _("Local-plan measure"),
        _("Rating"),
        _("Score"),
        _("Findings"),
        _("Recommendations"),
        _("Recommendation in consultations"),
    ]
    sheet = book.sheet(
        _("Monitoring visits"), headers=headers, widths=[12, 18, 18, 22, 26, 12, 8, 10, 40, 18, 6, 50, 50, 16]
    )
    cards = sel.cards_for_export(request.user, status=request.GET.get("status", ""), group=request.GET.get("group", ""))
    for c in cards.iterator(chunk_size=2000):
        v, place, m = c.visit, c.visit.municipality, c.local_measure
        rayon = place.parent
        oblast = rayon.parent if rayon is not None and rayon.parent_id else rayon
        national = m.national_measure
        sheet.append(
            [
                v.visited_on,
                oblast.name if oblast else "",
                rayon.name if rayon is not None and rayon is not oblast else "",
                place.name,
                v.group.name,
                v.get_status_display(),
                m.number,
                national.number if national else "",
                m.text,
                c.level.label if c.level else "",
                c.level.score if c.level else None,
                c.findings,
                c.recommendations,
                c.recommendation.code if c.recommendation else "",
            ]
        )
    response = HttpResponse(book.to_bytes(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="monitoring-visits.xlsx"'
    return response
