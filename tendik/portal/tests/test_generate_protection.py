"""The generator's protection cases: audited, encrypted at rest, and summed per committee and month exactly."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from tendik.audit.models import AuditEntry
from tendik.portal.generate.plans import Size
from tendik.portal.generate.protection import generate_protection
from tendik.protection import rollups
from tendik.protection.models import Case, Committee, Incident, Referral, ServiceDelivery
from tendik.protection.selectors.report import ReportScope, report_data
from tendik.protection.tests import report_reference

pytestmark = pytest.mark.django_db

SMALL = Size("small", years=1, measures=1, cases=300, recommendations=0)


def test_generated_cases_are_audited_encrypted_and_summed(territory):
    counts = generate_protection(size=SMALL, limit=3, log=lambda _m: None)
    assert counts["cases"] == Case.objects.count() == 300
    assert counts["committees"] == Committee.objects.count() == 3
    assert Incident.objects.count() >= 300 and Referral.objects.exists() and ServiceDelivery.objects.exists()
    years = {d.year for d in Case.objects.values_list("opened_on", flat=True)}
    assert len(years) == 10
    # one audit entry per generated row
    for model in (Case, Incident, Referral):
        entries = AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(model), action="create")
        assert entries.count() == model.objects.count()
    # identities are stored encrypted, as the model writes them
    case = Case.objects.order_by("pk").first()
    assert case is not None and case.survivor_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT survivor_name FROM {Case._meta.db_table} WHERE id = %s", [case.pk])  # noqa: S608
        stored = cursor.fetchone()[0]
    assert case.survivor_name not in stored and stored.startswith("gAAAA")
    # the sums equal a recount and the report equals the former scan over ten years
    assert rollups.stored() == rollups.recount()
    for date_from in (dt.date(2016, 1, 1), dt.date(2020, 6, 15)):
        scope = ReportScope()
        new = report_data(scope=scope, date_from=date_from, date_to=dt.date(2025, 12, 31))
        assert new == report_reference.report_data(scope=scope, date_from=date_from, date_to=dt.date(2025, 12, 31))
    assert new["cases"]["included"] > 100
    with pytest.raises(RuntimeError):
        generate_protection(size=SMALL, limit=3, log=lambda _m: None)
