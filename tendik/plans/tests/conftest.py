"""Fixtures for the plans tests: a small catalogue, indicators, users in each role, a local plan with a report."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _english(settings: Any) -> Any:
    """Messages are asserted in English, the source language (pages in ru/ky are checked separately)."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def catalogue(db: Any) -> dict[str, Any]:
    """A gender plan (one area, one goal, three measures), a 1325 plan (one measure) and five indicators."""
    from tendik.plans.models import Goal, Indicator, Measure, Plan, PlanArea, SdgTarget
    from tendik.plans.services.catalogue import DATA_DIR, LoadStats, categories_load, read_json

    categories_load(data=read_json(DATA_DIR / "categories.json"), stats=LoadStats())
    plan = Plan.objects.create(
        code="gender-2025-2027",
        kind="gender",
        title_ru="Гендерный план",
        title_ky="Гендердик план",
        title_en="Gender plan",
        start_year=2025,
        end_year=2027,
        is_current=True,
    )
    area = PlanArea.objects.create(plan=plan, number="1", title_ru="Экономика", title_en="Economy")
    goal = Goal.objects.create(plan=plan, area=area, number="1", title_ru="Занятость", title_en="Employment")
    m1 = Measure.objects.create(
        plan=plan,
        goal=goal,
        number="1.1",
        level="local",
        text_ru="Обучить женщин",
        text_ky="Аялдарды окутуу",
        text_en="Train women",
        order=1,
        due_year=2027,
    )
    m2 = Measure.objects.create(
        plan=plan,
        goal=goal,
        number="1.2",
        text_ru="Работа с семьями группы риска",
        text_en="Work with at-risk families",
        order=2,
        due_year=2027,
    )
    m3 = Measure.objects.create(
        plan=plan, goal=goal, number="1.3", text_ru="Детские сады", text_en="Kindergartens", order=3, due_year=2025
    )
    wps = Plan.objects.create(
        code="wps1325-2025-2027", kind="wps1325", title_ru="НПД 1325", start_year=2025, end_year=2027, is_current=True
    )
    sec = PlanArea.objects.create(plan=wps, number="II", title_ru="Участие")
    wgoal = Goal.objects.create(plan=wps, area=sec, number="II", title_ru="Участие")
    w1 = Measure.objects.create(
        plan=wps, goal=wgoal, number="II.L.1", level="local", text_ru="Участие женщин", text_en="Women's participation"
    )
    m1.related_measures.add(w1)
    m1.sdg_targets.add(SdgTarget.objects.create(code="5.5", title_ru="Участие", title_en="Participation"))
    trained = Indicator.objects.create(
        code="people_trained", name_ru="Обученные", name_en="People trained", reported_locally=True, frequency="half"
    )
    from tendik.plans.models import DisaggregationCategory

    trained.categories.set([DisaggregationCategory.objects.get(code="sex")])
    families = Indicator.objects.create(
        code="at_risk_families", name_ru="Семьи группы риска", name_en="At-risk families", reported_locally=True
    )
    covered = Indicator.objects.create(
        code="at_risk_families_covered", name_ru="Охваченные семьи", name_en="Families covered", reported_locally=True
    )
    share = Indicator.objects.create(
        code="share_covered",
        name_ru="Доля охваченных",
        name_en="Share covered",
        kind="ratio",
        unit="percent",
        additive=False,
        numerator=covered,
        denominator=families,
        factor=100,
    )
    share.targets.create(year=2025, value=Decimal(80))
    deputies = Indicator.objects.create(
        code="local_kenesh_deputies", name_ru="Депутаты", name_en="Deputies", reported_locally=True
    )
    deputies.categories.set([DisaggregationCategory.objects.get(code="sex")])
    women_share = Indicator.objects.create(
        code="women_share",
        name_ru="Доля женщин",
        name_en="Women's share",
        kind="ratio",
        unit="percent",
        additive=False,
        numerator=deputies,
        numerator_filter="sex=female",
        denominator=deputies,
    )
    trained.measures.add(m1)
    families.measures.add(m2)
    covered.measures.add(m2)
    share.measures.add(m2)
    deputies.measures.add(w1)
    return {
        "plan": plan,
        "wps": wps,
        "area": area,
        "goal": goal,
        "m1": m1,
        "m2": m2,
        "m3": m3,
        "w1": w1,
        "trained": trained,
        "families": families,
        "covered": covered,
        "share": share,
        "deputies": deputies,
        "women_share": women_share,
    }


@pytest.fixture
def roles(territory: dict[str, Any], make_user: Any) -> dict[str, Any]:
    t = territory
    return {
        "officer": make_user("municipal_officer", unit=t["halmion"], username="officer_halmion"),
        "officer_other": make_user("municipal_officer", unit=t["kulundu"], username="officer_kulundu"),
        "fp_rayon": make_user("focal_point", unit=t["kadamjay"], username="fp_kadamjay"),
        "fp_rayon_other": make_user("focal_point", unit=t["leilek"], username="fp_leilek"),
        "fp_oblast": make_user("focal_point", unit=t["batken"], username="fp_batken"),
        "fp_naryn": make_user("focal_point", unit=t["naryn"], username="fp_naryn"),
        "coordinator": make_user("national_coordinator", username="coordinator"),
        "viewer": make_user("viewer", username="viewer_kg"),
        "nobody": make_user(None, username="no_role"),
    }


@pytest.fixture
def local_plan(catalogue: dict[str, Any], territory: dict[str, Any], roles: dict[str, Any]) -> Any:
    from tendik.plans.services.local_plans import local_measure_add, local_plan_create

    officer = roles["officer"]
    lp = local_plan_create(
        actor=officer,
        municipality=territory["halmion"],
        start_year=2025,
        end_year=2027,
        title="План Халмиона",
        programme="ПСЭР Халмион 2025–2027",
    )
    local_measure_add(
        actor=officer,
        local_plan=lp,
        national_measure=catalogue["m1"],
        text="Тренинги для женщин",
        responsible_person="Алиева Г.",
        start=dt.date(2025, 1, 1),
        end=dt.date(2027, 12, 31),
        budget_local=Decimal(50000),
        budget_donor=Decimal(100000),
        donor="UN Women",
    )
    local_measure_add(
        actor=officer,
        local_plan=lp,
        national_measure=catalogue["m2"],
        text="Работа с семьями",
        responsible_person="Садыкова А.",
        start=dt.date(2025, 1, 1),
        end=dt.date(2026, 12, 31),
        budget_local=Decimal(20000),
    )
    local_measure_add(
        actor=officer,
        local_plan=lp,
        text="Собственная мера: кружки для девочек",
        responsible_person="Токтосунова Н.",
        start=dt.date(2025, 3, 1),
        end=dt.date(2025, 5, 31),
        budget_local=Decimal(10000),
        gender_marker="principal",
    )
    return lp


@pytest.fixture
def period(db: Any) -> Any:
    from tendik.plans.services.periods import period_get

    return period_get(code="2025-H1")


@pytest.fixture
def report(local_plan: Any, period: Any, roles: dict[str, Any]) -> Any:
    from tendik.plans.services.reports import report_open

    return report_open(actor=roles["officer"], local_plan=local_plan, period=period)


def fill(report: Any, actor: Any, **overrides: Any) -> None:
    """Fill every entry of a report with valid figures."""
    from tendik.plans.services.reports import entry_save
    from tendik.plans.services.validation import EntryData

    for entry in report.entries.select_related("local_measure"):
        values: dict[tuple[str, str], Decimal | None] = {}
        codes = set(entry.local_measure.indicators.values_list("code", flat=True))
        if "people_trained" in codes:
            values = {("people_trained", "sex=female"): Decimal(25), ("people_trained", "sex=male"): Decimal(5)}
        if "at_risk_families" in codes:
            values = {("at_risk_families", ""): Decimal(12), ("at_risk_families_covered", ""): Decimal(9)}
        data = EntryData(
            status="in_progress", progress=40, narrative="Проведено", values=values, spent={"local": Decimal(1000)}
        )
        entry_save(actor=actor, entry=entry, data=overrides.get("data", data))


@pytest.fixture
def progress(territory: dict[str, Any], catalogue: dict[str, Any], make_user: Any) -> dict[str, Any]:
    """Two municipalities with two gender-plan measures each, one 1325 measure; statuses and progress set as an
    approved report would set them."""
    from tendik.plans.models import LocalMeasure, MeasureStatus
    from tendik.plans.services.local_plans import local_measure_add
    from tendik.plans.tests.test_selectors import _grow as _grow_plans

    _grow_plans(territory, catalogue, make_user, 1, 2, periods=())
    first = LocalMeasure.objects.filter(national_measure=catalogue["m1"]).order_by("pk").first()
    officer = make_user("municipal_officer", unit=first.local_plan.municipality)
    local_measure_add(
        actor=officer,
        local_plan=first.local_plan,
        national_measure=catalogue["w1"],
        responsible_person="В",
        start=dt.date(2025, 1, 1),
        end=dt.date(2027, 12, 31),
    )
    for lm, (status, pct) in zip(
        LocalMeasure.objects.order_by("pk"),
        [
            (MeasureStatus.DONE, 100),
            (MeasureStatus.IN_PROGRESS, 50),
            (MeasureStatus.IN_PROGRESS, 30),
            (MeasureStatus.NOT_STARTED, 0),
            (MeasureStatus.DONE, 100),
        ],
        strict=True,
    ):
        lm.current_status, lm.current_progress = status, pct
        lm.save(update_fields=["current_status", "current_progress"])
    return catalogue
