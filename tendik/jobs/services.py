"""Start and run background jobs. The job row carries status and progress for the user to watch."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tendik.audit.context import acting_as
from tendik.jobs import registry
from tendik.jobs.models import Job, JobStatus

logger = logging.getLogger(__name__)


def job_start(*, user: Any, kind: str, params: dict[str, Any]) -> Job:
    """Queue a job of a registered kind for `user`, if the kind allows it; runs after the transaction commits."""
    job_kind = registry.get(kind)
    if not job_kind.allowed(user, params):
        raise PermissionDenied(kind)
    job = Job.objects.create(user=user, kind=kind, title=job_kind.title(params)[:255], params=params)

    def enqueue() -> None:
        from tendik.jobs.tasks import run_job

        run_job.enqueue(job.pk)

    transaction.on_commit(enqueue)
    return job


def job_run(*, job_id: int) -> Job:
    """Run the job: progress is saved as it goes; a failure is recorded, never raised to the worker."""
    job = Job.objects.select_related("user").get(pk=job_id)
    if job.is_finished:
        return job
    job.status, job.progress = JobStatus.RUNNING, 0
    job.save(update_fields=["status", "progress"])

    def progress(percent: int, message: str = "") -> None:
        job.progress = max(0, min(100, int(percent)))
        job.message = message[:255]
        job.save(update_fields=["progress", "message"])

    try:
        job_kind = registry.get(job.kind)
        # Permissions are checked again at run time: a role may have been revoked while the job waited.
        if not job_kind.allowed(job.user, job.params):
            raise PermissionDenied(job.kind)
        with acting_as(job.user, source="task"):
            filename, content_type, content = job_kind.run(job.params, job.user, progress)
        job.file.save(filename, ContentFile(content), save=False)
        job.filename, job.content_type = filename, content_type
        job.status, job.progress, job.message = JobStatus.DONE, 100, ""
    except Exception as exc:  # noqa: BLE001 — the job records any failure for the user
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        job.status = JobStatus.FAILED
        job.message = (_("Not allowed.") if isinstance(exc, PermissionDenied) else _("The job failed."))[:255]
    job.finished_at = timezone.now()
    job.save()
    return job
