"""Selectors: search in three languages and by former names, current units by default, ancestors, children."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tendik.geography import selectors
from tendik.geography.models import normalise_name
from tendik.geography.services import unit_close, unit_name_add, unit_rename

pytestmark = pytest.mark.django_db


def codes(qs: Any) -> list[str]:
    return [u.code for u in qs]


def test_normalise_name_folds_case_yo_kyrgyz_letters_and_hyphens() -> None:
    assert normalise_name("  Ат-Башы ") == "ат башы"
    assert normalise_name("Ёлка") == "елка"
    assert normalise_name("Тоӊ") == normalise_name("Тоң") == "тон"
    assert normalise_name("Жети-Өгүз") == "жети огуз"


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("Кадамжайский", "41705258000000"),  # Russian
        ("кадамжай", "41705258000000"),  # case
        ("Лейлек", "41705236000000"),  # Kyrgyz
        ("Leilek", "41705236000000"),  # English
        ("at-bashy", "41704220000000"),  # English, any case
        ("ат башы", "41704220000000"),  # Kyrgyz, hyphen typed as a space
        ("41704220", "41704220000000"),  # code prefix
    ],
)
def test_search_finds_units_in_any_language(territory: dict[str, Any], query: str, code: str) -> None:
    assert code in codes(selectors.units_list(user=None, query=query))


def test_search_by_former_name_and_yo(territory: dict[str, Any]) -> None:
    unit_rename(unit=territory["kazybek"], on=dt.date(2024, 1, 1), name_ru="Казыбек айылный аймак")
    assert codes(selectors.units_list(user=None, query="Казыбекский")) == ["41704220830000"]
    unit_name_add(unit=territory["kulundu"], name="Кулундёвский айылный аймак")
    assert codes(selectors.units_list(user=None, query="кулундевский")) == ["41705236825000"]


def test_search_in_kyrgyz_and_english_in_the_reference_list(loaded: None) -> None:
    assert "41702000000000" in codes(selectors.units_list(user=None, query="Ысык-Көл", level="oblast"))
    assert "41702000000000" in codes(selectors.units_list(user=None, query="Иссык-Куль", level="oblast"))  # variant
    assert "41706259000000" in codes(selectors.units_list(user=None, query="Чоң-Алай"))
    assert "41706259000000" in codes(selectors.units_list(user=None, query="chon-alai"))
    assert codes(selectors.units_list(user=None, query="Karakol", level="city")) == ["41702410000010"]
    # Best matches first: a name that starts with the query before one that only contains it.
    assert codes(selectors.units_list(user=None, query="нарын"))[0] in {"41704000000000", "41704245000000"}


def test_filters_by_level_and_parent(territory: dict[str, Any]) -> None:
    assert codes(selectors.units_list(user=None, level="oblast")) == ["41704000000000", "41705000000000"]
    under = selectors.units_list(user=None, parent="41705258000000")
    assert codes(under) == ["41705258600010", "41705258860000"]
    assert codes(selectors.units_list(user=None, parent=territory["kadamjay"], level="town")) == ["41705258600010"]


def test_closed_units_are_hidden_unless_asked(territory: dict[str, Any]) -> None:
    unit_close(unit=territory["halmion"], on=dt.date(2024, 6, 1))
    assert "41705258860000" not in codes(selectors.units_list(user=None))
    assert "41705258860000" in codes(selectors.units_list(user=None, include_closed=True))
    assert "41705258860000" in codes(selectors.units_list(user=None, on=dt.date(2024, 5, 31)))
    assert codes(selectors.unit_children(unit=territory["kadamjay"])) == ["41705258600010"]
    assert len(selectors.unit_children(unit=territory["kadamjay"], include_closed=True)) == 2
    # The closed unit's page still opens.
    assert selectors.unit_get(user=None, code="41705258860000").valid_to == dt.date(2024, 6, 1)


def test_ancestors_top_first(territory: dict[str, Any]) -> None:
    chain = selectors.unit_ancestors(unit=territory["halmion"])
    assert codes(chain) == ["41705000000000", "41705258000000"]
    assert selectors.unit_ancestors(unit=territory["batken"]) == []


def test_hierarchy_top_puts_oblasts_first_with_their_children(territory: dict[str, Any]) -> None:
    from tendik.geography.services import unit_create

    unit_create(code="41711000000000", level="city", name_ru="г. Бишкек")
    tree = selectors.hierarchy_top(user=None)
    assert [u.code for u, _ in tree] == ["41705000000000", "41704000000000", "41711000000000"]
    assert [c.code for c in tree[0][1]] == ["41705258000000", "41705236000000"]


def test_history_only_for_those_who_may_see_the_audit(territory: dict[str, Any], make_user: Any) -> None:
    unit = territory["kadamjay"]
    unit_rename(unit=unit, on=dt.date(2024, 1, 1), name_en="Kadamjai")
    assert selectors.unit_history(user=None, unit=unit) is None
    assert selectors.unit_history(user=make_user("viewer"), unit=unit) is None
    history = selectors.unit_history(user=make_user("admin"), unit=unit)
    assert history and any("name_en" in e.changes for e in history)
    assert any(e.object_repr.startswith(f"{unit.pk}:") for e in history)  # the former name record too
