"""A small world: three committees in two oblasts, users in every role, one case with a known identity."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from tendik.protection.tests.helpers import make_case, make_committee

SURVIVOR = "Вымышленная Айгүл"
PHONE = "+996 555 123 456"
ADDRESS = "с. Вымышленное, ул. Условная, 7"
DOCUMENT = "ID1234567"


@pytest.fixture
def world(territory: dict[str, Any], make_user: Any) -> SimpleNamespace:
    from tendik.protection.models import ServiceProvider

    a = make_committee(territory["halmion"], "МК Халмион")
    b = make_committee(territory["kazybek"], "МК Казыбек")
    c = make_committee(territory["kulundu"], "МК Кулунду")
    w = SimpleNamespace(territory=territory, a=a, b=b, c=c)
    w.chair = make_user("committee_chair", committee=a, username="chair_a")
    w.owner = make_user("case_worker", committee=a, username="owner_a")
    w.member = make_user("case_worker", committee=a, username="member_a")
    w.other = make_user("case_worker", committee=b, username="worker_b")
    w.focal = make_user("focal_point", unit=territory["batken"], username="focal_batken")
    w.coordinator = make_user("national_coordinator", username="coordinator")
    w.municipal = make_user("municipal_officer", unit=territory["halmion"], username="municipal")
    w.plain = make_user(username="plain")
    w.case = make_case(a, owner=w.owner)
    w.case_b = make_case(b, owner=w.other, name="Условная Бермет")
    w.shelter = ServiceProvider.objects.create(name="Убежище (тест)", kind="shelter")
    return w
