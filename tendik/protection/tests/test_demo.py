import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command

from tendik.protection.models import Case, Committee, CommitteeMember, PreventionEvent
from tendik.protection.selectors.report import ReportScope, report_data
from tendik.protection.tests.helpers import demo_territory

pytestmark = pytest.mark.django_db


def test_demo_reproduces_the_seed_figures_and_is_idempotent():
    demo_territory()
    call_command("load_protection_demo", verbosity=0)
    counts = (
        Committee.objects.count(),
        CommitteeMember.objects.count(),
        Case.objects.count(),
        PreventionEvent.objects.count(),
    )
    call_command("load_protection_demo", verbosity=0)
    assert (
        Committee.objects.count(),
        CommitteeMember.objects.count(),
        Case.objects.count(),
        PreventionEvent.objects.count(),
    ) == counts

    data = report_data(scope=ReportScope(), date_from=dt.date(2021, 1, 1), date_to=dt.date(2025, 12, 31))
    assert data["committees"]["count"] == 14
    assert data["committees"]["members"] == 274
    assert data["training"]["people"] == 616
    assert data["training"]["by_region"] == {"north": 439, "south": 177, "unknown": 0}
    assert data["training"]["by_length"] == {"1": 480, "2": 136}
    assert data["prevention"]["events"] > 20 and data["prevention"]["people"] > 1000
    assert data["meetings"]["on_violence_facts"] == 12
    assert data["families"]["active"] == 80
    assert data["referrals"]["women_to_crisis_centres_and_shelters"] == 12
    assert data["services"]["cash_aid_recipients"] == 2
    assert data["services"]["cash_aid_total_som"] == Decimal("13000")
    assert data["services"]["people_by_kind"]["housing"] == 1
    assert data["cases"]["left_out"] == 2


def test_the_demo_committee_sees_its_seed_figures_exactly():
    """Small-number protection hides nothing from the committee itself: 2 women, 13,000 som."""
    from django.contrib.auth import get_user_model

    from tendik.protection.models import ServiceDelivery
    from tendik.protection.selectors.report import report_for

    demo_territory()
    call_command("load_protection_demo", verbosity=0)
    chair = get_user_model().objects.get(username="chair_halmion")
    committee = ServiceDelivery.objects.filter(kind="cash_aid").first().case.committee
    own = report_for(
        user=chair, scope=ReportScope(committee=committee), date_from=dt.date(2021, 1, 1), date_to=dt.date(2025, 12, 31)
    )
    assert own["suppressed"] is False
    assert own["services"]["cash_aid_recipients"] == 2
    assert own["services"]["cash_aid_total_som"] == "13000.00"
