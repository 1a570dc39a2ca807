"""Small-number protection: each published shape is attacked; no hidden figure may be recovered."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tendik.core.disclosure import (
    DASH,
    SMALL,
    Audience,
    Granularity,
    Reason,
    Table,
    periods_between,
    protect_values,
    recoverable,
    whole_period,
)
from tendik.core.testing_disclosure import assert_safe, attack


def test_primary_and_complementary_in_a_breakdown():
    table = Table()
    table.breakdown("cases", total=6, parts={"female": 5, "male": 1})
    shown = table.protect()
    assert shown["cases", "male"].display == SMALL and shown["cases", "male"].reason == Reason.SMALL
    # 6 - 5 = 1 would give the man away: one more figure is hidden.
    assert shown["cases", "female"].hidden or shown["cases"].hidden
    assert_safe(table, shown)


def test_the_attacker_catches_an_unprotected_table():
    """The attack must be able to fail: hide only the small cell and it is recovered."""
    table = Table()
    table.breakdown("cases", total=6, parts={"female": 5, "male": 1})
    from tendik.core.disclosure import Figure, Protected

    leaky = Protected(
        {"cases": Figure(6), ("cases", "female"): Figure(5), ("cases", "male"): Figure(None, Reason.SMALL)}
    )
    assert attack(table, leaky)[("cases", "male")] == {1}
    with pytest.raises(AssertionError):
        assert_safe(table, leaky)


def test_zero_stays_and_exact_audience_sees_everything():
    table = Table()
    table.breakdown("cases", total=12, parts={"female": 12, "male": 0})
    shown = table.protect()
    assert shown["cases", "male"].display == "0" and not shown.any_hidden
    table = Table()
    table.breakdown("cases", total=6, parts={"female": 5, "male": 1})
    exact = table.protect(audience=Audience.EXACT)
    assert exact["cases", "male"].value == 1 and not exact.any_hidden


def test_two_breakdowns_sharing_a_total():
    table = Table()
    table.breakdown("cases", total=20, parts={"female": 17, "male": 3}, name="sex")
    table.breakdown("cases", total=20, parts={"batken": 6, "osh": 14}, name="oblast")
    shown = table.protect()
    assert shown["cases", "sex", "male"].display == SMALL
    assert_safe(table, shown)


def test_breakdown_that_does_not_add_up_protects_its_remainder():
    """Cases with no relationship recorded are not listed, but total minus parts would reveal them."""
    table = Table()
    table.breakdown("cases", total=14, parts={"spouse": 7, "parent": 5})
    shown = table.protect()
    assert not shown["cases"].hidden or shown["cases", "spouse"].hidden
    assert_safe(table, shown)
    assert any(f.hidden for f in shown.values())


def test_cross_table_with_margins():
    table = Table()
    rows = {"batken": {"physical": 6, "economic": 2}, "osh": {"physical": 9, "economic": 7}, "naryn": {"physical": 5}}
    table.cross("forms", rows)
    shown = table.protect()
    assert shown["forms", "batken", "economic"].display == SMALL
    assert_safe(table, shown)
    assert shown["forms", "naryn", "economic"].display == "0"


def test_amounts_follow_their_counts():
    table = Table()
    table.breakdown("people", total=9, parts={"cash": 2, "housing": 7})
    table.amount("som", Decimal(20000), count="people")
    table.amount(("som", "cash"), Decimal(13000), count=("people", "cash"))
    table.amount(("som", "housing"), Decimal(7000), count=("people", "housing"))
    table.amount_relation("som", [("som", "cash"), ("som", "housing")])
    shown = table.protect()
    assert shown["som", "cash"].hidden and shown["som", "cash"].reason == Reason.AMOUNT
    assert shown["som", "cash"].display == DASH
    assert not recoverable(table.amounts, table.amount_relations, {k for k, f in shown.items() if f.hidden})
    assert_safe(table, shown)


def test_hierarchy_of_territories_and_periods():
    """An oblast = its rayons, and the year = its quarters, published together."""
    table = Table()
    rayons = {"kadamjay": 7, "batken": 1, "leilek": 6}
    table.breakdown("oblast", total=sum(rayons.values()), parts=rayons)
    quarters = {"q1": 3, "q2": 5, "q3": 0, "q4": 6}
    table.breakdown("year", total=14, parts=quarters)
    table.relation("year", ["oblast"])
    shown = table.protect()
    assert_safe(table, shown)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.lists(st.integers(min_value=0, max_value=12), min_size=2, max_size=3),
        min_size=2,
        max_size=3,
    )
)
def test_random_cross_tables_resist_the_attack(cells):
    width = min(len(r) for r in cells)
    rows = {f"r{i}": {f"c{j}": row[j] for j in range(width)} for i, row in enumerate(cells)}
    table = Table()
    table.cross("t", rows)
    shown = table.protect()
    for key, figure in shown.items():
        value = table.counts[key]
        if 0 < value < 5:
            assert figure.display == SMALL
    assert_safe(table, shown)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=15), min_size=2, max_size=4),
    st.lists(st.integers(min_value=0, max_value=15), min_size=2, max_size=3),
)
def test_random_pairs_of_breakdowns_resist_the_attack(first, second):
    total = max(sum(first), sum(second))
    first = [*first, total - sum(first)]
    second = [*second, total - sum(second)]
    table = Table()
    table.breakdown("n", total=total, parts={f"a{i}": v for i, v in enumerate(first)}, name="a")
    table.breakdown("n", total=total, parts={f"b{i}": v for i, v in enumerate(second)}, name="b")
    assert_safe(table, table.protect())


def test_unrelated_values_and_display():
    shown = protect_values({"members": 274, "families": 3, "none": 0})
    assert shown["families"].display == SMALL and shown["none"].display == "0"
    assert shown["members"].as_json() == {"value": 274, "display": "274", "suppressed": False, "reason": ""}
    assert shown["families"].as_json()["value"] is None
    assert shown["families"].reason_text


def test_nested_view():
    table = Table()
    table.breakdown(("cases", "by_sex"), total=6, parts={"female": 5, "male": 1})
    nested = table.protect().nested()
    assert nested["cases"]["by_sex"]["male"].display == SMALL
    assert "total" in nested["cases"]["by_sex"]


def test_whole_periods():
    day = dt.date(2025, 5, 17)
    assert whole_period(day).start == dt.date(2025, 1, 1) and whole_period(day).end == dt.date(2025, 12, 31)
    q = whole_period(day, Granularity.QUARTER)
    assert (q.start, q.end) == (dt.date(2025, 4, 1), dt.date(2025, 6, 30))
    m = whole_period(dt.date(2024, 12, 3), "month")
    assert (m.start, m.end, m.next().start) == (dt.date(2024, 12, 1), dt.date(2024, 12, 31), dt.date(2025, 1, 1))
    assert whole_period(dt.date(2024, 2, 10), "month").end == dt.date(2024, 2, 29)
    # Moving a start date by weeks does not move the window.
    assert whole_period(dt.date(2025, 1, 1)) == whole_period(dt.date(2025, 2, 15))
    assert [p.label for p in periods_between(dt.date(2023, 6, 1), dt.date(2025, 1, 1), "year")] == [
        "2023",
        "2024",
        "2025",
    ]
    assert whole_period(day, "quarter").previous().start == dt.date(2025, 1, 1)
