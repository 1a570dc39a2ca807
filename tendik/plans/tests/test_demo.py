"""load_plans_demo: real municipalities of five oblasts, two periods (one returned, one accepted); idempotent."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from tendik.audit.models import AuditEntry
from tendik.plans.models import LocalPlan, ProgressReport, ReportStatus


@pytest.mark.django_db
def test_demo_loads_once():
    for name in ("load_territories", "load_demo_users", "load_plans", "load_plans_demo"):
        call_command(name, verbosity=0)
    plans = LocalPlan.objects.select_related("municipality")
    assert plans.count() == 8
    oblasts = {p.municipality.ancestor_codes()[0] for p in plans}
    assert oblasts == {"41705000000000", "41706000000000", "41703000000000", "41702000000000", "41704000000000"}
    halmion = ProgressReport.objects.filter(municipality__code="41705258860000").order_by("period__start")
    assert [r.status for r in halmion] == [ReportStatus.ACCEPTED, ReportStatus.RETURNED]
    rayon_step = halmion[0].events.get(action="approve_rayon")
    assert rayon_step.actor.username == "focal_kadamjay"
    assert all(m.budget_total > 0 for p in plans for m in p.measures.all())
    audit = AuditEntry.objects.count()
    call_command("load_plans_demo", verbosity=0)
    call_command("load_plans", verbosity=0)
    assert AuditEntry.objects.count() == audit
