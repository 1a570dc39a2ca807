"""The bodies demo: real places in the five oblasts, plausible shares, each rule broken somewhere, idempotent."""

import datetime as dt

import pytest
from django.core.management import call_command

from tendik.audit.models import AuditEntry
from tendik.participation.models import Body, BodyEvent, CompositionCount
from tendik.participation.selectors import bodies as sel

pytestmark = pytest.mark.django_db


def test_demo_loads_once_and_breaks_each_rule(make_user):
    call_command("load_territories", verbosity=0)
    coordinator = make_user("national_coordinator")
    call_command("load_participation_bodies_demo")
    n, events, audit = Body.objects.count(), BodyEvent.objects.count(), AuditEntry.objects.count()
    assert n > 50
    assert {b.unit.path[:14] for b in Body.objects.select_related("unit")} == {
        "41705000000000", "41706000000000", "41703000000000", "41702000000000", "41704000000000"
    }  # fmt: skip
    assert CompositionCount.objects.filter(as_of=dt.date(2021, 4, 11)).exists()
    today = sel.quota_summary(user=coordinator, unit=None, on=dt.date(2025, 6, 1))
    assert 33 <= today.women_share <= 45
    assert today.breaking_share >= 3 and today.breaking_head_deputy >= 3 and today.with_vacancy >= 3
    before = sel.quota_summary(user=coordinator, unit=None, on=dt.date(2018, 1, 1))
    assert before.women_share < 20
    call_command("load_participation_bodies_demo")
    assert (Body.objects.count(), BodyEvent.objects.count(), AuditEntry.objects.count()) == (n, events, audit)


def test_body_types_command_is_idempotent(db):
    from tendik.participation.models import BodyType

    call_command("load_participation_body_types")
    assert BodyType.objects.count() == 11
    BodyType.objects.filter(code="commission").update(max_share=60)
    call_command("load_participation_body_types")
    assert BodyType.objects.count() == 11 and BodyType.objects.get(code="commission").max_share == 60
