from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.apps import apps
from django.utils import timezone

from tendik.audit.context import acting_as
from tendik.audit.services import access_log


@pytest.fixture
def trail(territory: dict[str, Any], make_user: Any) -> dict[str, Any]:
    """Changes and reads by two people on two days, plus the people who may or may not read the trail."""
    people = {
        "auditor": make_user("admin", username="auditor"),
        "batken_admin": make_user("admin", unit=territory["batken"], username="batken_admin"),
        "coordinator": make_user("national_coordinator", username="coordinator"),
        "clerk": make_user("focal_point", unit=territory["kadamjay"], username="clerk"),
    }
    unit = territory["halmion"]
    with acting_as(people["clerk"], ip="10.1.1.1", source="web"):
        unit.name_en = "Halmion"
        unit.save()
        access_log(instance=unit, purpose="unit.read")
    with acting_as(people["coordinator"], ip="10.2.2.2", source="web"):
        territory["kazybek"].name_en = "Kazybek"
        territory["kazybek"].save()
        access_log(instance=territory["kazybek"], purpose="unit.export")
    return {**people, "unit": unit, "other": territory["kazybek"]}


def make_entries(n: int, actor: Any, unit: Any) -> None:
    """n more changes and n reads (for query-count tests)."""
    with acting_as(actor, ip="10.3.3.3", source="web"):
        for i in range(n):
            unit.name_en = f"Halmion {i}"
            unit.save()
            access_log(instance=unit, purpose="unit.read")


def yesterday() -> dt.date:
    return timezone.localdate() - dt.timedelta(days=1)


def unit_name_model() -> Any:
    return apps.get_model("geography", "UnitName")
