"""Choices shared across the protection module (the law's categories, GBVIMS types, sectors)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")


class AgeGroup(models.TextChoices):
    # GBVIMS age groups, so that figures compare with other countries' systems.
    AGE_0_11 = "0_11", _("0–11")
    AGE_12_17 = "12_17", _("12–17")
    AGE_18_25 = "18_25", _("18–25")
    AGE_26_40 = "26_40", _("26–40")
    AGE_41_60 = "41_60", _("41–60")
    AGE_61 = "61_plus", _("61 and over")


class Sector(models.TextChoices):
    POLICE = "police", _("Police")
    HEALTH = "health", _("Health")
    EDUCATION = "education", _("Education")
    SOCIAL = "social", _("Social development")
    LOCAL_GOVERNMENT = "local_government", _("Local self-government")
    KENESH_DEPUTY = "kenesh_deputy", _("Local kenesh deputy")
    AKSAKAL_COURT = "aksakal_court", _("Aksakal court")
    WOMENS_COUNCIL = "womens_council", _("Women's council")
    YOUTH_COUNCIL = "youth_council", _("Youth council")
    ACTIVIST = "activist", pgettext_lazy("person", "Activist")
    LAWYER = "lawyer", _("Lawyer")
    NGO = "ngo", _("NGO")
    CRISIS_CENTRE = "crisis_centre", _("Crisis centre")
    OTHER = "other", _("Other")


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    DEPUTY = "deputy", _("Deputy chair")
    SECRETARY = "secretary", _("Secretary")
    MEMBER = "member", _("Member")


class ViolenceForm(models.TextChoices):
    # Law No. 63 of 27 April 2017 "On protection from family violence", with the 2025 amendments.
    PHYSICAL = "physical", _("Physical")
    PSYCHOLOGICAL = "psychological", _("Psychological")
    ECONOMIC = "economic", _("Economic")
    SEXUAL = "sexual", _("Sexual")
    NEGLECT = "neglect", _("Neglect")
    STALKING = "stalking", _("Stalking")


class GbvimsType(models.TextChoices):
    # In GBVIMS order: an incident is classified by the first type that applies.
    RAPE = "rape", _("Rape")
    SEXUAL_ASSAULT = "sexual_assault", _("Sexual assault")
    PHYSICAL_ASSAULT = "physical_assault", _("Physical assault")
    FORCED_MARRIAGE = "forced_marriage", _("Forced marriage (incl. early marriage)")
    DENIAL = "denial", _("Denial of resources, opportunities or services")
    PSYCHOLOGICAL = "psychological", _("Psychological / emotional abuse")


class Relationship(models.TextChoices):
    SPOUSE = "spouse", _("Husband or wife")
    FORMER_SPOUSE = "former_spouse", _("Former husband or wife")
    PARTNER = "partner", _("Partner (not married)")
    PARENT = "parent", _("Parent")
    CHILD = "child", _("Son or daughter")
    PARENT_IN_LAW = "parent_in_law", _("Parent-in-law")
    SIBLING = "sibling", _("Brother or sister")
    OTHER_RELATIVE = "other_relative", _("Other relative")
    OTHER = "other", _("Other household member")


class Category(models.TextChoices):
    STATE_EMPLOYEE = "state_employee", _("State or municipal employee")
    NGO = "ngo", _("NGO")
    ACTIVIST = "activist", pgettext_lazy("person", "Activist")
    PUPILS = "pupils", _("Pupils")
    PARENTS = "parents", _("Parents")
    RESIDENTS = "residents", _("Residents")
