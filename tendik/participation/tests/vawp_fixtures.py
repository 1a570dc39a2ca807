"""Fixtures for the VAWP tests (imported by each test_vawp_* module)."""

from __future__ import annotations

import io
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.cache import cache
from PIL import Image

from tendik.accounts.roles import Role
from tendik.core.uploads import clean_upload

NAME = "Вымышленная Депутатка Айгүл"
PHONE = "+996 555 010 203"
EMAIL = "aigul.fictional@example.org"
STORY = "На сессии айылного кенеша мне выключили микрофон и пригрозили"


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Any:
    cache.clear()
    yield
    cache.clear()


def gps_jpeg() -> bytes:
    image = Image.new("RGB", (32, 24), (10, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (40.0, 31.0, 0.0), "E", (72.0, 48.0, 0.0)
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def submit(unit: Any, **overrides: Any) -> tuple[Any, str]:
    from tendik.participation.services.vawp import report_submit

    data: dict[str, Any] = {
        "reporter_role": "deputy",
        "unit": unit,
        "kinds": ["psychological", "obstruction"],
        "perpetrators": ["colleague"],
        "reported_to": [],
        "support": ["legal"],
        "description": STORY,
        "name": NAME,
        "phone": PHONE,
        "email": EMAIL,
        "contact_note": "после 18:00",
    }
    data.update(overrides)
    return report_submit(**data)


@pytest.fixture
def vawp(territory: dict[str, Any], make_user: Any) -> SimpleNamespace:
    """Two oblasts; support staff in each; a focal point and a viewer; one report in Batken with a picture."""
    world = SimpleNamespace(**territory)
    world.support = make_user(Role.VAWP_SUPPORT, unit=territory["batken"], username="support_batken")
    world.support_naryn = make_user(Role.VAWP_SUPPORT, unit=territory["naryn"], username="support_naryn")
    world.coordinator = make_user(Role.NATIONAL_COORDINATOR, username="coordinator")
    world.focal = make_user(Role.FOCAL_POINT, unit=territory["batken"], username="focal_batken")
    world.viewer = make_user(Role.VIEWER, username="viewer")
    world.report, world.secret = submit(territory["kadamjay"], evidence=[clean_upload(io.BytesIO(gps_jpeg()))])
    return world
