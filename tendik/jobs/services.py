"""Start and run background jobs. The job row carries status and progress for the user to watch."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tendik.audit.context import acting_as
from tendik.core import tabular
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


MAX_ERRORS_KEPT = 300


def import_start(*, user: Any, kind: str, params: dict[str, Any], file: Any, file_name: str) -> Job:
    """Store an uploaded file and queue its check; nothing is written until the owner confirms (import_confirm).

    The request does no more than this: reading and checking a 50,000-row file happens in the worker.
    """
    job_kind = registry.get(kind)
    if job_kind.importer is None:
        raise LookupError(kind)
    params = {**params, "stage": "check", "language": params.get("language") or translation.get_language()}
    if not job_kind.allowed(user, params):
        raise PermissionDenied(kind)
    job = Job(user=user, kind=kind, title=job_kind.title(params)[:255], params=params, filename=file_name[:200])
    job.upload.save(_upload_name(file_name), file, save=False)
    job.save()
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def import_confirm(*, user: Any, job: Job) -> Job:
    """Queue the write of a checked import; only its owner may, and only once, after a clean check."""
    if job.user_id != user.pk:
        raise PermissionDenied(job.kind)
    job = Job.objects.select_for_update().get(pk=job.pk)
    if not job.awaits_confirmation:
        raise ValueError("not awaiting confirmation")
    job.params = {**job.params, "stage": "write"}
    job.status, job.progress, job.message, job.finished_at = JobStatus.QUEUED, 0, "", None
    job.save(update_fields=["params", "status", "progress", "message", "finished_at"])
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _upload_name(file_name: str) -> str:
    suffix = file_name.lower().rsplit(".", 1)[-1] if "." in file_name else ""
    return f"upload.{suffix}" if suffix in ("xlsx", "csv") else "upload"


def _enqueue(job_id: int) -> None:
    from tendik.jobs.tasks import run_job

    run_job.enqueue(job_id)


def _run_import(job: Job, job_kind: registry.JobKind, progress: registry.Progress) -> None:
    """Check the stored upload; at the write stage, check it again (things may have changed) and write it."""
    assert job_kind.importer is not None
    importer = job_kind.importer(job.params, job.user)
    with job.upload.open("rb") as f:
        data = f.read()
    checked = tabular.check(importer, data=data, filename=job.upload.name or "", progress=progress)
    if job.params.get("stage") != "write" or checked.errors:
        _checked(job, checked.errors, checked.more_errors, checked.rows, checked.preview)
        return
    try:
        summary = tabular.apply(importer, checked, progress)
    except tabular.ImportInvalid as exc:  # the write found what the check could not (a report locked meanwhile)
        _checked(job, exc.errors, exc.more, checked.rows, {})
        return
    except ValidationError as exc:
        _checked(job, [tabular.CellError("", 0, "", "", m) for m in exc.messages], 0, checked.rows, {})
        return
    job.result = {"stage": "written", "rows": checked.rows, "summary": summary}
    job.upload.delete(save=False)  # the data now lives in its tables


def _checked(job: Job, errors: list[tabular.CellError], more: int, rows: int, preview: dict[str, Any]) -> None:
    job.result = {
        "stage": "checked",
        "rows": rows,
        "errors": [e.as_dict() for e in errors[:MAX_ERRORS_KEPT]],
        "more_errors": max(len(errors) - MAX_ERRORS_KEPT, 0) + more,
        "preview": preview,
    }


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
        language = job.params.get("language") or translation.get_language()
        with acting_as(job.user, source="task"), translation.override(language):
            if job_kind.importer is not None:
                _run_import(job, job_kind, progress)
            else:
                assert job_kind.run is not None
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
