"""The generator: deterministic, audited, and its figures summed exactly as a scan of every value gives."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from tendik.audit.models import AuditEntry
from tendik.plans import rollups
from tendik.plans.models import DataValue, IndicatorRollup, ProgressReport
from tendik.plans.tests.test_rollups import _scan, _sums
from tendik.portal.generate import SIZES, generate_plans

pytestmark = pytest.mark.django_db


def test_generated_figures_identical_to_a_scan():
    """On generated data over real territories (every status, several rayons and oblasts), the sums the dashboards
    read equal the scan of every value they made before, for the country and every territory with figures.
    (The plans demo loader is broken on this branch's base: see the report; the generator stands in for it.)"""
    call_command("load_territories", verbosity=0)
    call_command("load_plans", verbosity=0)
    generate_plans(size=SIZES["demo"], limit=60, log=lambda _m: None)
    paths = {""}
    for path in DataValue.objects.filter(report__isnull=False).values_list("unit__path", flat=True).distinct():
        paths.update(rollups.prefixes(path))
    assert len(paths) > 20
    for path in paths:
        assert _sums(path) == _scan(path), path
    assert set(IndicatorRollup.objects.values_list("prefix", flat=True).distinct()) == paths

    # Every generated domain row has its audit entry; a second run is refused.
    audited = AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(DataValue), action="create")
    assert audited.count() == DataValue.objects.count() > 1000  # national statistics of load_plans included
    with pytest.raises(RuntimeError):
        generate_plans(size=SIZES["demo"], limit=60, log=lambda _m: None)
    assert ProgressReport.objects.exists()
