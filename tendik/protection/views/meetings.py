"""Committee meetings, decisions and minutes (PDF)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from tendik.core.concurrency import StaleVersion
from tendik.core.params import id_param
from tendik.protection import permissions as p
from tendik.protection import selectors
from tendik.protection.forms import DecisionForm, MeetingForm
from tendik.protection.models import DecisionStatus
from tendik.protection.services import meetings as services
from tendik.protection.views.common import committee_or_404, form_page


def _meeting(request: HttpRequest, pk: int) -> Any:
    return get_object_or_404(
        selectors.meetings_for(request.user).prefetch_related(
            "members_present", "cases", "families", "decisions__responsible"
        ),
        pk=pk,
    )


@login_required
def meeting_add(request: HttpRequest, pk: int) -> HttpResponse:
    committee = committee_or_404(request.user, pk)
    if not p.can_edit(request.user, committee):
        raise PermissionDenied
    form = MeetingForm(request.POST or None, committee=committee, initial={"held_on": timezone.localdate()})

    def save(data: dict[str, Any]) -> str:
        meeting = services.meeting_record(committee=committee, actor=request.user, **data)
        return reverse("protection:meeting", args=[meeting.pk])

    return form_page(
        request, form, save, title=pgettext("committee", "New meeting"), back=reverse("protection:committee", args=[pk])
    )


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    can_edit = p.can_edit(request.user, meeting.committee)
    return render(
        request,
        "protection/meeting.html",
        {
            "meeting": meeting,
            "can_edit": can_edit,
            "statuses": DecisionStatus.choices,
            "decision_form": DecisionForm(committee=meeting.committee, versioned=meeting) if can_edit else None,
        },
    )


@login_required
def decision_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    if not p.can_edit(request.user, meeting.committee):
        raise PermissionDenied
    form = DecisionForm(request.POST or None, committee=meeting.committee, versioned=meeting)
    back = reverse("protection:meeting", args=[pk])

    def save(data: dict[str, Any]) -> str:
        services.decision_add(meeting=meeting, actor=request.user, version=form.submitted_version, **data)
        return back

    return form_page(request, form, save, title=_("Decision"), back=back)


@login_required
def decision_status(request: HttpRequest, pk: int, decision_pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    if request.method != "POST" or not p.can_edit(request.user, meeting.committee):
        raise PermissionDenied
    decision = get_object_or_404(meeting.decisions, pk=decision_pk)
    version = request.POST.get("version", "")
    try:
        services.decision_follow_up(
            decision=decision,
            actor=request.user,
            status=request.POST.get("status", "open"),
            follow_up=request.POST.get("follow_up", ""),
            done_on=timezone.localdate(),
            version=id_param(version),
        )
    except StaleVersion:
        messages.error(request, _("Someone else changed this decision meanwhile: look again and retry."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return meeting_detail(request, pk) if request.headers.get("HX-Request") else _redirect(pk)


def _redirect(pk: int) -> HttpResponse:
    from django.shortcuts import redirect

    return redirect("protection:meeting", pk=pk)


def minutes_pdf_bytes(meeting: Any) -> bytes:
    from tendik.core.pdf import render_pdf

    return render_pdf("protection/minutes_pdf.html", {"meeting": meeting})


@login_required
def meeting_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    response = HttpResponse(minutes_pdf_bytes(meeting), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="minutes-{meeting.committee_id}-{meeting.held_on}.pdf"'
    return response
