"""Names built from a territory in the reader's language (tendik.geography.naming) and the territory list that asks
for a place by name (TerritoryField)."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext_lazy

from tendik.geography.forms import TerritoryField, grouped_territory_choices
from tendik.geography.models import AdministrativeUnit
from tendik.geography.naming import LocalName, english_fallback, place_name, transliterate, unit_name


def test_place_and_unit_names_in_each_language(territory):
    halmion = territory["halmion"]
    assert place_name(halmion, "ru") == "Халмионский"
    assert unit_name(halmion, "ky") == halmion.name_ru  # no Kyrgyz name: Russian, never empty
    assert unit_name(halmion, "en") == "Khalmionskiy ayil aimak"  # no English name: Latin letters, never Cyrillic
    halmion.name_ky, halmion.name_en = "Халмион айыл аймагы", "Khalmion ayil aimak"
    assert (place_name(halmion, "ky"), place_name(halmion, "en")) == ("Халмион", "Khalmion")
    assert place_name(territory["batken"], "ky") == "Баткен"  # «Баткен облусу» without its kind word
    assert place_name(territory["batken"], "en") == "Batken"


def test_a_name_built_in_english_never_shows_cyrillic_for_a_unit_named_only_in_russian(territory):
    unit = territory["kulundu"]
    unit.name_en = ""
    assert unit_name(unit, "en") == english_fallback(unit.name_ru) == "Kulundinskiy ayil aimak"
    assert not any("а" <= ch <= "я" for ch in unit_name(unit, "en").lower())
    assert transliterate("Жаңы-Жол Өзгөн Үч") == "Zhangy-Zhol Ozgon Uch"
    assert english_fallback("г.Кызыл-Кия") == "Kyzyl-Kiya"


def test_a_local_name_reads_in_the_reader_language_unless_it_was_worded_otherwise(territory):
    halmion = territory["halmion"]
    halmion.name_en = "Khalmion ayil aimak"
    pattern = LocalName(gettext_lazy("{unit}: local plan {years}"))
    stored = pattern.render(halmion, "ru", years="2025–2027")
    assert stored == "Халмионский айылный аймак: местный план 2025–2027"
    with translation.override("en"):
        assert pattern.display(stored, halmion, years="2025–2027") == "Khalmion ayil aimak: local plan 2025–2027"
        assert pattern.display("", halmion, years="2025–2027") == "Khalmion ayil aimak: local plan 2025–2027"
        assert pattern.display("План айыл окмоту", halmion, years="2025–2027") == "План айыл окмоту"


def test_the_territory_list_is_grouped_by_oblast_and_rayon_and_shows_no_code(territory):
    units = AdministrativeUnit.objects.current().order_by("path")
    with translation.override("ru"):
        choices = grouped_territory_choices(units, blank="—")
    groups = {label: [name for _code, name in options] for label, options in choices[1:]}
    assert groups["Баткенская область"][:1] == ["Баткенская область"]
    assert "Кадамжайский район" in groups["Баткенская область"]
    assert "Халмионский айылный аймак" in groups["Кадамжайский район"]
    assert all(not name[:3].isdigit() for options in groups.values() for name in options)


def test_a_rayon_offered_without_its_oblast_still_gets_its_group_label(territory):
    rayon_only = AdministrativeUnit.objects.filter(path__startswith=territory["kadamjay"].path).order_by("path")
    with translation.override("ru"):
        labels = [label for label, _options in grouped_territory_choices(rayon_only)[1:]]
    assert labels == ["Баткенская область", "Кадамжайский район"]


def test_the_territory_field_takes_a_code_and_gives_the_unit(territory):
    field = TerritoryField(required=False)
    field.offer(AdministrativeUnit.objects.filter(pk=territory["halmion"].pk))
    assert field.clean("41705258860000") == territory["halmion"]
    assert field.clean("") is None
