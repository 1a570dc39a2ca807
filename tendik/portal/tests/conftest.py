"""The public portal's test world: two plans with local measures in Batken and Naryn, recommendations (one answered
with an implementing measure that municipalities report on), committees with cases, meetings and events."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _fresh_cache() -> Any:
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def add_municipality_plan(unit: Any, officer: Any, measures: list[Any], *, done: int = 0) -> Any:
    """A local plan adopting `measures`, the first `done` of them done."""
    from tendik.plans.models import LocalMeasure
    from tendik.plans.services.local_plans import local_measure_add, local_plan_create

    lp = local_plan_create(actor=officer, municipality=unit, start_year=2025, end_year=2027, title="План")
    for k, measure in enumerate(measures):
        lm = local_measure_add(
            actor=officer,
            local_plan=lp,
            national_measure=measure,
            text=f"Мера {k}",
            responsible_person="Ответственный",
            start=dt.date(2025, 1, 1),
            end=dt.date(2027, 12, 31),
            budget_local=Decimal(1000),
        )
        if k < done:
            LocalMeasure.objects.filter(pk=lm.pk).update(current_status="done", current_progress=100)
    return lp


def add_committee_year(unit: Any, *, cases: int, members: int = 6, year: int = 2025) -> Any:
    from tendik.protection.services import meetings as meeting_services
    from tendik.protection.services.committees import member_add
    from tendik.protection.tests.helpers import make_case, make_committee

    committee = make_committee(unit)
    for k in range(members):
        member_add(committee=committee, actor=None, full_name=f"Член {k}", sector="police", sex="female")
    for k in range(cases):
        make_case(committee, name=f"Тест {unit.code} {k}", opened_on=dt.date(year, 3, 1 + k % 27))
    meeting_services.meeting_record(
        committee=committee, actor=None, held_on=dt.date(year, 5, 5), agenda="…", on_violence_facts=True
    )
    return committee


@pytest.fixture
def public_world(territory: dict[str, Any], make_user: Any) -> SimpleNamespace:
    from tendik.consultations.services.answers import answer_states_ensure, answers_publish, recommendation_answer
    from tendik.consultations.tests import factories as f
    from tendik.plans.services.periods import period_get
    from tendik.plans.services.reports import entry_save, report_approve, report_open, report_submit
    from tendik.plans.services.validation import EntryData

    answer_states_ensure()  # a transactional (browser) test may run after the data migration's rows were flushed
    t = territory
    c = f.plan_catalogue()
    coordinator = make_user("national_coordinator", username="coordinator_p")
    officer = make_user("municipal_officer", unit=t["halmion"], username="officer_p")
    officer_k = make_user("municipal_officer", unit=t["kazybek"], username="officer_k")
    focal = make_user("focal_point", unit=t["kadamjay"], username="focal_p")
    lp = add_municipality_plan(t["halmion"], officer, [c["m11"], c["m34"], c["n1"]], done=1)
    add_municipality_plan(t["kazybek"], officer_k, [c["m11"], c["n1"]], done=0)
    series = f.series(code="may", plans=[c["gender"], c["wps"]])
    meeting = f.meeting(series, t["aydarken"], oblasts=[t["batken"]], code="batken-m", title_ru="Встреча в Баткене")
    rec = f.recommendation(
        series,
        meeting_obj=meeting,
        text_ru="Обучать женщин-депутатов",
        regions=[t["batken"]],
        measures=[c["m11"]],
        code="rec-b",
    )
    f.recommendation(series, text_ru="Соблюдать квоты", regions=[t["naryn"]], code="rec-n")
    recommendation_answer(
        recommendation=rec,
        actor=coordinator,
        state=f.state("accepted"),
        text_ru="Принято",
        implementing_measure=c["m11"],
    )
    answers_publish(recommendations=[rec], actor=coordinator, inform=False)
    report = report_open(actor=officer, local_plan=lp, period=period_get(code="2025-H1"))
    for entry in report.entries.select_related("local_measure"):
        entry_save(
            actor=officer,
            entry=entry,
            data=EntryData(
                status="in_progress",
                progress=40,
                narrative="Провели тренинг для 30 женщин",
                values={},
                spent={"local": Decimal(100)},
            ),
        )
    report_submit(actor=officer, report=report)
    report_approve(actor=focal, report=report)
    # Committees: Halmion 7 cases, Kulundu 3 (hidden), Kazybek 6 in 2025.
    add_committee_year(t["halmion"], cases=7)
    add_committee_year(t["kulundu"], cases=3)
    add_committee_year(t["kazybek"], cases=6)
    return SimpleNamespace(t=t, c=c, rec=rec, report=report, coordinator=coordinator, officer=officer)
