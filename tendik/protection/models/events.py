"""Prevention and training events with attendance by sex, age group, category and participants' oblast."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tendik.audit.models import AuditedModel
from tendik.geography.models import AdministrativeUnit
from tendik.protection.models.choices import AgeGroup, Category, Sex
from tendik.protection.models.committees import Committee


class EventKind(models.TextChoices):
    PREVENTIVE_MEETING = "preventive_meeting", _("Preventive meeting with the population")
    PARENTS_MEETING = "parents_meeting", _("Parents' meeting")
    PUPILS_MEETING = "pupils_meeting", _("Meeting with pupils of grades 8–11")
    INFORMATION = "information", _("Information work (WhatsApp, door-to-door, press, TV)")
    TRAINING = "training", _("Training for officials")


PREVENTION_KINDS = (
    EventKind.PREVENTIVE_MEETING,
    EventKind.PARENTS_MEETING,
    EventKind.PUPILS_MEETING,
    EventKind.INFORMATION,
)


class PreventionEvent(AuditedModel):
    committee = models.ForeignKey(
        Committee,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("committee"),
        help_text=_("Empty for a training held for many committees."),
    )
    unit = models.ForeignKey(AdministrativeUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("place"))
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    held_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=255)
    training_days = models.PositiveSmallIntegerField(
        _("training length, days"), null=True, blank=True, choices=[(1, _("1-day")), (2, _("2-day"))]
    )
    organiser = models.CharField(_("organiser"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("prevention or training event")
        verbose_name_plural = _("prevention and training events")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.title


class EventAttendance(AuditedModel):
    """One cell of attendance: how many people of this sex, age group, category and oblast came."""

    event = models.ForeignKey(PreventionEvent, on_delete=models.CASCADE, related_name="attendance")
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices)
    age_group = models.CharField(_("age group"), max_length=8, choices=AgeGroup.choices, blank=True)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices, blank=True)
    oblast = models.ForeignKey(
        AdministrativeUnit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("participants' oblast"),
    )
    count = models.PositiveIntegerField(_("people"))

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")

    def __str__(self) -> str:
        return f"{self.sex} {self.count}"

    def audit_label(self) -> str:
        return f"attendance-{self.pk}"
