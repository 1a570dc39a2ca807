"""Trainings pages: programmes, sessions with participants and headcounts, completion, certificates."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tendik.accounts.permissions import has_perm, require
from tendik.accounts.roles import Perm
from tendik.audit.services import access_log
from tendik.core.forms import apply_errors
from tendik.participation.forms.trainings import HeadcountForm, ParticipantForm, ProgrammeForm, SessionForm
from tendik.participation.models.reserve import AgeGroup, Sex
from tendik.participation.selectors import reserve as reserve_sel
from tendik.participation.selectors import trainings as sel
from tendik.participation.services import trainings as services
from tendik.participation.services.documents import certificate_document
from tendik.participation.views.reserve import form_page


@login_required
def trainings_index(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.PARTICIPATION_VIEW)
    programmes = sel.programmes_for(request.user).order_by("-is_active", "title_ru")
    sessions = sel.sessions_list(user=request.user)[:30]
    return render(
        request,
        "participation/trainings/index.html",
        {
            "programmes": programmes,
            "sessions": sessions,
            "can_manage": has_perm(request.user, Perm.TRAININGS_MANAGE),
        },
    )


@login_required
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Perm.PARTICIPATION_VIEW)
    programme = get_object_or_404(sel.programmes_for(request.user), pk=pk)
    return render(
        request,
        "participation/trainings/programme.html",
        {
            "programme": programme,
            "sessions": sel.sessions_list(user=request.user, programme=programme),
            "can_edit": services.may_manage_programme(request.user, programme.territory),
            "can_add_session": services.may_add_session(request.user, programme),
        },
    )


@login_required
def programme_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require(request.user, Perm.TRAININGS_MANAGE)
    programme = get_object_or_404(sel.programmes_for(request.user), pk=pk) if pk else None
    if programme is not None and not services.may_manage_programme(request.user, programme.territory):
        raise PermissionDenied
    form = ProgrammeForm(request.POST or None, instance=programme, user=request.user)

    def save(d: dict[str, Any]) -> str:
        saved = services.programme_save(
            actor=request.user, programme=programme, version=form.submitted_version, **form.changes()
        )
        return reverse("participation:training_programme", args=[saved.pk])

    back = reverse("participation:training_programme", args=[pk]) if pk else reverse("participation:trainings")
    title = _("Training programme") if programme else _("New training programme")
    return form_page(request, form, save, title=title, back=back)


@login_required
def session_form(request: HttpRequest, programme_pk: int, pk: int | None = None) -> HttpResponse:
    require(request.user, Perm.TRAININGS_MANAGE)
    programme = get_object_or_404(sel.programmes_for(request.user), pk=programme_pk)
    session = sel.session_get(user=request.user, pk=pk) if pk else None
    if session is not None:
        if session.programme_id != programme.pk:
            raise Http404
        require(request.user, Perm.TRAININGS_MANAGE, unit=session.territory)
    elif not services.may_add_session(request.user, programme):
        raise PermissionDenied
    initial = {k: getattr(session, k) for k in services.SESSION_FIELDS} if session else None
    form = SessionForm(
        request.POST or None, user=request.user, initial=initial, versioned=session, within=programme.territory
    )

    def save(d: dict[str, Any]) -> str:
        saved = services.session_save(
            actor=request.user, programme=programme, session=session, version=form.submitted_version, **form.changes()
        )
        return reverse("participation:training_session", args=[saved.pk])

    back = reverse("participation:training_programme", args=[programme.pk])
    title = _("Session of “%(programme)s”") % {"programme": programme.title}
    return form_page(request, form, save, title=title, back=back)


@login_required
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A session: figures for everyone with PARTICIPATION_VIEW; participants' names only to RESERVE_VIEW holders."""
    require(request.user, Perm.PARTICIPATION_VIEW)
    session = sel.session_get(user=request.user, pk=pk)
    can_manage = sel.may_manage_session(request.user, session)
    participant_form = ParticipantForm(request.POST or None, prefix="p")
    headcount_form = HeadcountForm(request.POST or None, prefix="h")
    status = 200
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        status = 400
        if "p-code" in request.POST and participant_form.is_valid():
            code = participant_form.cleaned_data["code"].strip().upper()
            person = reserve_sel.people_for(request.user).filter(code=code).first()
            if person is None:
                participant_form.add_error("code", _("No person with this code in your part of the reserve."))
            else:
                try:
                    services.participant_add(
                        actor=request.user,
                        session=session,
                        person=person,
                        language=participant_form.cleaned_data["language"],
                    )
                except ValidationError as exc:
                    apply_errors(participant_form, exc)
                else:
                    messages.success(request, _("Saved."))
                    return redirect("participation:training_session", pk=session.pk)
        elif "h-attended" in request.POST and headcount_form.is_valid():
            try:
                services.headcount_save(actor=request.user, session=session, **headcount_form.cleaned_data)
            except ValidationError as exc:
                apply_errors(headcount_form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("participation:training_session", pk=session.pk)
    participants = list(sel.session_participants(session=session))
    for p in participants:
        show = p.person_id is not None and has_perm(request.user, Perm.RESERVE_VIEW, unit=p.territory)
        p.show_name = show  # type: ignore[attr-defined]
    totals = sel.session_totals(session=session)
    return render(
        request,
        "participation/trainings/session.html",
        {
            "session": session,
            "participants": participants,
            "headcounts": list(sel.session_headcounts(session=session)),
            "totals": totals,
            "by_sex": [(Sex(k).label, v) for k, v in totals.by_sex.items()],
            "by_age": [(AgeGroup(k).label, v) for k, v in sorted(totals.by_age.items())],
            "can_manage": can_manage,
            "participant_form": participant_form if can_manage else None,
            "headcount_form": headcount_form if can_manage else None,
        },
        status=status,
    )


def _managed_participant(request: HttpRequest, pk: int) -> Any:
    require(request.user, Perm.TRAININGS_MANAGE)
    participant = sel.participant_get(user=request.user, pk=pk)
    require(request.user, Perm.TRAININGS_MANAGE, unit=participant.session.territory)
    return participant


def _run(request: HttpRequest, action: Any) -> None:
    try:
        action()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Saved."))


@login_required
@require_POST
def participant_complete(request: HttpRequest, pk: int) -> HttpResponse:
    participant = _managed_participant(request, pk)
    done = request.POST.get("completed") == "1"
    _run(
        request,
        lambda: services.participant_complete(actor=request.user, participant=participant, completed=done),
    )
    return redirect("participation:training_session", pk=participant.session_id)


@login_required
@require_POST
def participant_remove(request: HttpRequest, pk: int) -> HttpResponse:
    participant = _managed_participant(request, pk)
    _run(request, lambda: services.participant_remove(actor=request.user, participant=participant))
    return redirect("participation:training_session", pk=participant.session_id)


@login_required
@require_POST
def headcount_remove(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Perm.TRAININGS_MANAGE)
    headcount = get_object_or_404(sel.headcounts_for(request.user), pk=pk)
    _run(request, lambda: services.headcount_remove(actor=request.user, headcount=headcount))
    return redirect("participation:training_session", pk=headcount.session_id)


@login_required
@require_POST
def certificate_issue(request: HttpRequest, pk: int) -> HttpResponse:
    participant = _managed_participant(request, pk)
    _run(request, lambda: services.certificate_issue(actor=request.user, participant=participant))
    return redirect("participation:training_session", pk=participant.session_id)


@login_required
@require_POST
def certificate_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    participant = _managed_participant(request, pk)
    certificate = getattr(participant, "certificate", None)
    if certificate is None:
        raise Http404
    _run(request, lambda: services.certificate_revoke(actor=request.user, certificate=certificate))
    return redirect("participation:training_session", pk=participant.session_id)


@login_required
def certificate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The certificate as PDF in its language; it carries the full name, so each download is logged."""
    require(request.user, Perm.PARTICIPATION_VIEW)
    participant = sel.participant_get(user=request.user, pk=pk)
    certificate = getattr(participant, "certificate", None)
    person = participant.person
    if certificate is None or person is None or not certificate.is_valid:
        raise Http404
    if not (
        has_perm(request.user, Perm.TRAININGS_MANAGE, unit=participant.session.territory)
        or has_perm(request.user, Perm.RESERVE_VIEW, unit=person.territory)
    ):
        raise PermissionDenied
    access_log(instance=certificate, purpose="certificate.pdf", actor=request.user)
    content = certificate_document(certificate=certificate)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.code}.pdf"'
    return response
