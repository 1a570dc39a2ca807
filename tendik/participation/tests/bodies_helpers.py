"""Builders shared by the bodies tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tendik.participation.models import Body, BodyType, Recording
from tendik.participation.services import bodies as services

ELECTED = dt.date(2021, 4, 11)


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
