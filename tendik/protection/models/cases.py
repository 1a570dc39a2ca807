"""Confidential family-violence cases: survivor, perpetrators, incidents, risk, consent, stages.

Identities are encrypted at rest (tendik.core.crypto) and found again by keyed hashes; only the case code
ever leaves the case (audit trail, notifications, meeting minutes, URLs).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tendik.audit.models import AuditedModel
from tendik.core.concurrency import Versioned
from tendik.core.crypto import EncryptedDateField, EncryptedTextField
from tendik.protection.models.choices import AgeGroup, GbvimsType, Relationship, Sex, ViolenceForm
from tendik.protection.models.committees import Committee

SURVIVOR_IDENTITY_FIELDS = (
    "survivor_name",
    "survivor_birth_date",
    "survivor_address",
    "survivor_phone",
    "survivor_document",
)
PERPETRATOR_IDENTITY_FIELDS = ("name", "birth_date", "address", "phone", "document")


class CaseStage(models.TextChoices):
    OPENED = "opened", _("Opened")
    ASSESSMENT = "assessment", _("Assessment")
    PLAN = "plan", _("Safety and case plan")
    SERVICES = "services", _("Services")
    FOLLOW_UP = "follow_up", _("Follow-up")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")


class ClosureReason(models.TextChoices):
    RESOLVED = "resolved", _("Needs met, safety restored")
    SURVIVOR_DECLINED = "survivor_declined", _("Survivor declined further help")
    MOVED = "moved", _("Survivor moved away")
    REFERRED = "referred", _("Transferred to another service")
    LOST_CONTACT = "lost_contact", _("Contact lost")
    OTHER = "other", _("Other")


class RiskLevel(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class ConsentKind(models.TextChoices):
    SERVICES = "services", _("To receive services")
    DISCLOSURE = "disclosure", _("To disclose information to an organisation")
    STATISTICS = "statistics", _("To be counted in non-identifiable statistics")


class DisclosureItem(models.TextChoices):
    IDENTITY = "identity", _("Name and date of birth")
    CONTACTS = "contacts", _("Address and phone")
    DOCUMENT = "document", _("Identity document")
    PERPETRATOR = "perpetrator", _("Perpetrator's identity")
    INCIDENTS = "incidents", _("What happened (incidents)")
    RISK = "risk", _("Risk assessment")


# Items that reveal who a person is: a referral carrying any of them needs consent to that disclosure.
IDENTIFYING_ITEMS = frozenset(
    {DisclosureItem.IDENTITY, DisclosureItem.CONTACTS, DisclosureItem.DOCUMENT, DisclosureItem.PERPETRATOR}
)


class PlaceType(models.TextChoices):
    HOME = "home", pgettext_lazy("place", "Home")
    RELATIVES = "relatives", _("Relatives' home")
    STREET = "street", _("Street or public place")
    WORK = "work", _("Workplace")
    SCHOOL = "school", _("School")
    ONLINE = "online", _("Phone or online")
    OTHER = "other", _("Other")


class Case(Versioned, AuditedModel):
    audit_redacted_fields = (*SURVIVOR_IDENTITY_FIELDS, "survivor_hash", "safety_plan", "notes")
    concurrency_hidden_fields = (*SURVIVOR_IDENTITY_FIELDS, "safety_plan", "notes")

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="cases", verbose_name=_("committee")
    )
    code = models.CharField(_("case code"), max_length=30, unique=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_cases",
        verbose_name=_("case owner"),
    )
    opened_on = models.DateField(_("opened"), default=timezone.localdate)
    stage = models.CharField(_("stage"), max_length=12, choices=CaseStage.choices, default=CaseStage.OPENED)
    closed_on = models.DateField(pgettext_lazy("case", "closed"), null=True, blank=True)
    closure_reason = models.CharField(_("reason for closing"), max_length=20, choices=ClosureReason.choices, blank=True)
    # Survivor's identity: encrypted.
    survivor_name = EncryptedTextField(_("survivor's name"))
    survivor_birth_date = EncryptedDateField(_("date of birth"), null=True)
    survivor_address = EncryptedTextField(_("address"))
    survivor_phone = EncryptedTextField(_("phone"))
    survivor_document = EncryptedTextField(_("identity document"))
    survivor_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    # Non-identifying, for statistics.
    survivor_sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices)
    survivor_age_group = models.CharField(_("age group"), max_length=8, choices=AgeGroup.choices)
    survivor_disability = models.BooleanField(_("has a disability"), default=False)
    relationship = models.CharField(
        _("relationship to the perpetrator"),
        max_length=16,
        choices=Relationship.choices,
        blank=True,
        help_text=_("The perpetrator is the survivor's …"),
    )
    safety_plan = EncryptedTextField(_("safety plan"))
    notes = EncryptedTextField(_("case notes"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-opened_on", "-id"]
        indexes = [models.Index(fields=["committee", "opened_on"])]

    def __str__(self) -> str:
        return self.code

    def audit_label(self) -> str:
        return self.code


class CaseShare(AuditedModel):
    """The owner or chair shared the case (and its identity) with another member of the committee."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="shares", verbose_name=_("case"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shared_cases", verbose_name=_("shared with")
    )
    shared_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    shared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("case sharing")
        verbose_name_plural = _("case sharing")
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="case_share_unique")]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.user_id}"

    def audit_label(self) -> str:
        return f"{self.case.code} → {self.user_id}"


class CaseStageEvent(models.Model):
    """One move of a case from stage to stage (the case's history)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="stage_events")
    from_stage = models.CharField(_("from"), max_length=12, choices=CaseStage.choices, blank=True)
    to_stage = models.CharField(_("to"), max_length=12, choices=CaseStage.choices)
    at = models.DateTimeField(_("when"), default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.CharField(_("reason"), max_length=20, blank=True)
    note = EncryptedTextField(_("note"))

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_stage}→{self.to_stage}"

    @property
    def reason_label(self) -> str:
        """The reason in words (a closing reason is stored as its code)."""
        return str(ClosureReason(self.reason).label) if self.reason in ClosureReason.values else self.reason


class Perpetrator(AuditedModel):
    audit_redacted_fields = (*PERPETRATOR_IDENTITY_FIELDS, "identity_hash")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="perpetrators", verbose_name=_("case"))
    name = EncryptedTextField(pgettext_lazy("person", "name"))
    birth_date = EncryptedDateField(_("date of birth"), null=True)
    address = EncryptedTextField(_("address"))
    phone = EncryptedTextField(_("phone"))
    document = EncryptedTextField(_("identity document"))
    identity_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices, blank=True)
    relationship = models.CharField(
        _("relationship to the survivor"), max_length=16, choices=Relationship.choices, blank=True
    )

    class Meta:
        verbose_name = _("perpetrator")
        verbose_name_plural = _("perpetrators")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"#{self.pk}"

    def audit_label(self) -> str:
        return f"{self.case.code} / {self.pk}"


class Incident(AuditedModel):
    audit_redacted_fields = ("description",)

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="incidents", verbose_name=_("case"))
    occurred_on = models.DateField(_("date"))
    place_type = models.CharField(_("place"), max_length=10, choices=PlaceType.choices, default=PlaceType.HOME)
    forms = models.JSONField(_("forms of violence"), default=list, help_text=_("Several may apply."))
    gbvims_type = models.CharField(_("GBVIMS type"), max_length=20, choices=GbvimsType.choices)
    description = EncryptedTextField(_("description"))

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-occurred_on", "-id"]

    def __str__(self) -> str:
        return f"{self.occurred_on}"

    def audit_label(self) -> str:
        return f"{self.case.code} / {self.occurred_on}"

    def forms_labels(self) -> list[str]:
        return [str(ViolenceForm(f).label) for f in self.forms if f in ViolenceForm.values]


class RiskAssessment(AuditedModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="risk_assessments", verbose_name=_("case"))
    assessed_on = models.DateField(_("date"), default=timezone.localdate)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    answers = models.JSONField(_("answers"), default=dict)
    score = models.PositiveSmallIntegerField(_("score"), default=0)
    level = models.CharField(_("risk level"), max_length=6, choices=RiskLevel.choices)

    class Meta:
        verbose_name = _("risk assessment")
        verbose_name_plural = _("risk assessments")
        ordering = ["-assessed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.assessed_on} {self.level}"

    def audit_label(self) -> str:
        return f"{self.case.code} / {self.assessed_on}"


class Consent(AuditedModel):
    """The survivor's consent: to services, to each disclosure to an organisation, to statistics."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consents", verbose_name=_("case"))
    kind = models.CharField(_("consent to"), max_length=12, choices=ConsentKind.choices)
    provider = models.ForeignKey(
        "protection.ServiceProvider",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consents",
        verbose_name=_("organisation"),
        help_text=_("For a disclosure: to whom."),
    )
    items = models.JSONField(_("what may be disclosed"), default=list, blank=True)
    given_on = models.DateField(_("given on"), default=timezone.localdate)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_on", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.given_on}"

    def audit_label(self) -> str:
        return f"{self.case.code} / {self.kind}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_on is None

    def items_labels(self) -> list[str]:
        return disclosure_labels(self.items)


def disclosure_labels(items: list[str]) -> list[str]:
    return [str(DisclosureItem(i).label) for i in items if i in DisclosureItem.values]
