"""What national size needs of the case sums (found running the generator and the benchmarks at national size on
SQLite): the public years read the sums, not every case; a bulk load of cases deletes no sums."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tendik.core import rollups as core_rollups
from tendik.protection import rollups
from tendik.protection.models import Case, CaseFigureRollup
from tendik.protection.selectors.public import years_with_figures
from tendik.protection.services import cases as case_services
from tendik.protection.tests.helpers import make_case

pytestmark = pytest.mark.django_db


def _case_years() -> list[int]:
    return sorted({d.year for d in Case.objects.dates("opened_on", "year")}, reverse=True)


def test_public_years_are_the_years_of_the_cases_without_reading_them(world):
    make_case(world.a, name="Без согласия", opened_on=dt.date(2019, 6, 3), statistics=False)
    moved = make_case(world.b, name="Перенесённая", opened_on=dt.date(2017, 2, 1))
    assert years_with_figures() == _case_years() == [2025, 2019, 2017]
    case_services.case_update(case=moved, actor=None, version=moved.version, data={"opened_on": dt.date(2021, 2, 1)})
    with CaptureQueriesContext(connection) as queries:
        years = years_with_figures()
    assert years == _case_years() == [2025, 2021, 2019]
    # The case table grows to hundreds of thousands of rows; truncating each date was 0.2 s a page on SQLite.
    assert not [q["sql"] for q in queries.captured_queries if '"protection_case"' in q["sql"]]


def test_adding_to_the_sums_deletes_only_where_a_sum_can_fall_to_zero(world):
    keys = rollups.KEYS
    june, july = dt.date(2025, 6, 1), dt.date(2025, 7, 1)
    with CaptureQueriesContext(connection) as queries:
        core_rollups.add(
            CaseFigureRollup,
            keys,
            {
                ("x", june, rollups.EVER, "test.a"): (Decimal(0), 2),
                ("x", july, rollups.EVER, "test.a"): (Decimal(0), 1),
            },
            prune=("month", [june, july]),
        )
    assert not [q for q in queries.captured_queries if q["sql"].startswith("DELETE")]  # a bulk load: no delete
    with CaptureQueriesContext(connection) as queries:
        core_rollups.add(
            CaseFigureRollup,
            keys,
            {
                ("x", june, rollups.EVER, "test.a"): (Decimal(0), 1),
                ("x", july, rollups.EVER, "test.a"): (Decimal(0), -1),
            },
            prune=("month", [june, july]),
        )
    deletes = [q for q in queries.captured_queries if q["sql"].startswith("DELETE")]
    assert len(deletes) == 1 and "2025-06-01" not in deletes[0]["sql"]  # only July's sums can have fallen
    left = dict(CaseFigureRollup.objects.filter(scope="x").values_list("month", "n"))
    assert left == {june: 3}
    assert rollups.stored() == rollups.recount() | {("x", june, rollups.EVER, "test.a"): (Decimal(0), 3)}
