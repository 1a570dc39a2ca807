"""Who took part: named participants (personal data) or aggregate counts for meetings without a list."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tendik.audit.models import AuditedModel
from tendik.core.concurrency import Versioned

from .choices import AgeGroup, CountDimension, Language, ParticipantRole, Sex
from .meetings import Meeting


class Participant(Versioned, AuditedModel):
    """A named participant. Name and contacts are personal data (Perm.PARTICIPANTS_VIEW_PERSONAL)."""

    concurrency_hidden_fields = ("full_name", "email", "phone")

    audit_redacted_fields = ("full_name", "email", "phone")
    PERSONAL_FIELDS = ("full_name", "email", "phone", "user")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="participants"
    )
    full_name = models.CharField(_("full name"), max_length=200)
    role = models.CharField(_("role"), max_length=12, choices=ParticipantRole.choices, default=ParticipantRole.OTHER)
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices)
    age_group = models.CharField(_("age group"), max_length=10, choices=AgeGroup.choices, blank=True)
    has_disability = models.BooleanField(_("person with disability"), default=False)
    organisation = models.CharField(_("organisation"), max_length=300, blank=True)
    municipality = models.ForeignKey(
        "geography.AdministrativeUnit",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    consent_contact = models.BooleanField(_("agrees to be contacted"), default=False)
    wants_updates = models.BooleanField(
        _("wants to be informed"),
        default=False,
        help_text=_("Tell her when the answers are published and when the implementing measures progress."),
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.RU)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Tendik account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultation_participations",
    )

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["meeting", "id"]

    def __str__(self) -> str:
        return self.audit_label()

    def audit_label(self) -> str:
        return f"participant-{self.pk}"

    @property
    def may_be_informed(self) -> bool:
        return self.consent_contact and self.wants_updates


class AttendanceCount(AuditedModel):
    """Aggregate attendance for a meeting without a list: a total, by sex, by role or by oblast."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="counts")
    dimension = models.CharField(_("breakdown"), max_length=8, choices=CountDimension.choices)
    key = models.CharField(_("category"), max_length=20, help_text=_("Sex, role or oblast code; 'all' for the total."))
    oblast = models.ForeignKey(
        "geography.AdministrativeUnit",
        verbose_name=_("oblast"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    count = models.PositiveIntegerField(_("people"))

    class Meta:
        verbose_name = _("attendance count")
        verbose_name_plural = _("attendance counts")
        ordering = ["meeting", "dimension", "key"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "dimension", "key"], name="consultations_count_unique_key")
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id} {self.dimension}:{self.key}={self.count}"
