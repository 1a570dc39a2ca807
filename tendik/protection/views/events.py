"""Prevention and training events with attendance tables."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tendik.protection import permissions as p
from tendik.protection import selectors
from tendik.protection.forms import AttendanceFormSet, EventForm
from tendik.protection.services import events as services
from tendik.protection.views.common import apply_errors, committee_or_404


@login_required
def event_add(request: HttpRequest, pk: int) -> HttpResponse:
    committee = committee_or_404(request.user, pk)
    if not p.can_edit(request.user, committee):
        raise PermissionDenied
    form = EventForm(request.POST or None, initial={"held_on": timezone.localdate()})
    rows = AttendanceFormSet(request.POST or None, prefix="att")
    if request.method == "POST" and form.is_valid() and rows.is_valid():
        attendance = [r.cleaned_data for r in rows.forms if r.cleaned_data]
        try:
            services.event_record(
                actor=request.user,
                committee=committee,
                unit=committee.municipality,
                attendance=attendance,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("protection:committee", pk=pk)
    return render(
        request,
        "protection/event_form.html",
        {
            "form": form,
            "rows": rows,
            "committee": committee,
            "back": reverse("protection:committee", args=[pk]),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(selectors.events_for(request.user), pk=pk)
    return render(
        request,
        "protection/event.html",
        {
            "event": event,
            "attendance": event.attendance.select_related("oblast"),
        },
    )
