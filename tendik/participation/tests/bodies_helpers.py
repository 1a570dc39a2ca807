"""Builders shared by the bodies tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tendik.participation.models import Body, BodyType, Recording
from tendik.participation.services import bodies as services

ELECTED = dt.date(2021, 4, 11)
NAME = "Гүлнара Асанова"


def seed_types() -> dict[str, BodyType]:
    services.body_types_seed()
    return {t.code: t for t in BodyType.objects.all()}


def kenesh(
    unit: Any, *, women: int, men: int, seats: int | None = None, on: dt.date = ELECTED, code: str = "ayil_kenesh"
) -> Body:
    """A counts-recorded body elected on `on` with these women and men."""
    body_type = BodyType.objects.get(code=code)
    body = services.body_create(
        actor=None,
        body_type=body_type,
        unit=unit,
        name_ru=f"{body_type.name_ru} {unit.name_ru}",
        established_on=dt.date(2000, 1, 1),
        seats=seats if seats is not None else women + men,
    )
    services.count_record(body=body, actor=None, as_of=on, women=women, men=men, kind="election")
    return body


def leadership(unit: Any, *, head: str, deputy: str, on: dt.date = ELECTED, code: str = "ayil_okmotu") -> Body:
    """A member-recorded leadership body (head and deputy) of two seats."""
    body = services.body_create(
        actor=None,
        body_type=BodyType.objects.get(code=code),
        unit=unit,
        name_ru=f"Руководство {unit.name_ru}",
        recording=Recording.MEMBERS,
        established_on=dt.date(2000, 1, 1),
        seats=2,
    )
    services.member_add(body=body, actor=None, sex=head, position="head", term_start=on)
    services.member_add(body=body, actor=None, sex=deputy, position="deputy", term_start=on)
    return body


class World:
    """Bodies in Batken (Halmion) and Naryn (Kazybek) and people with every kind of access to them."""

    def __init__(self, territory: dict[str, Any], make_user: Any) -> None:
        seed_types()
        self.territory = territory
        self.kenesh = kenesh(territory["halmion"], women=3, men=12)  # 20%: breaks the share rule
        self.naryn_kenesh = kenesh(territory["kazybek"], women=5, men=10)
        self.lead = leadership(territory["halmion"], head="male", deputy="male")
        self.committee = services.body_create(
            actor=None,
            body_type=BodyType.objects.get(code="youth_committee"),
            unit=territory["halmion"],
            name_ru="Молодёжный комитет Халмиона",
            recording=Recording.MEMBERS,
            established_on=dt.date(2000, 1, 1),
            seats=7,
        )
        self.member = services.member_add(
            body=self.committee,
            actor=None,
            sex="female",
            term_start=ELECTED,
            consent_on=ELECTED,
            full_name=NAME,
        )
        self.officer = make_user("municipal_officer", unit=territory["halmion"])
        self.officer_naryn = make_user("municipal_officer", unit=territory["kazybek"])
        self.viewer = make_user("viewer", unit=territory["batken"])
        self.focal = make_user("focal_point", unit=territory["batken"])
        self.coordinator = make_user("national_coordinator")
        self.coordinator_rayon = make_user("national_coordinator", unit=territory["kadamjay"])
        self.plain = make_user()


@pytest.fixture
def world(territory: dict[str, Any], make_user: Any) -> World:
    return World(territory, make_user)
