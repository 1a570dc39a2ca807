"""The generator: deterministic, audited, and its figures summed exactly as a scan of every value gives."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import transaction

from tendik.audit.models import AuditEntry
from tendik.audit.services import _safe_repr
from tendik.plans import rollups
from tendik.plans.models import DataValue, IndicatorRollup, ProgressReport, ReportEntry
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


class _Undo(Exception):
    pass


def _figures() -> list[tuple]:
    """The generated figures by their natural keys (primary keys differ between runs on PostgreSQL)."""
    return sorted(
        DataValue.objects.filter(report__isnull=False).values_list(
            "unit__code", "period__code", "indicator__code", "combo", "local_measure__number", "value",
            "report__status",
        )
    )  # fmt: skip


def test_same_seed_same_figures_and_the_trail_holds_what_the_tables_hold():
    """Two runs with the same seed give the same figures (another seed other ones); every entry and figure written
    without model instances has exactly the audit entry `audited_bulk_create` would have written for it."""
    call_command("load_territories", verbosity=0)
    call_command("load_plans", verbosity=0)

    def run(seed: int) -> list[tuple]:
        try:
            with transaction.atomic():
                generate_plans(size=SIZES["demo"], seed=seed, limit=6, log=lambda _m: None)
                figures = _figures()
                _check_trail()
                raise _Undo
        except _Undo:
            return figures

    first = run(7)
    assert len(first) > 250
    assert run(7) == first
    assert run(8) != first
    assert not DataValue.objects.filter(report__isnull=False).exists()


def _check_trail() -> None:
    for model in (DataValue, ReportEntry):
        ct = ContentType.objects.get_for_model(model)
        objs = list(model.objects.order_by("-pk")[:25])
        assert len(objs) == 25
        trail = {
            e.object_id: e for e in AuditEntry.objects.filter(content_type=ct, object_id__in=[str(o.pk) for o in objs])
        }
        for obj in objs:
            entry = trail[str(obj.pk)]
            assert entry.action == "create"
            assert entry.changes == obj._audit_diff({}, obj._audit_snapshot()), model
            assert entry.object_repr == _safe_repr(obj)


def test_the_sql_log_kept_with_debug_on_does_not_grow_with_the_chunks(settings):
    """With DEBUG on (a development machine), Django logs every query's SQL, the bulk inserts' tens of kilobytes
    each, up to 9,000 of them: the generator empties the log after each chunk, so memory stays flat at national size."""
    from django.db import connection

    call_command("load_territories", verbosity=0)
    call_command("load_plans", verbosity=0)
    settings.DEBUG = True
    logged: list[int] = []
    generate_plans(size=SIZES["demo"], limit=120, log=lambda _m: logged.append(len(connection.queries_log)))
    *chunks, recount = logged
    assert len(chunks) == 3  # three chunks of 40 municipalities, then the recount
    assert max(chunks) <= chunks[0] and recount < 5  # before: 51, 75, 99 queries kept
