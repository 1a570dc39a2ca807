"""The VAWP demo loads fictional reports in the consultations' oblasts, in several states, once."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from tendik.accounts.models import User
from tendik.participation.management.commands.load_participation_vawp_demo import DEMO_SECRET, REPORTS
from tendik.participation.models import VawpReport
from tendik.participation.services.vawp import report_by_receipt
from tendik.participation.tests.vawp_fixtures import _fresh_rate_limits

__all__ = ["_fresh_rate_limits"]

pytestmark = pytest.mark.django_db

OBLASTS = {
    "41702000000000": ("Иссык-Кульская область", None),
    "41703000000000": ("Джалал-Абадская область", None),
    "41704000000000": ("Нарынская область", None),
    "41705000000000": ("Баткенская область", None),
    "41706000000000": ("Ошская область", None),
}


@pytest.fixture
def units(db):
    from tendik.geography.services import unit_create

    made = {code: unit_create(code=code, level="oblast", name_ru=name) for code, (name, _p) in OBLASTS.items()}
    for _code, unit_code, *_rest in REPORTS:
        if unit_code not in made:
            parent = made[unit_code[:5] + "000000000"]
            made[unit_code] = unit_create(code=unit_code, level="rayon", parent=parent, name_ru=f"Район {unit_code}")
    return made


def test_demo_is_fictional_varied_and_idempotent(units):
    call_command("load_participation_vawp_demo", verbosity=0)
    reports = VawpReport.objects.all()
    assert reports.count() == len(REPORTS)
    assert {r.oblast.code for r in reports} == set(OBLASTS)
    assert reports.filter(anonymous=True).exists()
    assert {r.state for r in reports} >= {
        "received",
        "in_contact",
        "support_provided",
        "closed",
        "declined",
        "withdrawn",
    }
    assert all("вымышлен" in r.description or r.state == "withdrawn" for r in reports)
    support = User.objects.get(username="support_osh")
    assert support.role_assignments.get().unit.code == "41706000000000"
    assert report_by_receipt(code="V-DEMO-0S01", secret=DEMO_SECRET) is not None
    call_command("load_participation_vawp_demo", verbosity=0)
    assert VawpReport.objects.count() == len(REPORTS)
