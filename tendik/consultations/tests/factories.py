"""Test data builders for consultations (plain functions over the services; the plan catalogue made minimal)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from tendik.consultations.models import AnswerState
from tendik.consultations.services.meetings import meeting_save, series_save
from tendik.consultations.services.recommendations import recommendation_create

_seq = itertools.count(1)


def plan_catalogue() -> dict[str, Any]:
    """A gender plan (area 1 → goals 1, 3 → measures 1.1, 3.4) and a 1325 plan (section II → N/L measures)."""
    from tendik.plans.models import Goal, Measure, Plan, PlanArea

    gender = Plan.objects.create(
        code="gender-2025-2027",
        kind="gender",
        title_ru="II Национальный план",
        title_en="Gender plan",
        start_year=2025,
        end_year=2027,
    )
    area = PlanArea.objects.create(
        plan=gender,
        number="1",
        title_ru="Расширение экономических возможностей женщин",
        title_en="Economic empowerment",
        order=1,
    )
    g1 = Goal.objects.create(
        plan=gender,
        area=area,
        number="1",
        title_ru="Содействие росту занятости женщин",
        title_en="Women's employment",
        order=1,
    )
    g3 = Goal.objects.create(
        plan=gender,
        area=area,
        number="3",
        title_ru="Адаптация к изменению климата",
        title_en="Climate adaptation",
        order=3,
    )
    m11 = Measure.objects.create(
        plan=gender,
        goal=g1,
        number="1.1",
        text_ru="Содействовать созданию рабочих мест",
        text_en="Promote job creation",
        order=1,
    )
    m34 = Measure.objects.create(
        plan=gender,
        goal=g3,
        number="3.4",
        text_ru="Применять природосберегающую технологию",
        text_en="Apply resource-saving technology",
        order=2,
    )
    wps = Plan.objects.create(
        code="wps1325-2025-2027",
        kind="wps1325",
        title_ru="V НПД 1325",
        title_en="1325 plan",
        start_year=2025,
        end_year=2027,
    )
    sec = PlanArea.objects.create(
        plan=wps,
        number="II",
        title_ru="Участие женщин в процессах принятия решений",
        title_en="Participation in decision-making",
        order=2,
    )
    gs = Goal.objects.create(plan=wps, area=sec, number="II", title_ru="Участие женщин", title_en="Participation")
    n1 = Measure.objects.create(
        plan=wps,
        goal=gs,
        number="II.N.1",
        level="national",
        text_ru="Обеспечить значимое участие женщин",
        text_en="Ensure participation",
        order=1,
    )
    l2 = Measure.objects.create(
        plan=wps,
        goal=gs,
        number="II.L.2",
        level="local",
        text_ru="Поддерживать образовательные программы для женщин",
        order=2,
    )
    return {
        "gender": gender,
        "wps": wps,
        "g1": g1,
        "g3": g3,
        "m11": m11,
        "m34": m34,
        "n1": n1,
        "l2": l2,
        "area": area,
        "sec": sec,
    }


def series(**kw: Any) -> Any:
    n = next(_seq)
    return series_save(
        code=kw.pop("code", f"s{n}"),
        title_ru=kw.pop("title_ru", f"Серия {n}"),
        start_date=kw.pop("start_date", dt.date(2025, 5, 12)),
        **kw,
    )


def meeting(series_obj: Any, place: Any, *, oblasts: list[Any] | None = None, **kw: Any) -> Any:
    n = next(_seq)
    return meeting_save(
        series=series_obj,
        code=kw.pop("code", f"m{n}"),
        title_ru=kw.pop("title_ru", f"Встреча {n}"),
        start_date=kw.pop("start_date", dt.date(2025, 5, 12)),
        place=place,
        oblasts_covered=oblasts or [],
        **kw,
    )


def recommendation(
    series_obj: Any, *, meeting_obj: Any = None, text_ru: str = "Открыть кризисные центры", actor: Any = None, **kw: Any
) -> Any:
    if meeting_obj is None and "regions" not in kw and kw.get("scope") != "general":
        kw["scope"] = "general"
    return recommendation_create(series=series_obj, meeting=meeting_obj, text_ru=text_ru, actor=actor, **kw)


def state(code: str) -> AnswerState:
    return AnswerState.objects.get(code=code)
