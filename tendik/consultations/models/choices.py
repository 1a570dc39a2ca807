"""Fixed vocabularies of the consultations module."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Theme(models.TextChoices):
    """The six themes of the May 2025 series' general recommendations."""

    ECONOMIC = "economic", _("Economic empowerment")
    EDUCATION_CULTURE = "education_culture", _("Gender education and culture")
    VIOLENCE_PROTECTION = "violence_protection", _("Protection from violence and discrimination")
    POLITICAL_PARTICIPATION = "political_participation", _("Political participation and leadership")
    BUDGETS_AUDIT = "budgets_audit", _("Fair budgets and gender audit")
    CLIMATE_ENVIRONMENT = "climate_environment", _("Climate and environment")


class Level(models.TextChoices):
    NATIONAL = "national", _("National level")
    LOCAL = "local", _("Local level")


class RecommendationScope(models.TextChoices):
    GENERAL = "general", _("General (all regions)")
    REGIONAL = "regional", _("Regional")


class ParticipantRole(models.TextChoices):
    DEPUTY = "deputy", _("Local kenesh deputy")
    ACTIVIST = "activist", _("Activist")
    GOVERNMENT = "government", _("Government representative")
    OTHER = "other", _("Other")


class Sex(models.TextChoices):
    FEMALE = "female", _("Woman")
    MALE = "male", _("Man")


class AgeGroup(models.TextChoices):
    UNDER_30 = "under_30", _("Under 30")
    FROM_30_TO_44 = "30_44", _("30–44")
    FROM_45_TO_59 = "45_59", _("45–59")
    OVER_60 = "60_plus", _("60 and over")


class Language(models.TextChoices):
    RU = "ru", "Русский"
    KY = "ky", "Кыргызча"
    EN = "en", "English"


class AttachmentKind(models.TextChoices):
    DOCUMENT = "document", _("Document")
    MINUTES = "minutes", _("Minutes")
    PHOTO = "photo", _("Photo")


class CountDimension(models.TextChoices):
    TOTAL = "total", _("Total")
    SEX = "sex", _("Sex")
    ROLE = "role", _("Role")
    OBLAST = "oblast", _("Oblast")


class EventKind(models.TextChoices):
    CREATED = "created", _("Recommendation recorded")
    UPDATED = "updated", _("Recommendation edited")
    LINKED = "linked", _("Links to the plans changed")
    ANSWERED = "answered", _("Answer prepared")
    PUBLISHED = "published", _("Answer published")
    MERGED_INTO = "merged_into", _("Merged into another recommendation")
    MERGED_FROM = "merged_from", _("A duplicate was merged into this recommendation")
    MEASURE_PROGRESS = "measure_progress", _("Progress reported on the implementing measure")
    NOTIFIED = "notified", _("Participants informed")
    IMPORTED = "imported", _("Imported from Excel")
