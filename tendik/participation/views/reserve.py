"""Cadre reserve pages: search, profile (every opening logged), add / edit / erase, shortlists, areas, figures."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tendik.accounts.permissions import has_perm, is_national, require
from tendik.accounts.roles import Perm
from tendik.geography.models import AdministrativeUnit
from tendik.participation.forms.reserve import (
    AreaForm,
    CandidateForm,
    EnrolForm,
    PersonForm,
    ReserveSearchForm,
    ShortlistForm,
    ShortlistStatusForm,
)
from tendik.participation.models.reserve import AgeGroup, ExpertiseArea, Sex, ShortlistStatus
from tendik.participation.selectors import reserve as sel
from tendik.participation.selectors import trainings as training_sel
from tendik.participation.services import reserve as services
from tendik.participation.services import trainings as training_services
from tendik.participation.views import common

PAGE_SIZE = 25
FORM_TEMPLATE = "participation/reserve/form.html"


def form_page(
    request: HttpRequest,
    form: BaseForm,
    on_valid: Callable[[dict[str, Any]], Any],
    *,
    title: str,
    back: str,
    intro: str = "",
    submit: str = "",
) -> HttpResponse:
    return common.form_page(
        request, form, on_valid, title=title, back=back, intro=intro, submit=submit, template=FORM_TEMPLATE
    )


def _require_view(request: HttpRequest) -> None:
    require(request.user, Perm.RESERVE_VIEW)


def search_filters(request: HttpRequest) -> tuple[ReserveSearchForm, sel.ReserveFilters]:
    """The search form bound to the query string, and the filters it gives (none when invalid)."""
    form = ReserveSearchForm(request.GET or None, user=request.user)
    if not (form.is_bound and form.is_valid()):
        return form, sel.ReserveFilters()
    d = form.cleaned_data
    return form, sel.ReserveFilters(
        territory=d["territory"],
        area=d["area"],
        programme=d["programme"],
        youth_leader={"yes": True, "no": False}.get(d["youth_leader"]),
        sex=d["sex"],
        language=d["language"],
    )


@login_required
def reserve_index(request: HttpRequest) -> HttpResponse:
    """Search the reserve. Results show initials, territory, areas and trainings; contacts only on the profile."""
    _require_view(request)
    form, filters = search_filters(request)
    people = sel.people_search(user=request.user, filters=filters)
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "participation/reserve/index.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_edit": has_perm(request.user, Perm.RESERVE_EDIT),
        },
    )


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_view(request)
    person = sel.person_open(user=request.user, pk=pk)
    can_edit = has_perm(request.user, Perm.RESERVE_EDIT, unit=person.territory)
    enrol = None
    if has_perm(request.user, Perm.TRAININGS_MANAGE):
        sessions = training_sel.sessions_manageable(user=request.user).exclude(participants__person=person)
        enrol = EnrolForm(sessions=sessions)
    return render(
        request,
        "participation/reserve/person.html",
        {
            "person": person,
            "areas": list(person.areas.all()),
            "trainings": list(sel.person_trainings(person=person)),
            "shortlists": list(sel.person_shortlists(person=person)),
            "can_edit": can_edit,
            "enrol": enrol,
        },
    )


@login_required
def person_add(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.RESERVE_EDIT)
    form = PersonForm(request.POST or None, user=request.user)

    def save(d: dict[str, Any]) -> str:
        person = services.person_create(actor=request.user, **form.changes())
        return reverse("participation:reserve_person", args=[person.pk])

    return form_page(
        request,
        form,
        save,
        title=_("Add a person to the reserve"),
        back=reverse("participation:reserve"),
        intro=_("Record what the person consented to first: fields without consent must stay empty."),
    )


@login_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Perm.RESERVE_EDIT)
    person = sel.person_open(user=request.user, pk=pk, purpose="reserve.profile.edit")
    require(request.user, Perm.RESERVE_EDIT, unit=person.territory)
    form = PersonForm(request.POST or None, user=request.user, person=person)

    def save(d: dict[str, Any]) -> str:
        services.person_update(person=person, actor=request.user, version=form.submitted_version, **form.changes())
        return reverse("participation:reserve_person", args=[person.pk])

    back = reverse("participation:reserve_person", args=[person.pk])
    return form_page(request, form, save, title=_("Profile %(code)s") % {"code": person.code}, back=back)


@login_required
def person_erase(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove a person on request: a confirmation page, then the erasure (only anonymous counts stay)."""
    require(request.user, Perm.RESERVE_EDIT)
    person = get_object_or_404(sel.people_for(request.user), pk=pk)
    require(request.user, Perm.RESERVE_EDIT, unit=person.territory)
    if request.method == "POST":
        services.reserve_person_erase(person=person, actor=request.user)
        messages.success(request, _("The person was removed from the reserve; only anonymous counts remain."))
        return redirect("participation:reserve")
    return render(request, "participation/reserve/erase.html", {"person": person})


@login_required
@require_POST
def person_enrol(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Perm.TRAININGS_MANAGE)
    person = get_object_or_404(sel.people_for(request.user), pk=pk)
    form = EnrolForm(request.POST, sessions=training_sel.sessions_manageable(user=request.user))
    if form.is_valid():
        try:
            training_services.participant_add(
                actor=request.user,
                session=form.cleaned_data["session"],
                person=person,
                language=form.cleaned_data["language"],
            )
            messages.success(request, _("Saved."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("Choose a session."))
    return redirect("participation:reserve_person", pk=person.pk)


@login_required
def shortlists(request: HttpRequest) -> HttpResponse:
    _require_view(request)
    rows = sel.shortlists_for(request.user)
    return render(
        request,
        "participation/reserve/shortlists.html",
        {"shortlists": rows, "can_edit": has_perm(request.user, Perm.RESERVE_EDIT)},
    )


@login_required
def shortlist_add(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.RESERVE_EDIT)
    form = ShortlistForm(request.POST or None, user=request.user)

    def save(d: dict[str, Any]) -> str:
        shortlist = services.shortlist_create(actor=request.user, **d)
        return reverse("participation:reserve_shortlist", args=[shortlist.pk])

    return form_page(
        request, form, save, title=_("New shortlist for a vacancy"), back=reverse("participation:reserve_shortlists")
    )


@login_required
def shortlist_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_view(request)
    shortlist = get_object_or_404(sel.shortlists_for(request.user), pk=pk)
    can_edit = has_perm(request.user, Perm.RESERVE_EDIT, unit=shortlist.territory)
    form = CandidateForm(request.POST or None)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            person = sel.people_for(request.user).filter(code=form.cleaned_data["code"].strip().upper()).first()
            if person is None:
                form.add_error("code", _("No person with this code in your part of the reserve."))
            else:
                try:
                    services.shortlist_add(
                        shortlist=shortlist, person=person, actor=request.user, note=form.cleaned_data["note"]
                    )
                except ValidationError as exc:
                    form.add_error(None, exc.messages)
                else:
                    messages.success(request, _("Saved."))
                    return redirect("participation:reserve_shortlist", pk=shortlist.pk)
    entries = list(sel.shortlist_entries(shortlist=shortlist))
    return render(
        request,
        "participation/reserve/shortlist.html",
        {
            "shortlist": shortlist,
            "entries": entries,
            "form": form,
            "can_edit": can_edit,
            "status_form": ShortlistStatusForm(initial={"status": shortlist.status}),
            "next_states": [
                (s, ShortlistStatus(s).label) for s in sorted(services.SHORTLIST_TRANSITIONS[shortlist.status])
            ],
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def shortlist_status(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Perm.RESERVE_EDIT)
    shortlist = get_object_or_404(sel.shortlists_for(request.user), pk=pk)
    form = ShortlistStatusForm(request.POST)
    if form.is_valid():
        try:
            services.shortlist_set_status(shortlist=shortlist, actor=request.user, status=form.cleaned_data["status"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return redirect("participation:reserve_shortlist", pk=shortlist.pk)


@login_required
@require_POST
def shortlist_entry_remove(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    require(request.user, Perm.RESERVE_EDIT)
    shortlist = get_object_or_404(sel.shortlists_for(request.user), pk=pk)
    entry = get_object_or_404(shortlist.entries.all(), pk=entry_pk)
    services.shortlist_remove(entry=entry, actor=request.user)
    return redirect("participation:reserve_shortlist", pk=shortlist.pk)


@login_required
def areas(request: HttpRequest) -> HttpResponse:
    _require_view(request)
    return render(
        request,
        "participation/reserve/areas.html",
        {"areas": ExpertiseArea.objects.all(), "can_edit": is_national(request.user, Perm.RESERVE_EDIT)},
    )


@login_required
def area_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if not is_national(request.user, Perm.RESERVE_EDIT):
        raise PermissionDenied
    area = get_object_or_404(ExpertiseArea, pk=pk) if pk else None
    form = AreaForm(request.POST or None, instance=area)

    def save(d: dict[str, Any]) -> str:
        services.area_save(actor=request.user, area=area, **d)
        return reverse("participation:reserve_areas")

    title = _("Area of expertise") if area else _("New area of expertise")
    return form_page(request, form, save, title=title, back=reverse("participation:reserve_areas"))


@login_required
def reserve_figures(request: HttpRequest) -> HttpResponse:
    """Anonymous counts of the reserve in scope (including people erased on request), for any participation role."""
    require(request.user, Perm.PARTICIPATION_VIEW)
    counts = sel.reserve_counts(user=request.user)
    units = AdministrativeUnit.objects.in_bulk({c.territory_id for c in counts})
    rows: dict[int, dict[str, Any]] = {}
    by_age = dict.fromkeys(AgeGroup.values, 0)
    for c in counts:
        unit = units[c.territory_id]
        row = rows.setdefault(unit.pk, {"unit": unit, "women": 0, "men": 0, "youth": 0, "total": 0})
        row["women" if c.sex == Sex.FEMALE else "men"] += c.people
        row["youth"] += c.people if c.is_youth_leader else 0
        row["total"] += c.people
        by_age[c.age_group] += c.people
    table = sorted(rows.values(), key=lambda r: r["unit"].path)
    totals = {k: sum(r[k] for r in table) for k in ("women", "men", "youth", "total")}
    return render(
        request,
        "participation/reserve/figures.html",
        {
            "rows": table,
            "totals": totals,
            "by_age": [(AgeGroup(k).label, v) for k, v in by_age.items()],
            "can_search": has_perm(request.user, Perm.RESERVE_VIEW),
        },
    )
