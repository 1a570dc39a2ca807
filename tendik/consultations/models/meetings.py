"""Consultation series and their meetings, organisers and attached files."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tendik.audit.models import AuditedModel
from tendik.core.concurrency import Versioned

from .choices import AttachmentKind
from .i18n import localized, pick_json


class Organisation(AuditedModel):
    """An organiser of consultations or a body that answers recommendations."""

    name_ru = models.CharField(_("name (Russian)"), max_length=300, unique=True)
    name_ky = models.CharField(_("name (Kyrgyz)"), max_length=300, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)

    name = localized("name")

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name_ru"]

    def __str__(self) -> str:
        return self.name


class ConsultationSeries(Versioned, AuditedModel):
    """A series of consultative meetings on the plans (e.g. the May 2025 regional meetings)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    title_ru = models.TextField(_("title (Russian)"))
    title_ky = models.TextField(_("title (Kyrgyz)"), blank=True)
    title_en = models.TextField(_("title (English)"), blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    aims_ru = models.TextField(_("aims (Russian)"), blank=True)
    aims_ky = models.TextField(_("aims (Kyrgyz)"), blank=True)
    aims_en = models.TextField(_("aims (English)"), blank=True)
    tasks = models.JSONField(_("tasks"), default=list, blank=True, help_text=_('A list of {"ru", "ky", "en"} texts.'))
    results_ru = models.TextField(_("results (Russian)"), blank=True)
    results_ky = models.TextField(_("results (Kyrgyz)"), blank=True)
    results_en = models.TextField(_("results (English)"), blank=True)
    vawp_survey = models.JSONField(
        _("survey on violence against women in politics"),
        default=dict,
        blank=True,
        help_text=_("Figures quoted in the report's introduction."),
    )
    organisers = models.ManyToManyField(Organisation, verbose_name=_("organisers"), blank=True, related_name="series")
    plans = models.ManyToManyField("plans.Plan", verbose_name=_("plans discussed"), blank=True, related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    title = localized("title")
    aims = localized("aims")
    results = localized("results")

    class Meta:
        verbose_name = _("consultation series")
        verbose_name_plural = _("consultation series")
        ordering = ["-start_date", "code"]

    def __str__(self) -> str:
        return self.title

    def audit_label(self) -> str:
        return self.code

    @property
    def task_texts(self) -> list[str]:
        return [pick_json(t) for t in self.tasks or []]


class Meeting(Versioned, AuditedModel):
    series = models.ForeignKey(
        ConsultationSeries, verbose_name=_("series"), on_delete=models.PROTECT, related_name="meetings"
    )
    code = models.SlugField(_("code"), max_length=60, unique=True)
    title_ru = models.TextField(_("title (Russian)"))
    title_ky = models.TextField(_("title (Kyrgyz)"), blank=True)
    title_en = models.TextField(_("title (English)"), blank=True)
    start_date = models.DateField(_("date"), null=True, blank=True, help_text=_("Empty when not recorded."))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    place = models.ForeignKey(
        "geography.AdministrativeUnit",
        verbose_name=_("place"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The municipality or city where the meeting was held."),
    )
    venue_ru = models.CharField(_("venue (Russian)"), max_length=300, blank=True)
    venue_ky = models.CharField(_("venue (Kyrgyz)"), max_length=300, blank=True)
    venue_en = models.CharField(_("venue (English)"), max_length=300, blank=True)
    oblasts_covered = models.ManyToManyField(
        "geography.AdministrativeUnit", verbose_name=_("oblasts covered"), blank=True, related_name="+"
    )
    organisers = models.ManyToManyField(Organisation, verbose_name=_("organisers"), blank=True, related_name="meetings")
    plans = models.ManyToManyField("plans.Plan", verbose_name=_("plans discussed"), blank=True, related_name="+")
    agenda_ru = models.TextField(_("agenda (Russian)"), blank=True)
    agenda_ky = models.TextField(_("agenda (Kyrgyz)"), blank=True)
    agenda_en = models.TextField(_("agenda (English)"), blank=True)
    minutes_ru = models.TextField(_("minutes (Russian)"), blank=True)
    minutes_ky = models.TextField(_("minutes (Kyrgyz)"), blank=True)
    minutes_en = models.TextField(_("minutes (English)"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    title = localized("title")
    venue = localized("venue")
    agenda = localized("agenda")
    minutes = localized("minutes")

    class Meta:
        verbose_name = _("consultation meeting")
        verbose_name_plural = _("consultation meetings")
        ordering = ["series", "order", "start_date", "code"]

    def __str__(self) -> str:
        return self.title

    def audit_label(self) -> str:
        return self.code


def attachment_path(instance: MeetingAttachment, filename: str) -> str:
    return f"consultations/{instance.meeting_id}/{timezone.now():%Y%m%d%H%M%S}-{filename}"


class MeetingAttachment(AuditedModel):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=AttachmentKind.choices)
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=400)
    content_type = models.CharField(_("file type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("meeting file")
        verbose_name_plural = _("meeting files")
        ordering = ["kind", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.title
