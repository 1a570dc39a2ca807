"""The reserve in Excel: export (personal data only for RESERVE_VIEW holders, each exported profile logged) and
import through the shared tabular mechanism (cell-precise errors, nothing saved unless every row is right).

The import reads the columns the export writes, so an exported sheet (without the code column) goes back in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from tendik.accounts.permissions import has_perm
from tendik.accounts.roles import Perm
from tendik.audit.services import access_log
from tendik.core import tabular as t
from tendik.core.spreadsheets import XlsxWriter
from tendik.geography.models import AdministrativeUnit
from tendik.participation.models.reserve import (
    AgeGroup,
    ConsentItem,
    ExpertiseArea,
    Language,
    ReservePerson,
    Sex,
)
from tendik.participation.selectors import reserve as sel
from tendik.participation.services import reserve as services


def _labels(choices: Any) -> dict[str, str]:
    return {value: str(label) for value, label in choices}


def reserve_workbook(*, user: Any, filters: sel.ReserveFilters | None = None) -> bytes:
    """The reserve in the user's scope. RESERVE_VIEW: one row per person (logged as read); otherwise (participation
    roles) anonymous counts only."""
    book = XlsxWriter(wrap=True)
    sexes, ages = _labels(Sex.choices), _labels(AgeGroup.choices)
    if not has_perm(user, Perm.RESERVE_VIEW):
        sheet = book.sheet(
            _("Reserve in figures"),
            headers=[_("Territory code"), _("Territory"), _("Sex"), _("Age group"), _("Youth leader"), _("People")],
            widths=[18, 36, 12, 14, 14, 10],
        )
        counts = sel.reserve_counts(user=user)
        units = AdministrativeUnit.objects.in_bulk({c.territory_id for c in counts})
        for c in counts:
            unit = units[c.territory_id]
            youth = _("yes") if c.is_youth_leader else _("no")
            sheet.append([unit.code, unit.name, sexes[c.sex], ages[c.age_group], youth, c.people])
        return book.to_bytes()
    sheet = book.sheet(_("Cadre reserve"), headers=[str(c.label) for c in COLUMNS], widths=[c.width for c in COLUMNS])
    languages, consents = _labels(Language.choices), _labels(ConsentItem.choices)
    for person in sel.people_search(user=user, filters=filters).iterator(chunk_size=500):
        access_log(instance=person, purpose=sel.EXPORT_PURPOSE, actor=user)
        sheet.append(
            [
                person.code,
                person.territory.code,
                person.territory.name,
                sexes.get(person.sex, person.sex),
                int(person.birth_year) if person.birth_year else None,
                ages.get(person.age_group, person.age_group),
                _("yes") if person.is_youth_leader else _("no"),
                "; ".join(languages.get(c, c) for c in person.language_codes),
                "; ".join(a.code for a in person.areas.all()),
                person.consent_on,
                "; ".join(consents.get(c, c) for c in person.consent_items),
                person.full_name,
                person.phone,
                person.email,
                person.education,
                person.experience,
                person.projects,
                person.n_trainings,  # type: ignore[attr-defined]  # annotated by people_search
            ]
        )
    return book.to_bytes()


@dataclass(frozen=True)
class _Col:
    key: str
    label: Any
    width: int = 18


COLUMNS = [
    _Col("code", gettext_lazy("Code"), 14),
    _Col("territory", gettext_lazy("Territory code"), 18),
    _Col("territory_name", gettext_lazy("Territory"), 30),
    _Col("sex", gettext_lazy("Sex"), 10),
    _Col("birth_year", gettext_lazy("Year of birth"), 10),
    _Col("age_group", gettext_lazy("Age group"), 12),
    _Col("is_youth_leader", gettext_lazy("Youth leader"), 10),
    _Col("languages", gettext_lazy("Languages"), 20),
    _Col("areas", gettext_lazy("Areas of expertise"), 24),
    _Col("consent_on", gettext_lazy("Consent given on"), 14),
    _Col("consent_scope", gettext_lazy("Consent covers"), 30),
    _Col("full_name", gettext_lazy("Full name"), 28),
    _Col("phone", gettext_lazy("Phone"), 18),
    _Col("email", gettext_lazy("E-mail"), 24),
    _Col("education", pgettext_lazy("person", "Education"), 30),
    _Col("experience", gettext_lazy("Work experience"), 30),
    _Col("projects", gettext_lazy("Projects and volunteering"), 30),
    _Col("trainings", gettext_lazy("Trainings completed"), 10),
]


def _choices_in_languages(choices: Any) -> dict[str, str]:
    """Each choice known by its code and by its label in every language."""
    out: dict[str, str] = {}
    for value, label in choices:
        out[str(value)] = value
        for text in t.in_languages(label):
            out[text] = value
    return out


def _yes_no() -> dict[str, bool]:
    out: dict[str, bool] = {"1": True, "0": False, "true": True, "false": False}
    for text in t.in_languages(gettext_lazy("yes")):
        out[text] = True
    for text in t.in_languages(gettext_lazy("no")):
        out[text] = False
    return out


def _list_of(choices: Any) -> t.Parser:
    known = {t.header_key(k): v for k, v in _choices_in_languages(choices).items()}

    def parse(value: Any) -> list[str]:
        out = []
        for part in t.split_list(value):
            code = known.get(t.header_key(part))
            if code is None:
                raise t.CellInvalid(_("«%(value)s» is not a known choice") % {"value": part[:40]})
            out.append(code)
        return out

    return parse


def _cols() -> list[t.Column]:
    def col(
        key: str, parse: Any = None, *, required: bool = False, blank: bool = True, default: Any = None
    ) -> t.Column:
        label = next(c.label for c in COLUMNS if c.key == key)
        return t.Column(key, label, required=required, blank=blank, parse=parse, default=default)

    return [
        col("territory", t.text(max_length=20), required=True, blank=False),
        col("sex", t.choice(_choices_in_languages(Sex.choices)), required=True, blank=False),
        col("birth_year", t.integer(min_value=1900, max_value=2100)),
        col("age_group", t.choice(_choices_in_languages(AgeGroup.choices)), default=""),
        col("is_youth_leader", t.choice(_yes_no()), default=False),
        col("languages", _list_of(Language.choices), default=[]),
        col("areas", t.split_list, default=[]),
        col("consent_on", t.date),
        col("consent_scope", _list_of(ConsentItem.choices), default=[]),
        col("full_name", t.text(max_length=200), default=""),
        col("phone", t.text(max_length=50), default=""),
        col("email", t.text(max_length=200), default=""),
        col("education", t.text(), default=""),
        col("experience", t.text(), default=""),
        col("projects", t.text(), default=""),
    ]


@dataclass
class _Item:
    territory: AdministrativeUnit
    areas: list[ExpertiseArea]
    data: dict[str, Any]


class ReserveImport(t.Importer[_Item]):
    """Rows of new people for the reserve. Every rule of `person_create` (consent, scope, duplicates) is checked
    before anything is written, and reported on the cell it concerns."""

    max_rows = 5000

    def __init__(self, *, actor: Any) -> None:
        self.actor = actor
        self.sheets = [t.SheetSpec(columns=_cols())]  # type: ignore[misc]  # column labels follow the language

    def prefetch(self, rows: list[t.Row]) -> None:
        codes = {str(r["territory"]) for r in rows if r["territory"]}
        self.units = {u.code: u for u in AdministrativeUnit.objects.filter(code__in=codes)}
        self.areas: dict[str, ExpertiseArea] = {}
        for area in ExpertiseArea.objects.filter(is_active=True):
            for key in (area.code, area.name_ru, area.name_ky, area.name_en):
                if key:
                    self.areas[t.header_key(key)] = area
        self.hashes: dict[str, int] = {}
        self.known = set(ReservePerson.objects.exclude(identity_hash="").values_list("identity_hash", flat=True))

    def check_row(self, row: t.Row) -> _Item | None:
        unit = self.units.get(str(row["territory"] or ""))
        if unit is None:
            row.error("territory", _("no territory with this code"))
            return None
        if not has_perm(self.actor, Perm.RESERVE_EDIT, unit=unit):
            row.error("territory", _("you may not add people to the reserve of this territory"))
            return None
        areas = []
        for name in row.get("areas", []):
            area = self.areas.get(t.header_key(name))
            if area is None:
                row.error("areas", _("«%(value)s» is not an area of expertise") % {"value": name[:40]})
                return None
            areas.append(area)
        data = {k: row.get(k) for k in ("sex", "birth_year", "age_group", "is_youth_leader", "languages",
                                        "consent_on", "consent_scope", "full_name", "phone", "email", "education",
                                        "experience", "projects")}  # fmt: skip
        try:
            cleaned = services.profile_clean(data)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                row.error(field if row.has(field) else "full_name", " ".join(messages))
            return None
        digest = cleaned["identity_hash"]
        if digest:
            if digest in self.hashes or digest in self.known:
                row.error("full_name", _("this person (name and year of birth) is already in the reserve or the file"))
                return None
            self.hashes[digest] = row.number
        return _Item(territory=unit, areas=areas, data=data)

    def write(self, items: list[_Item]) -> dict[str, int]:
        for item in items:
            services.person_create(actor=self.actor, territory=item.territory, areas=item.areas, **item.data)
        return {"created": len(items)}

    def preview(self, items: list[_Item]) -> dict[str, Any]:
        return {"rows": len(items), "youth_leaders": sum(1 for i in items if i.data.get("is_youth_leader"))}
