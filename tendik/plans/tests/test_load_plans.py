"""load_plans: both plans in full, earlier 1325 plans, reference data and national series; idempotent."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Count

from tendik.audit.models import AuditEntry
from tendik.plans.models import DataValue, Goal, Indicator, Measure, Plan, PlanArea
from tendik.plans.selectors.indicators import indicator_series
from tendik.plans.services.catalogue import DATA_DIR, reference_load


@pytest.fixture
def loaded(db):
    return reference_load()


def test_gender_plan_counts(loaded):
    plan = Plan.objects.get(code="gender-2025-2027")
    assert plan.is_current and plan.kind == "gender" and (plan.start_year, plan.end_year) == (2025, 2027)
    assert plan.areas.count() == 5
    assert plan.goals.count() == 13
    assert plan.measures.count() == 99
    assert list(plan.goals.order_by("order").values_list("number", flat=True)) == [str(n) for n in range(1, 14)]
    per_goal = dict(Goal.objects.filter(plan=plan).values_list("number").annotate(n=Count("measures")))
    assert per_goal == {
        "1": 7,
        "2": 7,
        "3": 4,
        "4": 7,
        "5": 6,
        "6": 16,
        "7": 14,
        "8": 11,
        "9": 6,
        "10": 7,
        "11": 3,
        "12": 7,
        "13": 4,
    }
    assert plan.measures.filter(level="local").count() == 7


def test_wps_plan_sections_and_levels(loaded):
    plan = Plan.objects.get(code="wps1325-2025-2027")
    assert list(plan.areas.values_list("number", flat=True)) == ["I", "II", "III", "IV", "V"]
    assert plan.measures.count() == 32
    assert set(plan.measures.values_list("level", flat=True)) == {"national", "local"}
    assert plan.measures.filter(number__startswith="II.L.").count() == 3


def test_earlier_1325_plans_are_history(loaded):
    earlier = Plan.objects.filter(kind="wps1325", is_current=False)
    assert sorted(earlier.values_list("start_year", "end_year")) == [
        (2012, 2015),
        (2016, 2017),
        (2018, 2020),
        (2021, 2023),
    ]
    assert all(p.status == "completed" and p.notes_ky for p in earlier)


def test_texts_in_three_languages_match_the_data(loaded):
    with (DATA_DIR / "gender_plan_2025_2027.json").open(encoding="utf-8") as fh:
        data = json.load(fh)
    first = data["areas"][0]["goals"][0]["measures"][0]
    m = Measure.objects.get(plan__code="gender-2025-2027", number=first["number"])
    assert (m.text_ru, m.text_ky, m.text_en) == (first["text"]["ru"], first["text"]["ky"], first["text"]["en"])
    assert m.sdg_targets.filter(code__in=first["sdg_targets"]).count() == len(first["sdg_targets"])
    link = Measure.objects.get(plan__code="gender-2025-2027", number="9.2")
    assert link.related_measures.filter(plan__code="wps1325-2025-2027", number="II.L.1").exists()


def test_second_run_changes_nothing_and_texts_update_in_place(loaded):
    audit_before = AuditEntry.objects.count()
    ids = set(Measure.objects.values_list("pk", flat=True))
    assert not reference_load().changed
    assert AuditEntry.objects.count() == audit_before
    m = Measure.objects.get(plan__code="gender-2025-2027", number="1.1")
    original = m.text_en
    m.text_en = "edited by hand"
    m.save()
    stats = reference_load()
    m.refresh_from_db()
    assert m.text_en == original and stats.updated["Measure"] == 1
    assert set(Measure.objects.values_list("pk", flat=True)) == ids


def test_national_series_loaded_as_history(loaded):
    share = indicator_series(indicators=[Indicator.objects.get(code="women_share_local_kenesh")], territory=None)[0]
    values = {p.period.code: p.value for p in share.points}
    assert values["2016"] == Decimal("15.61") and values["2024"] == Decimal("39.80")
    assert values["2025-11"] == Decimal("39.76")  # computed from 2,538 women of 6,384 seats
    victims = DataValue.objects.filter(indicator__code="family_violence_victims", period__code="2023")
    assert {v.combo: v.value for v in victims} == {"sex=female": Decimal(11002), "sex=male": Decimal(355)}
    cases = indicator_series(indicators=[Indicator.objects.get(code="family_violence_cases")], territory=None)[0]
    assert {p.period.code: p.value for p in cases.points}["2019"] == Decimal(6145)


def test_regional_rows_load_once_territories_exist(loaded):
    from tendik.geography.services import unit_create

    batken = unit_create(code="41705000000000", level="oblast", name_ru="Баткенская область")
    reference_load()
    assert DataValue.objects.get(indicator__code="family_violence_cases", unit=batken).value == 211


def test_command_runs(db, capsys):
    call_command("load_plans")
    call_command("load_plans")
    assert "nothing changed" in capsys.readouterr().out
    assert PlanArea.objects.count() == 10
