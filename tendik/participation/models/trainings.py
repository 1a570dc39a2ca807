"""Trainings, courses and political schools: programmes, sessions, participants, certificates.

A participant is either a person of the cadre reserve (named, may receive a certificate) or a headcount by sex,
age group and territory. Participants keep sex, age group and territory themselves, so that erasing a person from
the reserve leaves the training figures unchanged.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from tendik.audit.models import AuditedModel
from tendik.core.concurrency import Versioned
from tendik.geography.models import AdministrativeUnit
from tendik.participation.models.reserve import AgeGroup, ReservePerson, Sex


class ProgrammeKind(models.TextChoices):
    POLITICAL_SCHOOL = "political_school", _("Political school")
    ONLINE_COURSE = "online_course", _("Online course")
    SEMINAR = "seminar", _("Seminar")
    TRAINING = "training", pgettext_lazy("programme kind", "Training")
    MENTORING = "mentoring", _("Mentoring programme")


class CertificateLanguage(models.TextChoices):
    RUSSIAN = "ru", "Русский"
    KYRGYZ = "ky", "Кыргызча"
    ENGLISH = "en", "English"


class TrainingProgramme(Versioned, AuditedModel):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ProgrammeKind.choices)
    title_ru = models.CharField(_("title (Russian)"), max_length=255)
    title_ky = models.CharField(_("title (Kyrgyz)"), max_length=255, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)
    organiser = models.CharField(_("organiser"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    hours = models.PositiveSmallIntegerField(_("hours"), null=True, blank=True)
    # Whose programme it is: None for a national programme. Sessions carry their own place.
    territory = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("territory"),
        help_text=_("Leave empty for a national programme."),
    )
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("training programme")
        verbose_name_plural = _("training programmes")
        ordering = ["title_ru"]

    def __str__(self) -> str:
        return self.title

    def title_in(self, language: str) -> str:
        return {"ky": self.title_ky, "en": self.title_en}.get(language, "") or self.title_ru

    @property
    def title(self) -> str:
        return self.title_in(get_language() or "ru")


class TrainingSession(Versioned, AuditedModel):
    programme = models.ForeignKey(
        TrainingProgramme, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("programme")
    )
    title = models.CharField(_("session"), max_length=255, blank=True, help_text=_("For example, module 2."))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    territory = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="+", verbose_name=pgettext_lazy("training", "place")
    )
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    is_online = models.BooleanField(_("online"), default=False)

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="session_dates")
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.starts_on:%Y-%m-%d}"


class TrainingParticipant(AuditedModel):
    """A named participant from the reserve (person is empty once she was erased: the counts stay)."""

    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="participants", verbose_name=_("session")
    )
    person = models.ForeignKey(
        ReservePerson,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="trainings",
        verbose_name=_("person"),
    )
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices)
    age_group = models.CharField(_("age group"), max_length=8, choices=AgeGroup.choices)
    territory = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("territory")
    )
    language = models.CharField(
        _("certificate language"), max_length=2, choices=CertificateLanguage.choices, default="ru"
    )
    completed = models.BooleanField(_("completed"), default=False)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("training participant")
        verbose_name_plural = _("training participants")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"], condition=models.Q(person__isnull=False), name="participant_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.session_id}:{self.person_id or '-'}"


class TrainingHeadcount(AuditedModel):
    """Participants counted, not named: how many of one sex, age group and territory came and completed."""

    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="headcounts", verbose_name=_("session")
    )
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices)
    age_group = models.CharField(_("age group"), max_length=8, choices=AgeGroup.choices)
    territory = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("territory")
    )
    attended = models.PositiveIntegerField(_("attended"))
    completed = models.PositiveIntegerField(_("completed"), default=0)

    class Meta:
        verbose_name = _("participants counted")
        verbose_name_plural = _("participants counted")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(completed__lte=models.F("attended")), name="headcount_completed"),
            models.UniqueConstraint(fields=["session", "sex", "age_group", "territory"], name="headcount_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.session_id}: {self.attended}"


class Certificate(AuditedModel):
    """A certificate of completion; anyone can check its code on a public page (initials, programme, date only)."""

    audit_redacted_fields = ("holder_initials",)

    participant = models.OneToOneField(
        TrainingParticipant, on_delete=models.PROTECT, related_name="certificate", verbose_name=_("participant")
    )
    code = models.CharField(_("verification code"), max_length=20, unique=True, editable=False)
    issued_on = models.DateField(_("issued on"))
    language = models.CharField(_("language"), max_length=2, choices=CertificateLanguage.choices)
    holder_initials = models.CharField(_("holder's initials"), max_length=20, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_on = models.DateField(_("withdrawn on"), null=True, blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return self.code

    @property
    def is_valid(self) -> bool:
        return self.revoked_on is None
