"""VAWP pages: the public report form and receipt check, support staff's follow-up, and the statistics."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from tendik.accounts.permissions import Perm, has_perm, require
from tendik.audit.middleware import client_ip
from tendik.core import ratelimit
from tendik.core.uploads import stream_private_file
from tendik.participation.forms.vawp import MoveForm, NoteForm, ReceiptForm, ReportForm, StatsFilterForm, WithdrawForm
from tendik.participation.models.vawp import ReportState, VawpEvidence, VawpReport
from tendik.participation.selectors import vawp as selectors
from tendik.participation.services import vawp as services

# Per address: a few reports an hour is plenty for a person and little for a flood; receipt checks are limited so
# that codes and secrets cannot be guessed.
SUBMIT_LIMIT, SUBMIT_WINDOW = 5, 3600
CHECK_LIMIT, CHECK_WINDOW = 10, 3600
PAGE_SIZE = 50


def _errors_into(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            target = {"phone": "reporter_phone", "name": "reporter_name", "email": "reporter_email"}.get(name, name)
            form.add_error(target if target in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _limited(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    context["limited"] = True
    return render(request, template, context, status=429)


@never_cache
def report_new(request: HttpRequest) -> HttpResponse:
    """The confidential report: open to everyone, signed in or not."""
    template = "participation/vawp/report_form.html"
    form = ReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not ratelimit.hit("vawp.submit", client_ip(request), limit=SUBMIT_LIMIT, window=SUBMIT_WINDOW):
            return _limited(request, template, {"form": form})
        if form.is_valid():
            try:
                report, secret = services.report_submit(**form.service_kwargs(), actor=request.user)
            except ValidationError as exc:
                _errors_into(form, exc)
            else:
                response = render(
                    request,
                    "participation/vawp/receipt.html",
                    {"code": report.code, "secret": secret, "report": report},
                )
                response["Referrer-Policy"] = "no-referrer"
                return response
    return render(request, template, {"form": form}, status=400 if request.method == "POST" else 200)


@never_cache
def report_status(request: HttpRequest) -> HttpResponse:
    """The reporter checks her report with its code and secret: the state only, never an identity."""
    template = "participation/vawp/status.html"
    form = ReceiptForm(request.POST or None)
    context: dict[str, Any] = {"form": form}
    if request.method == "POST":
        if not ratelimit.hit("vawp.check", client_ip(request), limit=CHECK_LIMIT, window=CHECK_WINDOW):
            return _limited(request, template, context)
        if form.is_valid():
            report = services.report_by_receipt(code=form.cleaned_data["code"], secret=form.cleaned_data["secret"])
            if report is None:
                form.add_error(None, _("The code or the secret is wrong."))
            else:
                context["found"] = report
                context["withdraw_form"] = WithdrawForm(
                    initial={"code": report.code, "secret": form.cleaned_data["secret"]}
                )
    return render(request, template, context, status=400 if form.errors else 200)


@never_cache
@require_POST
def report_withdraw(request: HttpRequest) -> HttpResponse:
    template = "participation/vawp/status.html"
    form = WithdrawForm(request.POST)
    if not ratelimit.hit("vawp.check", client_ip(request), limit=CHECK_LIMIT, window=CHECK_WINDOW):
        return _limited(request, template, {"form": ReceiptForm()})
    if form.is_valid():
        try:
            report = services.report_withdraw(code=form.cleaned_data["code"], secret=form.cleaned_data["secret"])
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            return render(request, template, {"form": ReceiptForm(), "found": report, "withdrawn": True})
    return render(request, template, {"form": ReceiptForm(), "withdraw_form": form}, status=400)


def index_links(user: Any) -> list[tuple[str, str]]:
    """Links for the participation page: the report form for everyone, follow-up and statistics by permission."""
    links = [
        (reverse("participation:vawp_report"), _("Report violence confidentially")),
        (reverse("participation:vawp_status"), _("Check a report")),
    ]
    if has_perm(user, Perm.VAWP_FOLLOW_UP):
        links.append((reverse("participation:vawp_list"), _("Reports to follow up")))
    if has_perm(user, Perm.VAWP_STATS):
        links.append((reverse("participation:vawp_statistics"), _("Statistics")))
    return links


# --- support staff ---------------------------------------------------------------------------------------------------


def _report_or_404(request: HttpRequest, code: str) -> VawpReport:
    require(request.user, Perm.VAWP_FOLLOW_UP)
    try:
        return selectors.report_for_follow_up(user=request.user, code=code)
    except VawpReport.DoesNotExist:
        raise Http404 from None


@never_cache
@login_required
def follow_up_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.VAWP_FOLLOW_UP)
    state = request.GET.get("state", "open")
    qs = (
        selectors.reports_to_follow_up(user=request.user)
        if state == "open"
        else selectors.reports_for(request.user).filter(**({"state": state} if state in ReportState.values else {}))
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "participation/vawp/list.html",
        {"page": page, "state": state, "states": ReportState.choices},
    )


@never_cache
@login_required
def follow_up_detail(request: HttpRequest, code: str) -> HttpResponse:
    report = _report_or_404(request, code)
    identity = selectors.report_identity(user=request.user, report=report)  # logged
    context = {
        "report": report,
        "identity": identity,
        "history": selectors.report_history(user=request.user, report=report),
        "evidence": selectors.evidence_list(report=report),
        "move_form": MoveForm(moves=services.allowed_moves(report)),
        "note_form": NoteForm(),
        "moves": services.allowed_moves(report),
        "quick_exit": True,
    }
    response = render(request, "participation/vawp/detail.html", context)
    response["Referrer-Policy"] = "no-referrer"
    return response


@never_cache
@login_required
@require_POST
def follow_up_move(request: HttpRequest, code: str) -> HttpResponse:
    report = _report_or_404(request, code)
    form = MoveForm(request.POST, moves=services.allowed_moves(report))
    if form.is_valid():
        try:
            services.report_move(
                report=report,
                actor=request.user,
                to_state=form.cleaned_data["to_state"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Saved."))
    else:
        messages.error(request, _("Choose one of the states offered."))
    return redirect("participation:vawp_detail", code=report.code)


@never_cache
@login_required
@require_POST
def follow_up_note(request: HttpRequest, code: str) -> HttpResponse:
    report = _report_or_404(request, code)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.report_note_add(report=report, actor=request.user, note=form.cleaned_data["note"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Saved."))
    else:
        messages.error(request, _("Write the note."))
    return redirect("participation:vawp_detail", code=report.code)


@never_cache
@login_required
def evidence_file(request: HttpRequest, code: str, pk: int) -> HttpResponseBase:
    report = _report_or_404(request, code)
    try:
        item = selectors.evidence_for(user=request.user, report=report, pk=pk)  # logged
    except VawpEvidence.DoesNotExist:
        raise Http404 from None
    return stream_private_file(item, download_name=f"{report.code}-{item.pk}")


@login_required
def statistics(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.VAWP_STATS)
    form = StatsFilterForm(request.GET or None, years=selectors.stats_years(request.user))
    year = form.cleaned_data.get("year") if form.is_valid() else None
    stats = selectors.vawp_statistics(user=request.user, year=year)
    return render(request, "participation/vawp/statistics.html", {"stats": stats, "form": form})


urlpatterns = [
    path("report/", report_new, name="vawp_report"),
    path("status/", report_status, name="vawp_status"),
    path("status/withdraw/", report_withdraw, name="vawp_withdraw"),
    path("statistics/", statistics, name="vawp_statistics"),
    path("reports/", follow_up_list, name="vawp_list"),
    path("reports/<str:code>/", follow_up_detail, name="vawp_detail"),
    path("reports/<str:code>/move/", follow_up_move, name="vawp_move"),
    path("reports/<str:code>/note/", follow_up_note, name="vawp_note"),
    path("reports/<str:code>/evidence/<int:pk>/", evidence_file, name="vawp_evidence"),
]
