"""Administrative units of Kyrgyzstan (СОАТЕ), with validity periods and name history."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tendik.audit.models import AuditedModel


class UnitLevel(models.TextChoices):
    OBLAST = "oblast", _("Oblast")
    CITY = "city", _("City")
    RAYON = "rayon", _("Rayon")
    TOWN = "town", _("Town")
    AYIL_AIMAK = "ayil_aimak", _("Ayil aimak")
    OTHER = "other", _("Other settlement")


# Levels that are municipalities: they adopt local plans and host committees.
MUNICIPAL_LEVELS = (UnitLevel.AYIL_AIMAK, UnitLevel.TOWN, UnitLevel.CITY, UnitLevel.OTHER)


def normalise_name(text: str) -> str:
    """Lower-case, ё→е, Kyrgyz letters folded, so that searches match however a name is typed."""
    text = (text or "").lower().replace("ё", "е").replace("ӊ", "ң")
    return " ".join(text.split())


class UnitQuerySet(models.QuerySet["AdministrativeUnit"]):
    def current(self, on: dt.date | None = None) -> UnitQuerySet:
        on = on or timezone.localdate()
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=on)
        )

    def within(self, unit: AdministrativeUnit) -> UnitQuerySet:
        """The unit and everything under it."""
        return self.filter(path__startswith=unit.path)

    def search(self, query: str) -> UnitQuerySet:
        q = normalise_name(query)
        if not q:
            return self
        return self.filter(Q(search_text__contains=q) | Q(code__startswith=q))


class AdministrativeUnit(AuditedModel):
    code = models.CharField(_("СОАТЕ code"), max_length=14, unique=True)
    level = models.CharField(_("level"), max_length=12, choices=UnitLevel.choices, db_index=True)
    kind_ru = models.CharField(_("kind (Russian)"), max_length=80, blank=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # Materialised path of codes from the top ("41702000000000/41702205000000/"): scope checks are one prefix test.
    path = models.CharField(max_length=255, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    name_ky = models.CharField(_("name (Kyrgyz)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    search_text = models.TextField(editable=False, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True, help_text=_("Empty while the unit exists."))
    source = models.CharField(_("source"), max_length=100, blank=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        lang = (get_language() or "ru")[:2]
        return {"ky": self.name_ky, "en": self.name_en}.get(lang) or self.name_ru

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return (self.valid_from is None or self.valid_from <= today) and (self.valid_to is None or self.valid_to > today)

    @property
    def is_municipality(self) -> bool:
        return self.level in MUNICIPAL_LEVELS and not (self.level == UnitLevel.CITY and self.parent_id is None)

    def ancestor_codes(self) -> list[str]:
        return [c for c in self.path.split("/") if c]

    def contains(self, other: AdministrativeUnit) -> bool:
        return other.path.startswith(self.path)

    def refresh_derived(self) -> None:
        """Recompute path, depth and search text from parent and names (call before save)."""
        parent_path = self.parent.path if self.parent_id and self.parent else ""
        self.path = f"{parent_path}{self.code}/"
        self.depth = parent_path.count("/")
        names = [self.name_ru, self.name_ky, self.name_en, *[n.name for n in self._history_names()]]
        self.search_text = normalise_name(" | ".join(n for n in names if n))

    def _history_names(self) -> list[UnitName]:
        if self.pk is None:
            return []
        return list(self.former_names.all())


class UnitName(AuditedModel):
    """A former name of a unit (renames are kept, and found by search)."""

    unit = models.ForeignKey(AdministrativeUnit, on_delete=models.CASCADE, related_name="former_names")
    name = models.CharField(_("name"), max_length=200)
    language = models.CharField(_("language"), max_length=2, default="ru")
    valid_to = models.DateField(_("used until"), null=True, blank=True)

    class Meta:
        verbose_name = _("former name")
        verbose_name_plural = _("former names")
        ordering = ["unit", "-valid_to"]

    def __str__(self) -> str:
        return self.name


class UnitBoundary(models.Model):
    """Simplified boundary (GeoJSON geometry in WGS84) for maps; oblast and rayon levels."""

    unit = models.OneToOneField(AdministrativeUnit, on_delete=models.CASCADE, related_name="boundary")
    geometry = models.JSONField()
    source = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("boundary")
        verbose_name_plural = _("boundaries")

    def __str__(self) -> str:
        return f"{self.unit_id}"
