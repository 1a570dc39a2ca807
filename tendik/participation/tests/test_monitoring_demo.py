"""load_participation_monitoring_demo: two groups, visits to demo municipalities, a recommendation; idempotent."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from tendik.audit.models import AuditEntry
from tendik.participation.models import DialogueGroup, MonitoringVisit, RatingScale, Scorecard, VisitStatus


@pytest.mark.django_db
def test_demo_loads_once() -> None:
    for name in (
        "load_territories",
        "load_demo_users",
        "load_plans",
        "load_plans_demo",
        "load_consultations_demo",
        "load_participation_monitoring_demo",
    ):
        call_command(name, verbosity=0)
    assert DialogueGroup.objects.count() == 2
    assert {g.territory.code for g in DialogueGroup.objects.all()} == {"41705000000000", "41706000000000"}
    assert RatingScale.objects.get().levels.count() == 4
    visits = MonitoringVisit.objects.all()
    assert visits.count() == 4 and visits.filter(status=VisitStatus.SUBMITTED).count() == 3
    # Findings are tied to the municipalities' own local-plan measures.
    for card in Scorecard.objects.select_related("visit", "local_measure__local_plan"):
        assert card.local_measure.local_plan.municipality_id == card.visit.municipality_id
    rec_cards = Scorecard.objects.filter(recommendation__isnull=False)
    assert rec_cards.count() == 1
    assert rec_cards.get().recommendation.regions.get().code == "41705258860000"
    audit = AuditEntry.objects.count()
    call_command("load_participation_monitoring_demo", verbosity=0)
    assert AuditEntry.objects.count() == audit
