"""A small monitoring world for the tests: plans with local measures, a scale, two groups, users in each role."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _english(settings: Any) -> Any:
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def _catalogue() -> dict[str, Any]:
    from tendik.plans.models import Goal, Measure, Plan, PlanArea

    plan = Plan.objects.create(
        code="gender-2025-2027", kind="gender", title_ru="Гендерный план", start_year=2025, end_year=2027
    )
    area = PlanArea.objects.create(plan=plan, number="1", title_ru="Экономика")
    goal = Goal.objects.create(plan=plan, area=area, number="1", title_ru="Занятость")
    m1 = Measure.objects.create(plan=plan, goal=goal, number="1.1", level="local", text_ru="Обучить женщин", order=1)
    m2 = Measure.objects.create(plan=plan, goal=goal, number="1.2", level="local", text_ru="Семьи", order=2)
    return {"plan": plan, "m1": m1, "m2": m2}


def local_plan(officer: Any, municipality: Any, measures: list[Any]) -> list[Any]:
    from tendik.plans.services.local_plans import local_measure_add, local_plan_create

    lp = local_plan_create(actor=officer, municipality=municipality, start_year=2025, end_year=2027)
    out = []
    for i, m in enumerate(measures):
        out.append(
            local_measure_add(
                actor=officer,
                local_plan=lp,
                national_measure=m,
                text=f"Мера {i + 1} ({municipality.name_ru})",
                responsible_person="Специалист",
                start=dt.date(2025, 1, 1),
                end=dt.date(2027, 12, 31),
            )
        )
    return out


def scale_levels() -> list[dict[str, Any]]:
    return [
        {"score": 3, "label_ru": "Выполняется", "label_ky": "Аткарылууда", "label_en": "On track", "tone": "good"},
        {"score": 2, "label_ru": "Частично", "label_ky": "Жарым-жартылай", "label_en": "Partly", "tone": "fair"},
        {"score": 1, "label_ru": "Не выполняется", "label_ky": "Аткарылбайт", "label_en": "Not done", "tone": "poor"},
    ]


@pytest.fixture
def mon(territory: dict[str, Any], make_user: Any) -> dict[str, Any]:
    from tendik.audit.context import acting_as
    from tendik.participation.models import DialogueGroup, GroupMember, RatingLevel, RatingScale

    t = territory
    users = {
        "admin": make_user("admin", username="mon_admin"),
        "coordinator": make_user("national_coordinator", username="mon_coordinator"),
        "fp_batken": make_user("focal_point", unit=t["batken"], username="fp_batken"),
        "fp_kadamjay": make_user("focal_point", unit=t["kadamjay"], username="fp_kadamjay"),
        "fp_naryn": make_user("focal_point", unit=t["naryn"], username="fp_naryn"),
        "officer": make_user("municipal_officer", unit=t["halmion"], username="officer_halmion"),
        "officer_naryn": make_user("municipal_officer", unit=t["kazybek"], username="officer_kazybek"),
        "monitor": make_user("dialogue_monitor", unit=t["batken"], username="monitor_batken"),
        "monitor_naryn": make_user("dialogue_monitor", unit=t["naryn"], username="monitor_naryn"),
        "viewer": make_user("viewer", username="mon_viewer"),
        "nobody": make_user(None, username="mon_nobody"),
    }
    with acting_as(None, source="test"):
        cat = _catalogue()
        halmion = local_plan(users["officer"], t["halmion"], [cat["m1"], cat["m2"]])
        kazybek = local_plan(users["officer_naryn"], t["kazybek"], [cat["m1"]])
        scale = RatingScale.objects.create(name_ru="Шкала", name_ky="Шкала", name_en="Scale", is_current=True)
        levels = [RatingLevel.objects.create(scale=scale, **row) for row in scale_levels()]
        g_batken = DialogueGroup.objects.create(
            name_ru="Диалоговая группа Баткена", name_en="Batken group", territory=t["batken"]
        )
        g_naryn = DialogueGroup.objects.create(
            name_ru="Диалоговая группа Нарына", name_en="Naryn group", territory=t["naryn"]
        )
        member = GroupMember.objects.create(group=g_batken, full_name="Айгерим Токтосунова", user=users["monitor"])
        member_naryn = GroupMember.objects.create(
            group=g_naryn, full_name="Бермет Асанова", user=users["monitor_naryn"]
        )
    return {
        **users,
        **cat,
        "t": t,
        "halmion_measures": halmion,
        "kazybek_measures": kazybek,
        "scale": scale,
        "levels": levels,
        "g_batken": g_batken,
        "g_naryn": g_naryn,
        "member": member,
        "member_naryn": member_naryn,
    }


def draft_visit(mon: dict[str, Any], *, rated: bool = True, findings: str = "Тренинг прошёл для 12 женщин") -> Any:
    from tendik.participation.services import monitoring as svc

    visit = svc.visit_create(
        actor=mon["monitor"], group=mon["g_batken"], municipality=mon["t"]["halmion"], visited_on=dt.date(2025, 9, 1)
    )
    svc.visit_set_measures(
        actor=mon["monitor"], visit=visit, measures=mon["halmion_measures"], monitors=[mon["member"]]
    )
    if rated:
        for card in visit.cards.all():
            svc.scorecard_update(
                actor=mon["monitor"], card=card, level=mon["levels"][1], findings=findings, recommendations="Расширить"
            )
    return visit


def submitted_visit(mon: dict[str, Any], **kw: Any) -> Any:
    from tendik.participation.services import monitoring as svc

    visit = draft_visit(mon, **kw)
    return svc.visit_submit(actor=mon["monitor"], visit=visit)


def series(place: Any = None) -> Any:
    """A consultation series with a meeting in `place` (Batken by default), so the oblast's focal points see it."""
    from tendik.consultations.models import ConsultationSeries, Meeting
    from tendik.geography.models import AdministrativeUnit

    s = ConsultationSeries.objects.create(
        code="may-2025", title_ru="Консультации май 2025", start_date=dt.date(2025, 5, 12)
    )
    place = place or AdministrativeUnit.objects.get(code="41705000000000")
    Meeting.objects.create(series=s, code="may-2025-batken", title_ru="Баткен", place=place)
    return s
