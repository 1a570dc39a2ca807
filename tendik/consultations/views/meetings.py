"""Series, meetings, participants, attendance, files and problems."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tendik.accounts.permissions import has_perm, scope_paths
from tendik.accounts.roles import Perm
from tendik.audit.services import access_log
from tendik.consultations import figures, selectors
from tendik.consultations import permissions as cperm
from tendik.consultations.forms import (
    AttachmentForm,
    AttendanceForm,
    MeetingForm,
    ParticipantForm,
    ProblemForm,
    SeriesForm,
    municipalities,
)
from tendik.consultations.models import (
    ConsultationSeries,
    CountDimension,
    Meeting,
    MeetingAttachment,
    Participant,
    ParticipantRole,
)
from tendik.consultations.services import meetings as meeting_services
from tendik.consultations.services import participants as participant_services
from tendik.consultations.views.common import form_errors_from, signed_in
from tendik.core.concurrency import StaleVersion


def index(request: HttpRequest) -> HttpResponse:
    """Series and meetings the user may see. Anonymous visitors are sent to the public page."""
    if not request.user.is_authenticated:
        return redirect("consultations:public")
    if not has_perm(request.user, Perm.CONSULTATIONS_VIEW):
        raise PermissionDenied
    return render(
        request,
        "consultations/index.html",
        {
            "series_list": selectors.series_list(request.user),
            "meetings": selectors.meetings(request.user).prefetch_related("oblasts_covered"),
            "can_manage_series": cperm.can_manage_series(request.user),
            "can_manage": has_perm(request.user, Perm.CONSULTATIONS_MANAGE),
        },
    )


@signed_in()
def series_detail(request: HttpRequest, code: str) -> HttpResponse:
    series = get_object_or_404(selectors.series_list(request.user), code=code)
    meetings = list(selectors.meetings(request.user).filter(series=series).prefetch_related("oblasts_covered"))
    per, total = selectors.attendance_of_series(meetings)
    return render(
        request,
        "consultations/series_detail.html",
        {
            "series": series,
            "meetings": [(m, per[m.pk]) for m in meetings],
            "total": total,
            "attendance_charts": figures.attendance_charts(total),
            "problems": selectors.problems_by_region(series),
            "rec_count": selectors.recommendations(request.user, {"series": series.code}).count(),
            "can_manage_series": cperm.can_manage_series(request.user),
            "can_manage": has_perm(request.user, Perm.CONSULTATIONS_MANAGE),
            "plans": series.plans.all(),
        },
    )


@signed_in(Perm.CONSULTATIONS_MANAGE)
def series_form(request: HttpRequest, code: str | None = None) -> HttpResponse:
    if not cperm.can_manage_series(request.user):
        raise PermissionDenied
    series = get_object_or_404(selectors.series_list(request.user), code=code) if code else None
    initial = {}
    if series is not None:
        initial = {
            f: getattr(series, f)
            for f in ("code", "title_ru", "title_ky", "title_en", "start_date", "end_date", "aims_ru", "results_ru")
        }
        initial |= {"organisers": series.organisers.all(), "plans": series.plans.all()}
    form = SeriesForm(request.POST or None, initial=initial, versioned=series)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            series = meeting_services.series_save(
                series=series,
                code=data["code"],
                title_ru=data["title_ru"],
                title_ky=data["title_ky"],
                title_en=data["title_en"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                aims_ru=data["aims_ru"],
                aims_ky=series.aims_ky if series else "",
                aims_en=series.aims_en if series else "",
                results_ru=data["results_ru"],
                results_ky=series.results_ky if series else "",
                results_en=series.results_en if series else "",
                organisers=data["organisers"],
                plans=data["plans"],
                version=form.submitted_version,
            )
        except StaleVersion as exc:
            form.stale(exc)
            status = 409
        except ValidationError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("Saved."))
            return redirect("consultations:series", code=series.code)
    return render(
        request,
        "consultations/form.html",
        {"form": form, "title": _("Consultation series"), "back": request.path},
        status=status,
    )


def _managed_places(user: Any) -> Any:
    paths = scope_paths(user, Perm.CONSULTATIONS_MANAGE)
    qs = municipalities()
    if paths is None:
        return qs
    from django.db.models import Q

    q = Q(pk__in=[])
    for p in paths:
        q |= Q(path__startswith=p)
    return qs.filter(q)


def _municipalities_within(units: list[Any]) -> Any:
    from django.db.models import Q

    q = Q(pk__in=[])
    for u in units:
        q |= Q(path__startswith=u.path)
    return municipalities().filter(q)


@signed_in()
def meeting_detail(request: HttpRequest, code: str) -> HttpResponse:
    meeting = get_object_or_404(
        selectors.meetings(request.user).prefetch_related("oblasts_covered", "organisers", "plans"), code=code
    )
    attendance = selectors.attendance_by_meeting([meeting.pk])[meeting.pk]
    people = selectors.participants(request.user, meeting)
    if any(getattr(p, "show_personal", False) for p in people):
        access_log(instance=meeting, purpose="consultations.participants.personal")
    return render(
        request,
        "consultations/meeting_detail.html",
        {
            "meeting": meeting,
            "attendance": attendance,
            "attendance_charts": figures.attendance_charts(attendance),
            "participants": people,
            "attachments": meeting.attachments.all(),
            "recommendations": selectors.recommendations(request.user, {"meeting": meeting.code}),
            "problems": meeting.problems.all(),
            "can_manage": cperm.can_manage_meeting(request.user, meeting),
            "municipalities": _municipalities_within(list(meeting.oblasts_covered.all())),
        },
    )


@signed_in(Perm.CONSULTATIONS_MANAGE)
def meeting_form(request: HttpRequest, code: str | None = None) -> HttpResponse:
    meeting = None
    if code:
        meeting = get_object_or_404(selectors.meetings(request.user), code=code)
        cperm.require_manage_meeting(request.user, meeting)
        series = meeting.series
    else:
        # Any series may receive a meeting; the meeting's place decides who may manage it.
        series = get_object_or_404(ConsultationSeries, code=request.GET.get("series", ""))
    initial = {}
    if meeting is not None:
        initial = {
            f: getattr(meeting, f)
            for f in (
                "code",
                "title_ru",
                "title_ky",
                "title_en",
                "start_date",
                "end_date",
                "place",
                "venue_ru",
                "agenda_ru",
                "minutes_ru",
            )
        }
        initial |= {
            "oblasts_covered": meeting.oblasts_covered.all(),
            "organisers": meeting.organisers.all(),
            "plans": meeting.plans.all(),
        }
    form = MeetingForm(request.POST or None, initial=initial, places=_managed_places(request.user), versioned=meeting)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not cperm.can_manage_meeting(request.user, place=data["place"]):
            raise PermissionDenied
        keep: dict[str, Any] = {
            f: getattr(meeting, f) if meeting else ""
            for f in ("venue_ky", "venue_en", "agenda_ky", "agenda_en", "minutes_ky", "minutes_en")
        }
        try:
            meeting = meeting_services.meeting_save(
                meeting=meeting,
                series=series,
                code=data["code"],
                title_ru=data["title_ru"],
                title_ky=data["title_ky"],
                title_en=data["title_en"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                place=data["place"],
                venue_ru=data["venue_ru"],
                agenda_ru=data["agenda_ru"],
                minutes_ru=data["minutes_ru"],
                oblasts_covered=data["oblasts_covered"],
                organisers=data["organisers"],
                plans=data["plans"],
                version=form.submitted_version,
                **keep,
            )
        except StaleVersion as exc:
            form.stale(exc)
            status = 409
        except ValidationError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("Saved."))
            return redirect("consultations:meeting", code=meeting.code)
    return render(request, "consultations/form.html", {"form": form, "title": _("Consultation meeting")}, status=status)


def _managed_meeting(request: HttpRequest, code: str) -> Meeting:
    meeting = get_object_or_404(selectors.meetings(request.user), code=code)
    cperm.require_manage_meeting(request.user, meeting)
    return meeting


@signed_in(Perm.CONSULTATIONS_MANAGE)
def attendance_form(request: HttpRequest, code: str) -> HttpResponse:
    meeting = _managed_meeting(request, code)
    initial: dict[str, int] = {}
    for c in meeting.counts.all():
        name = {"total": "total", "sex": c.key, "role": f"role_{c.key}", "oblast": f"oblast_{c.key}"}[c.dimension]
        initial[name] = c.count
    form = AttendanceForm(request.POST or None, initial=initial, versioned=meeting)
    status = 200
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        by_sex = {k: d[k] for k in ("female", "male") if d.get(k) is not None}
        by_role = {k: d[f"role_{k}"] for k in ParticipantRole.values if d.get(f"role_{k}") is not None}
        by_oblast = {u: d[f"oblast_{u.code}"] for u in form.oblast_units if d.get(f"oblast_{u.code}")}
        try:
            participant_services.attendance_counts_set(
                meeting=meeting,
                total=d.get("total"),
                by_sex=by_sex,
                by_role=by_role,
                by_oblast=by_oblast,
                version=form.submitted_version,
            )
        except StaleVersion as exc:
            form.stale(exc)
            status = 409
        except ValidationError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("Saved."))
            return redirect("consultations:meeting", code=meeting.code)
    return render(
        request,
        "consultations/attendance_form.html",
        {"form": form, "meeting": meeting, "dimensions": CountDimension},
        status=status,
    )


@signed_in(Perm.CONSULTATIONS_MANAGE)
def participant_form(request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
    meeting = _managed_meeting(request, code)
    participant = get_object_or_404(Participant, pk=pk, meeting=meeting) if pk else None
    if participant is not None and not cperm.can_view_personal(request.user, participant):
        raise PermissionDenied
    initial = {}
    if participant is not None:
        initial = {
            f.name: getattr(participant, f.name)
            for f in Participant._meta.fields
            if f.name in ParticipantForm.base_fields
        }
        access_log(instance=participant, purpose="consultations.participant.edit")
    form = ParticipantForm(request.POST or None, initial=initial, versioned=participant)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            participant_services.participant_save(
                participant=participant, meeting=meeting, version=form.submitted_version, **form.changes()
            )
        except StaleVersion as exc:
            form.stale(exc)
            status = 409
        except ValidationError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("Saved."))
            return redirect("consultations:meeting", code=meeting.code)
    return render(
        request,
        "consultations/form.html",
        {"form": form, "title": _("Participant"), "meeting": meeting},
        status=status,
    )


@signed_in(Perm.CONSULTATIONS_MANAGE)
def attachment_add(request: HttpRequest, code: str) -> HttpResponse:
    meeting = _managed_meeting(request, code)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting_services.attachment_add(
                meeting=meeting,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
                actor=request.user,
            )
        except ValidationError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("The file is attached."))
            return redirect("consultations:meeting", code=meeting.code)
    return render(
        request,
        "consultations/form.html",
        {"form": form, "title": _("Attach a file"), "meeting": meeting, "multipart": True},
    )


@signed_in()
def attachment_download(request: HttpRequest, pk: int) -> HttpResponse | FileResponse:
    attachment = get_object_or_404(
        MeetingAttachment.objects.filter(meeting__in=selectors.meetings(request.user)), pk=pk
    )
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(
        handle,
        as_attachment=attachment.kind != "photo",
        content_type=attachment.content_type,
        filename=(attachment.file.name or "file").rsplit("/", 1)[-1],
    )


@require_POST
@signed_in(Perm.CONSULTATIONS_MANAGE)
def attachment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = get_object_or_404(
        MeetingAttachment.objects.filter(meeting__in=selectors.meetings(request.user)), pk=pk
    )
    cperm.require_manage_meeting(request.user, attachment.meeting)
    code = attachment.meeting.code
    meeting_services.attachment_remove(attachment=attachment)
    messages.success(request, _("The file is removed."))
    return redirect("consultations:meeting", code=code)


@signed_in(Perm.CONSULTATIONS_MANAGE)
def problem_add(request: HttpRequest, code: str) -> HttpResponse:
    meeting = _managed_meeting(request, code)
    form = ProblemForm(request.POST or None, initial={"regions": meeting.oblasts_covered.all()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            meeting_services.problem_save(
                series=meeting.series,
                meeting=meeting,
                regions=d["regions"],
                theme=d["theme"],
                text_ru=d["text_ru"],
                text_ky=d["text_ky"],
                text_en=d["text_en"],
                order=meeting.series.problems.count(),
            )
        except ValidationError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("Saved."))
            return redirect("consultations:meeting", code=meeting.code)
    return render(request, "consultations/form.html", {"form": form, "title": _("Problem"), "meeting": meeting})
