"""Progress reports per reporting period, their entries per local measure, evidence and approval history."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tendik.audit.models import AuditedModel
from tendik.core.concurrency import Versioned

from .indicators import ReportingPeriod
from .local import BUDGET_SOURCES, LocalMeasure, LocalPlan, MeasureStatus, _money


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted to the rayon")
    RAYON_APPROVED = "rayon_approved", _("Approved by the rayon")
    OBLAST_APPROVED = "oblast_approved", _("Approved by the oblast")
    ACCEPTED = "accepted", _("Accepted by the ministry")
    RETURNED = "returned", _("Returned for correction")


EDITABLE_STATUSES = frozenset({ReportStatus.DRAFT, ReportStatus.RETURNED})
APPROVED_STATUSES = frozenset({ReportStatus.RAYON_APPROVED, ReportStatus.OBLAST_APPROVED, ReportStatus.ACCEPTED})


class ProgressReport(AuditedModel):
    local_plan = models.ForeignKey(
        LocalPlan, verbose_name=_("local plan"), on_delete=models.CASCADE, related_name="reports"
    )
    # Denormalised from the plan: scope filters are one join shorter.
    municipality = models.ForeignKey(
        "geography.AdministrativeUnit", verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="+"
    )
    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("period"), on_delete=models.PROTECT, related_name="reports"
    )
    status = models.CharField(_("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    summary = models.TextField(_("summary"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-period__start", "municipality__path"]
        constraints = [models.UniqueConstraint(fields=["local_plan", "period"], name="plans_report_unique_period")]

    def __str__(self) -> str:
        return f"{self.municipality} · {self.period}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def is_locked(self) -> bool:
        return not self.is_editable

    def audit_label(self) -> str:
        return f"{self.local_plan_id}:{self.period_id}"


class ReportEntry(Versioned, AuditedModel):
    """What a municipality reports for one local measure in one period."""

    report = models.ForeignKey(
        ProgressReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="entries"
    )
    local_measure = models.ForeignKey(
        LocalMeasure, verbose_name=_("local measure"), on_delete=models.CASCADE, related_name="entries"
    )
    status = models.CharField(
        _("status"), max_length=15, choices=MeasureStatus.choices, default=MeasureStatus.NOT_STARTED
    )
    progress = models.PositiveSmallIntegerField(_("progress, %"), default=0)
    narrative = models.TextField(_("what was done"), blank=True)
    spent_local = _money(_("spent: local budget, som"))
    spent_republican = _money(_("spent: republican budget, som"))
    spent_donor = _money(_("spent: donors, som"))
    spent_other = _money(_("spent: other sources, som"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    audit_ignored_fields = ("updated_at",)

    class Meta:
        verbose_name = _("report entry")
        verbose_name_plural = _("report entries")
        ordering = ["report", "local_measure__order", "local_measure_id"]
        constraints = [models.UniqueConstraint(fields=["report", "local_measure"], name="plans_entry_unique_measure")]

    def __str__(self) -> str:
        return f"{self.report_id}/{self.local_measure_id}"

    @property
    def spent_total(self) -> Decimal:
        return sum((getattr(self, f"spent_{s}") for s in BUDGET_SOURCES), Decimal(0))

    def audit_label(self) -> str:
        return f"{self.report_id}:{self.local_measure_id}"


def evidence_path(instance: Evidence, filename: str) -> str:
    return f"plans/evidence/{instance.entry.report_id}/{filename}"


class Evidence(AuditedModel):
    entry = models.ForeignKey(
        ReportEntry, verbose_name=_("report entry"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("file"), upload_to=evidence_path)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("file type"), max_length=100)
    size = models.PositiveIntegerField(_("size, bytes"))
    description = models.CharField(_("description"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["entry", "uploaded_at"]

    def __str__(self) -> str:
        return self.name

    def audit_label(self) -> str:
        return f"{self.entry_id}:{self.pk}"


class ReportAction(models.TextChoices):
    CREATE = "create", _("Created")
    SUBMIT = "submit", _("Submitted")
    APPROVE_RAYON = "approve_rayon", _("Approved by the rayon")
    APPROVE_OBLAST = "approve_oblast", _("Approved by the oblast")
    ACCEPT = "accept", _("Accepted by the ministry")
    RETURN = "return", _("Returned for correction")
    IMPORT = "import", _("Filled from an Excel file")


class ReportEvent(models.Model):
    """One step in a report's history; append-only."""

    report = models.ForeignKey(
        ProgressReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(_("action"), max_length=20, choices=ReportAction.choices)
    from_status = models.CharField(_("from"), max_length=20, choices=ReportStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=ReportStatus.choices)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("report history event")
        verbose_name_plural = _("report history")
        ordering = ["report", "at", "id"]

    def __str__(self) -> str:
        return f"{self.report_id} {self.action} {self.at:%Y-%m-%d}"


class ReminderSent(models.Model):
    """A flag already sent (missing report, overdue measure), so that reminders are not repeated."""

    key = models.CharField(max_length=200, unique=True)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")

    def __str__(self) -> str:
        return self.key
