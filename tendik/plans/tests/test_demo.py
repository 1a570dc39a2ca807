"""load_plans_demo: real municipalities of five oblasts, two periods (one returned, one accepted); idempotent."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.utils import translation

from tendik.audit.models import AuditEntry
from tendik.plans.models import LocalPlan, Plan, ProgressReport, ReportStatus


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
    # The demo reads in each language (issue 10): plan texts, municipality names, no internal notes.
    plan = Plan.objects.get(code="gender-2025-2027")
    khalmion = plans.get(municipality__code="41705258860000")
    with translation.override("ru"):
        assert plan.source_text.startswith("Резолюция консультативных встреч") and "seed" not in plan.source_text
        assert khalmion.display_title == khalmion.title
        assert khalmion.municipality.ancestor_codes()[0] == "41705000000000"
    with translation.override("ky"):
        assert plan.source_text.startswith("2025-жылдын май")
        assert str(khalmion) == "Халмион айыл аймагы: жергиликтүү план 2025–2027"
    with translation.override("en"):
        assert plan.source_text.startswith("Resolution of the May 2025")
        assert str(khalmion) == "Khalmion ayil aimak: local plan 2025–2027"
        assert all(not re.search("[а-яё]", p.municipality.name, re.I) for p in plans)
    audit = AuditEntry.objects.count()
    call_command("load_plans_demo", verbosity=0)
    call_command("load_plans", verbosity=0)
    assert AuditEntry.objects.count() == audit
