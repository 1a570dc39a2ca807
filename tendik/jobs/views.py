from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tendik.jobs import selectors, services
from tendik.jobs.models import JobStatus


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    jobs = selectors.jobs_for(user=request.user)[:50]
    return render(request, "jobs/list.html", {"jobs": jobs})


@login_required
@require_POST
def job_start(request: HttpRequest) -> HttpResponse:
    kind = request.POST.get("kind", "")
    try:
        params = json.loads(request.POST.get("params") or "{}")
        if not isinstance(params, dict):
            raise ValueError
        if request.POST.get("format"):
            params["format"] = request.POST["format"]
        job = services.job_start(user=request.user, kind=kind, params=params)
    except (LookupError, ValueError):
        raise Http404 from None
    except PermissionDenied:
        raise
    messages.info(request, _("Your file is being prepared; this page shows its progress."))
    return redirect("jobs:detail", token=job.token)


@login_required
def job_detail(request: HttpRequest, token: str) -> HttpResponse:
    job = selectors.access_job(user=request.user, token=token)
    template = "jobs/_status.html" if request.headers.get("HX-Request") else "jobs/detail.html"
    return render(request, template, {"job": job})


@login_required
@require_POST
def job_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The owner confirms a checked import: its write is queued (the page shows its progress)."""
    job = selectors.access_job(user=request.user, token=token)
    try:
        services.import_confirm(user=request.user, job=job)
    except ValueError:
        messages.error(request, _("This import cannot be confirmed: it has problems, or it is already saved."))
    else:
        messages.info(request, _("The import is being saved; this page shows its progress."))
    return redirect("jobs:detail", token=job.token)


@login_required
def job_download(request: HttpRequest, token: str) -> FileResponse:
    job = selectors.access_job(user=request.user, token=token)
    if job.status != JobStatus.DONE or not job.file:
        raise Http404
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename, content_type=job.content_type)
