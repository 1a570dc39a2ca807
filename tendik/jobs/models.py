"""Background jobs (long exports and reports) with progress the user can watch."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", pgettext_lazy("job status", "In progress")  # own context: plans' "In progress" differs
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


def _job_file_path(instance: Job, filename: str) -> str:
    # A random folder: job files are served only through the owner's download view, never by guessable URL.
    return f"jobs/{instance.token}/{filename}"


def _job_upload_path(instance: Job, filename: str) -> str:
    # An uploaded file waiting to be imported: private like the results, never served by URL.
    return f"jobs/{instance.token}/upload/{filename}"


class Job(models.Model):
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs")
    kind = models.CharField(_("kind"), max_length=60)
    title = models.CharField(_("title"), max_length=255)
    params = models.JSONField(default=dict)
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress, %"), default=0)
    message = models.CharField(_("message"), max_length=255, blank=True)
    file = models.FileField(upload_to=_job_file_path, blank=True)
    filename = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    # Imports: the uploaded file, and what its check or its write found (stage, errors, preview, summary).
    upload = models.FileField(upload_to=_job_upload_path, blank=True)
    result = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

    @property
    def is_import(self) -> bool:
        return bool(self.upload) or bool(self.result)

    @property
    def awaits_confirmation(self) -> bool:
        """An import whose check found no problem: the owner may now confirm the write."""
        return self.status == JobStatus.DONE and self.result.get("stage") == "checked" and not self.result.get("errors")
