"""Violence against women in politics (VAWP): confidential reports, their follow-up and evidence.

A reporter's identity and every free text are encrypted at rest (tendik.core.crypto) and redacted from the audit
trail; only support staff in scope read them, and every read is in the access log. Anonymous reports keep no
identity at all. The receipt code and a secret (stored as a password hash) let the reporter check the status.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tendik.audit.models import AuditedModel
from tendik.core.crypto import EncryptedTextField
from tendik.core.uploads import PrivateFile


class ViolenceKind(models.TextChoices):
    """The forms of the seed's survey of women politicians, in its order."""

    SEXUAL_HARASSMENT = "sexual_harassment", _("Sexual harassment")
    PSYCHOLOGICAL = (
        "psychological",
        _(
            "Psychological violence: threats, sexist remarks, insults, intimidation, humiliation, blackmail, "
            "discrediting"
        ),
    )
    ECONOMIC = "economic", _("Economic violence")
    OBSTRUCTION = "obstruction", _("Obstruction: not allowed to speak, microphone switched off")
    MEDIA = "media", _("Offensive or sexual images or comments in social or other media")
    STALKING = "stalking", _("Stalking")
    PHYSICAL = "physical", _("Physical violence or its threat")


class ReporterRole(models.TextChoices):
    DEPUTY = "deputy", _("Deputy of a kenesh")
    CANDIDATE = "candidate", _("Candidate")
    CIVIL_SERVANT = "civil_servant", _("Civil or municipal servant")
    ACTIVIST = "activist", _("Activist")


class PerpetratorType(models.TextChoices):
    COLLEAGUE = "colleague", _("A colleague (deputy, staff)")
    VOTER = "voter", _("A voter or resident")
    OFFICIAL = "official", _("An official or a superior")
    FAMILY = "family", _("A family member")
    MEDIA = "media", pgettext_lazy("who did it", "Media or social-media users")
    UNKNOWN = "unknown", _("Unknown")


class ReportedTo(models.TextChoices):
    POLICE = "police", _("Police")
    LEADERSHIP = "leadership", _("Kenesh or party leadership, employer")
    OMBUDSMAN = "ombudsman", _("Ombudsman (Akyikatchy)")
    NGO = "ngo", _("Crisis centre or NGO")
    OTHER = "other", pgettext_lazy("reported to", "Someone else")


class SupportWanted(models.TextChoices):
    LEGAL = "legal", _("Legal advice")
    PSYCHOLOGICAL = "psychological", _("Psychological support")
    PEER = "peer", _("Talking with other women politicians")
    SAFETY = "safety", _("Safety planning")


class ReportState(models.TextChoices):
    RECEIVED = "received", pgettext_lazy("vawp state", "Received")
    IN_CONTACT = "in_contact", pgettext_lazy("vawp state", "In contact")
    SUPPORT_PROVIDED = "support_provided", pgettext_lazy("vawp state", "Support provided")
    CLOSED = "closed", pgettext_lazy("vawp state", "Closed")
    DECLINED = "declined", pgettext_lazy("vawp state", "Support declined")
    WITHDRAWN = "withdrawn", pgettext_lazy("vawp state", "Withdrawn by the reporter")


# States in which support staff still have something to do (the task home lists these).
OPEN_STATES = (ReportState.RECEIVED, ReportState.IN_CONTACT, ReportState.SUPPORT_PROVIDED)


class MarkFacet(models.TextChoices):
    KIND = "kind", _("kind of violence")
    PERPETRATOR = "perpetrator", _("who did it")
    REPORTED_TO = "reported_to", _("reported to")
    SUPPORT = "support", _("support wanted")


FACET_CHOICES: dict[str, type[models.TextChoices]] = {
    MarkFacet.KIND: ViolenceKind,
    MarkFacet.PERPETRATOR: PerpetratorType,
    MarkFacet.REPORTED_TO: ReportedTo,
    MarkFacet.SUPPORT: SupportWanted,
}

IDENTITY_FIELDS = ("reporter_name", "reporter_phone", "reporter_email", "contact_note")


class VawpReport(AuditedModel):
    """One confidential report. Its territory decides which support staff see it."""

    code = models.CharField(_("receipt code"), max_length=16, unique=True, editable=False)
    secret_hash = models.CharField(max_length=128, editable=False)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now, db_index=True)
    reporter_role = models.CharField(_("reporter's role"), max_length=20, choices=ReporterRole.choices)
    unit = models.ForeignKey(
        "geography.AdministrativeUnit",
        verbose_name=_("where it happened"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    oblast = models.ForeignKey(
        "geography.AdministrativeUnit",
        verbose_name=_("oblast"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    occurred_on = models.DateField(_("when it happened"), null=True, blank=True)
    ongoing = models.BooleanField(_("it is still happening"), default=False)
    description = EncryptedTextField(_("what happened"))
    reported_elsewhere = models.BooleanField(_("reported elsewhere"), default=False)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    reporter_name = EncryptedTextField(_("name"))
    reporter_phone = EncryptedTextField(_("phone"))
    reporter_email = EncryptedTextField(_("e-mail"))
    contact_note = EncryptedTextField(_("how and when it is safe to contact her"))
    # Only when she reported signed in and not anonymously; an anonymous report never links to an account.
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    state = models.CharField(
        _("state"), max_length=20, choices=ReportState.choices, default=ReportState.RECEIVED, editable=False
    )
    state_changed_at = models.DateTimeField(_("state changed"), default=timezone.now, editable=False)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("support worker"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    audit_redacted_fields = (*IDENTITY_FIELDS, "description", "secret_hash", "submitted_by")

    class Meta:
        verbose_name = _("report of violence against a woman in politics")
        verbose_name_plural = _("reports of violence against women in politics")
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["state", "submitted_at"])]

    def __str__(self) -> str:
        return self.code

    def audit_label(self) -> str:
        return self.code

    def values_of(self, facet: str) -> list[str]:
        """The marked values of one facet (uses prefetched marks when present)."""
        return [m.value for m in self.marks.all() if m.facet == facet]

    @property
    def kinds(self) -> list[str]:
        return self.values_of(MarkFacet.KIND)

    def labels_of(self, facet: str) -> list[str]:
        """Labels in the order of the choices, whatever order the boxes were stored in."""
        chosen = set(self.values_of(facet))
        return [str(label) for value, label in FACET_CHOICES[facet].choices if value in chosen]

    @property
    def labels_kind(self) -> list[str]:
        return self.labels_of(MarkFacet.KIND)

    @property
    def labels_perpetrator(self) -> list[str]:
        return self.labels_of(MarkFacet.PERPETRATOR)

    @property
    def labels_reported_to(self) -> list[str]:
        return self.labels_of(MarkFacet.REPORTED_TO)

    @property
    def labels_support(self) -> list[str]:
        return self.labels_of(MarkFacet.SUPPORT)


class VawpReportMark(AuditedModel):
    """One ticked box of a multiple choice (kind, who did it, reported to, support wanted): counted in the database."""

    report = models.ForeignKey(VawpReport, on_delete=models.CASCADE, related_name="marks")
    facet = models.CharField(max_length=20, choices=MarkFacet.choices)
    value = models.CharField(max_length=30)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "facet", "value"], name="vawp_mark_once")]
        indexes = [models.Index(fields=["facet", "value"])]

    def __str__(self) -> str:
        return f"{self.facet}:{self.value}"

    def audit_label(self) -> str:
        return f"{self.report_id}:{self.facet}"


class VawpReportEvent(AuditedModel):
    """The follow-up history: a state change or a note. Notes are encrypted like the identity."""

    report = models.ForeignKey(VawpReport, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_state = models.CharField(max_length=20, choices=ReportState.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=ReportState.choices, blank=True)
    note = EncryptedTextField(_("note"))

    audit_redacted_fields = ("note",)

    class Meta:
        ordering = ["at", "id"]

    def audit_label(self) -> str:
        return f"{self.report_id}:{self.pk}"

    @property
    def is_move(self) -> bool:
        return bool(self.to_state) and self.to_state != self.from_state


class VawpEvidence(AuditedModel, PrivateFile):
    """A photo or screenshot sent with a report: metadata stripped, stored encrypted, served only to support staff."""

    report = models.ForeignKey(VawpReport, on_delete=models.CASCADE, related_name="evidence")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["added_at", "id"]

    def audit_label(self) -> str:
        return f"{self.report_id}:{self.pk}"


# The survey beside which report statistics are shown (seed 000: a survey of women politicians by the International
# Republican Institute, cited in the May 2025 consultations report). Shares of surveyed women (low, high), not of
# reports.
SURVEY_BASELINE: dict[str, tuple[int, int]] = {
    ViolenceKind.SEXUAL_HARASSMENT: (97, 97),
    ViolenceKind.PSYCHOLOGICAL: (32, 32),
    ViolenceKind.ECONOMIC: (30, 30),
    ViolenceKind.OBSTRUCTION: (12, 14),
    ViolenceKind.MEDIA: (11, 11),
    ViolenceKind.STALKING: (6, 6),
    ViolenceKind.PHYSICAL: (2, 2),  # experienced herself
}
SURVEY_PHYSICAL_KNOWN = 12  # % who know of physical violence or its threat against other women politicians

__all__ = [
    "FACET_CHOICES",
    "OPEN_STATES",
    "MarkFacet",
    "PerpetratorType",
    "ReportState",
    "ReportedTo",
    "ReporterRole",
    "SupportWanted",
    "VawpEvidence",
    "VawpReport",
    "VawpReportEvent",
    "VawpReportMark",
    "ViolenceKind",
]
