"""Cadre reserve and youth leaders (кадровый резерв, база молодых лидеров), shortlists for vacancies.

Personal fields are encrypted at rest and kept only within the scope the person consented to. Erasing a person
on request deletes the profile and leaves an anonymous tally (sex, age group, territory, year), so counts stay right.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from tendik.audit.models import AuditedModel
from tendik.core.concurrency import Versioned
from tendik.core.crypto import EncryptedTextField
from tendik.geography.models import AdministrativeUnit
from tendik.protection.models.choices import Sex  # one set of sex choices across modules (and in the API schema)

PERSONAL_FIELDS = ("full_name", "birth_year", "phone", "email", "education", "experience", "projects", "notes")
CONTACT_FIELDS = ("phone", "email")


def join_codes(codes: list[str] | tuple[str, ...] | set[str]) -> str:
    return f",{','.join(sorted(set(codes)))}," if codes else ""


def split_codes(text: str) -> list[str]:
    return [c for c in (text or "").split(",") if c]


class AgeGroup(models.TextChoices):
    # Youth in Kyrgyz statistics is 14–35 (Law on youth policy as amended); the reserve counts adults.
    AGE_18_24 = "18_24", _("18–24")
    AGE_25_35 = "25_35", _("25–35")
    AGE_36_45 = "36_45", _("36–45")
    AGE_46_60 = "46_60", _("46–60")
    AGE_61 = "61_plus", _("61 and over")


def age_group_for(birth_year: int, on: dt.date | None = None) -> str:
    age = (on or timezone.localdate()).year - birth_year
    if age <= 24:
        return AgeGroup.AGE_18_24
    if age <= 35:
        return AgeGroup.AGE_25_35
    if age <= 45:
        return AgeGroup.AGE_36_45
    if age <= 60:
        return AgeGroup.AGE_46_60
    return AgeGroup.AGE_61


class Language(models.TextChoices):
    KYRGYZ = "ky", _("Kyrgyz")
    RUSSIAN = "ru", _("Russian")
    UZBEK = "uz", _("Uzbek")
    TAJIK = "tg", _("Tajik")
    ENGLISH = "en", _("English")
    OTHER = "other", pgettext_lazy("language", "Other")


class ConsentItem(models.TextChoices):
    """What the person agreed may be kept and shown (по согласию: объём согласия)."""

    PROFILE = "profile", _("Name, year of birth, education, experience and projects")
    CONTACTS = "contacts", _("Phone and e-mail")
    SHORTLISTS = "shortlists", _("Being proposed for vacancies (shortlists)")


class ExpertiseArea(Versioned, AuditedModel):
    """A configurable area of expertise (law, IT, media, family economy, psychological support …)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=150)
    name_ky = models.CharField(_("name (Kyrgyz)"), max_length=150, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("area of expertise")
        verbose_name_plural = _("areas of expertise")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return {"ky": self.name_ky, "en": self.name_en}.get(get_language() or "ru", "") or self.name_ru


class ReservePerson(Versioned, AuditedModel):
    """A woman or a young leader who could take a state or municipal post. Only the code leaves the profile."""

    audit_redacted_fields = (*PERSONAL_FIELDS, "identity_hash")

    code = models.CharField(_("code"), max_length=20, unique=True, editable=False)
    territory = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="reserve_people", verbose_name=_("territory")
    )
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices)
    age_group = models.CharField(_("age group"), max_length=8, choices=AgeGroup.choices)
    is_youth_leader = models.BooleanField(_("youth leader"), default=False)
    # Codes joined by commas (",ky,ru,"), so that a filter is one LIKE on every database.
    languages = models.CharField(_("languages"), max_length=60, blank=True, default="")
    areas = models.ManyToManyField(ExpertiseArea, blank=True, related_name="people", verbose_name=_("areas"))
    # Consent: date and scope; without PROFILE nothing personal is stored, without CONTACTS no phone or e-mail.
    consent_on = models.DateField(_("consent given on"), null=True, blank=True)
    consent_scope = models.CharField(_("consent covers"), max_length=60, blank=True, default="")
    # Personal data, encrypted.
    full_name = EncryptedTextField(_("full name"))
    birth_year = EncryptedTextField(_("year of birth"))
    phone = EncryptedTextField(_("phone"))
    email = EncryptedTextField(_("e-mail"))
    education = EncryptedTextField(_("education"))
    experience = EncryptedTextField(_("work experience"))
    projects = EncryptedTextField(_("projects and volunteering"))
    notes = EncryptedTextField(_("notes"))
    identity_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    registered_on = models.DateField(_("added to the reserve"), default=timezone.localdate)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("person in the cadre reserve")
        verbose_name_plural = _("cadre reserve")
        ordering = ["-registered_on", "-id"]
        indexes = [models.Index(fields=["territory", "sex"])]

    def __str__(self) -> str:
        return self.code

    def audit_label(self) -> str:
        return self.code

    def consents_to(self, item: str) -> bool:
        return item in self.consent_items

    @property
    def consent_items(self) -> list[str]:
        return split_codes(self.consent_scope)

    @property
    def language_codes(self) -> list[str]:
        return split_codes(self.languages)

    @property
    def initials(self) -> str:
        """«Айгүл Т.» → «А. Т.»: what a list or a public page may show."""
        parts = [p for p in (self.full_name or "").replace(".", " ").split() if p]
        return " ".join(f"{p[0].upper()}." for p in parts[:3]) or self.code

    def language_labels(self) -> list[str]:
        labels = dict(Language.choices)
        return [str(labels.get(code, code)) for code in self.language_codes]

    def consent_labels(self) -> list[str]:
        labels = dict(ConsentItem.choices)
        return [str(labels.get(code, code)) for code in self.consent_items]


class ReserveTally(AuditedModel):
    """Anonymous counts left by people erased from the reserve, so that statistics stay right."""

    territory = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("territory")
    )
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices)
    age_group = models.CharField(_("age group"), max_length=8, choices=AgeGroup.choices)
    year = models.PositiveSmallIntegerField(_("year added to the reserve"))
    is_youth_leader = models.BooleanField(_("youth leader"), default=False)
    trainings_completed = models.PositiveIntegerField(_("trainings completed"), default=0)
    count = models.PositiveIntegerField(_("people"), default=0)

    class Meta:
        verbose_name = _("anonymous reserve count")
        verbose_name_plural = _("anonymous reserve counts")
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "sex", "age_group", "year", "is_youth_leader"], name="reserve_tally_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.sex} {self.age_group}: {self.count}"


class ShortlistStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("shortlist", "Open")
    FILLED = "filled", _("Post filled")
    CANCELLED = "cancelled", pgettext_lazy("shortlist", "Cancelled")


class Shortlist(AuditedModel):
    """A named list of candidates from the reserve for one post in a body or territory."""

    title = models.CharField(_("title"), max_length=200)
    post = models.CharField(_("post"), max_length=200)
    body_name = models.CharField(_("body"), max_length=200, blank=True)
    territory = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="reserve_shortlists", verbose_name=_("territory")
    )
    deadline = models.DateField(_("apply by"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ShortlistStatus.choices, default=ShortlistStatus.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("shortlist for a vacancy")
        verbose_name_plural = _("shortlists for vacancies")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class ShortlistEntry(AuditedModel):
    audit_redacted_fields = ("note",)

    shortlist = models.ForeignKey(Shortlist, on_delete=models.CASCADE, related_name="entries")
    person = models.ForeignKey(ReservePerson, on_delete=models.CASCADE, related_name="shortlist_entries")
    note = EncryptedTextField(_("note"))
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("candidate on a shortlist")
        verbose_name_plural = _("candidates on shortlists")
        ordering = ["added_at", "id"]
        constraints = [models.UniqueConstraint(fields=["shortlist", "person"], name="shortlist_entry_unique")]

    def __str__(self) -> str:
        return f"{self.shortlist_id}:{self.person_id}"

    def audit_label(self) -> str:
        return f"{self.shortlist_id}:{self.person.code}"
