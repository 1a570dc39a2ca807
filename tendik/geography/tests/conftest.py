"""Fixtures of the geography tests: the full reference load, units in bulk, users by role."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command


@pytest.fixture
def loaded(db: Any) -> None:
    """All 536 reference units with boundaries (about two seconds)."""
    call_command("load_territories", verbosity=0)


@pytest.fixture
def grow(db: Any) -> Any:
    """grow(n) adds n oblasts, each with two rayons and two ayil aimaks per rayon; returns the oblasts."""
    from tendik.geography.services import unit_create

    counter = {"oblast": 0}

    def _grow(n: int) -> list[Any]:
        oblasts = []
        for _ in range(n):
            counter["oblast"] += 1
            o = 30 + counter["oblast"]
            oblast = unit_create(code=f"417{o:02d}000000000", level="oblast", name_ru=f"Область {o}")
            for r in range(2):
                rayon = unit_create(
                    code=f"417{o:02d}2{r:02d}000000", level="rayon", parent=oblast, name_ru=f"Район {o}-{r}"
                )
                for a in range(2):
                    unit_create(
                        code=f"417{o:02d}2{r:02d}8{a:02d}000",
                        level="ayil_aimak",
                        parent=rayon,
                        name_ru=f"Аймак {o}-{r}-{a}",
                    )
            oblasts.append(oblast)
        return oblasts

    return _grow


@pytest.fixture
def admin(make_user: Any) -> Any:
    return make_user("admin")


@pytest.fixture
def users(make_user: Any, territory: dict[str, Any]) -> dict[str, Any]:
    """One user per row of the authorisation matrix (anonymous is None)."""
    return {
        "anonymous": None,
        "viewer": make_user("viewer"),
        "focal_point": make_user("focal_point", unit=territory["batken"]),
        "oblast_admin": make_user("admin", unit=territory["batken"]),
        "admin": make_user("admin"),
    }
