"""Administrative units of Kyrgyzstan (SOATE), with validity periods and name history."""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
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


# The name columns, for `.only(...)` where a unit's `name` is shown.
NAME_FIELDS = ("name_ru", "name_ky", "name_en")

# Levels that are municipalities: they adopt local plans and host committees.
MUNICIPAL_LEVELS = (UnitLevel.AYIL_AIMAK, UnitLevel.TOWN, UnitLevel.CITY, UnitLevel.OTHER)


# Folded for search only: ё→е, the Kyrgyz letters to their Russian-keyboard look-alikes (ң, and ӊ which some
# sources use for it, → н; ө → о; ү → у), hyphens and dashes to spaces.
_SEARCH_FOLD = str.maketrans({"ё": "е", "ң": "н", "ӊ": "н", "ө": "о", "ү": "у", "-": " ", "‐": " ", "–": " ", "—": " "})


def name_in_language(name_ru: str, name_ky: str, name_en: str, *, lang: str | None = None) -> str:
    """A territory's name in the reader's language (`lang`: its code, if already known), Russian when it has none
    (`AdministrativeUnit.name`)."""
    lang = (lang or get_language() or "ru")[:2]
    return {"ky": name_ky, "en": name_en}.get(lang) or name_ru


def normalise_name(text: str) -> str:
    """Lower-case and fold, so that a search matches however a name is typed ("ат-башы" finds «Ат-Башы»)."""
    text = (text or "").lower().translate(_SEARCH_FOLD)
    return " ".join(text.split())


def clean_name(text: str) -> str:
    """A name as stored: single spaces, and ң (U+04A3) where a source wrote ӊ (U+04CA)."""
    text = (text or "").replace("ӊ", "ң").replace("Ӊ", "Ң")
    return " ".join(text.split())


_KY_CITY = re.compile(r"\s+ш\.?$")
_EN_CITY = re.compile(r"\s*\(city\)$", re.IGNORECASE)


def name_ky_clean(text: str) -> str:
    """«Каракол ш.» → «Каракол»: the level already says it is a city."""
    return _KY_CITY.sub("", clean_name(text))


def name_en_clean(text: str) -> str:
    """ "Karakol (city)" → "Karakol"."""
    return _EN_CITY.sub("", clean_name(text))


def oblast_names(name_ky: str, name_en: str) -> tuple[str, str]:
    """An oblast's Kyrgyz and English names in their official form: «Ысык-Көл облусу», "Issyk-Kul Region" (the
    boundary source gives the bare «Ысык-Көл», which is also the rayon's name)."""
    if name_ky and not name_ky.endswith(" облусу"):
        name_ky += " облусу"
    if name_en and not name_en.endswith(" Region"):
        name_en += " Region"
    return name_ky, name_en


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
    code = models.CharField(_("SOATE code"), max_length=14, unique=True)
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

    def audit_label(self) -> str:
        return self.code

    @property
    def name(self) -> str:
        return name_in_language(self.name_ru, self.name_ky, self.name_en)

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return (self.valid_from is None or self.valid_from <= today) and (
            self.valid_to is None or self.valid_to > today
        )

    @property
    def is_municipality(self) -> bool:
        return self.level in MUNICIPAL_LEVELS and not (self.level == UnitLevel.CITY and self.parent_id is None)

    def ancestor_codes(self) -> list[str]:
        return [c for c in self.path.split("/") if c]

    @staticmethod
    def code_at(path: str) -> str:
        """The code of the unit at a materialised `path` (its last segment; "" for the country's empty path)."""
        return path.rstrip("/").rsplit("/", 1)[-1]

    def contains(self, other: AdministrativeUnit) -> bool:
        return other.path.startswith(self.path)

    def refresh_derived(self) -> None:
        """Recompute path, depth and search text from parent and names (call before save)."""
        parent_path = self.parent.path if self.parent_id and self.parent else ""
        self.path = f"{parent_path}{self.code}/"
        self.depth = parent_path.count("/")
        names = [self.name_ru, self.name_ky, self.name_en, *[n.name for n in self._history_names()]]
        if self.name_ru.startswith("г."):  # «г.Каракол» is also found as «Каракол»
            names.append(self.name_ru[2:])
        self.search_text = normalise_name(" | ".join(n for n in names if n))

    def _history_names(self) -> list[UnitName]:
        if self.pk is None:
            return []
        return list(self.former_names.all())


class NameKind(models.TextChoices):
    FORMER = "former", _("Former name")
    VARIANT = "variant", _("Other spelling")


class UnitName(AuditedModel):
    """A former name or another spelling of a unit: renames are kept, and both are found by search."""

    unit = models.ForeignKey(AdministrativeUnit, on_delete=models.CASCADE, related_name="former_names")
    name = models.CharField(_("name"), max_length=200)
    language = models.CharField(_("language"), max_length=2, default="ru")
    kind = models.CharField(_("kind"), max_length=10, choices=NameKind.choices, default=NameKind.FORMER)
    valid_to = models.DateField(_("used until"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("former name")
        verbose_name_plural = _("former names")
        ordering = ["unit", "kind", "-valid_to", "name"]

    def __str__(self) -> str:
        return self.name

    def audit_label(self) -> str:
        return f"{self.unit_id}:{self.language}"


class UnitBoundary(models.Model):
    """Simplified boundary (GeoJSON geometry in WGS84) for maps: oblasts, rayons and cities.

    `svg_path` is the geometry projected once into the national map frame (tendik.geography.maps), with its
    bounding box, so that a map page never loads or projects the geometry.
    """

    unit = models.OneToOneField(AdministrativeUnit, on_delete=models.CASCADE, related_name="boundary")
    geometry = models.JSONField()
    source = models.CharField(max_length=200, blank=True)
    svg_path = models.TextField(blank=True, editable=False)
    min_x = models.FloatField(default=0, editable=False)
    min_y = models.FloatField(default=0, editable=False)
    max_x = models.FloatField(default=0, editable=False)
    max_y = models.FloatField(default=0, editable=False)
    label_x = models.FloatField(default=0, editable=False)
    label_y = models.FloatField(default=0, editable=False)

    class Meta:
        verbose_name = _("boundary")
        verbose_name_plural = _("boundaries")

    def __str__(self) -> str:
        return f"{self.unit_id}"


class ImportStatus(models.TextChoices):
    PREVIEW = "preview", _("Awaiting confirmation")
    APPLIED = "applied", _("Applied")
    CANCELLED = "cancelled", _("Cancelled")


# The only moves an import may make; anything else raises (services.imports.territory_import_transition).
IMPORT_TRANSITIONS: dict[str, frozenset[str]] = {
    ImportStatus.PREVIEW: frozenset({ImportStatus.APPLIED, ImportStatus.CANCELLED}),
    ImportStatus.APPLIED: frozenset(),
    ImportStatus.CANCELLED: frozenset(),
}


class TerritoryImport(AuditedModel):
    """An uploaded SOATE list between preview and confirmation: the parsed rows and the planned changes."""

    created_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    file_name = models.CharField(_("file"), max_length=255)
    sheet = models.CharField(_("sheet"), max_length=100, blank=True)
    effective_on = models.DateField(_("changes take effect on"))
    close_absent = models.BooleanField(_("close units absent from the file"), default=True)
    status = models.CharField(_("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.PREVIEW)
    rows = models.JSONField(_("rows"), default=list, help_text=_("The parsed rows of the file."))
    plan = models.JSONField(_("planned changes"), default=dict)
    summary = models.JSONField(_("summary"), default=dict, help_text=_("Number of changes of each kind."))
    decided_at = models.DateTimeField(_("applied or cancelled"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applied or cancelled by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    # The rows and the plan are the file itself: the trail records the import's decisions, not 500 rows twice.
    audit_ignored_fields = ("rows", "plan")

    class Meta:
        verbose_name = _("territory import")
        verbose_name_plural = _("territory imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    def audit_label(self) -> str:
        return f"import-{self.pk}"

    @property
    def change_count(self) -> int:
        return sum(int(v) for v in self.summary.values())
