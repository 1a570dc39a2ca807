"""The rolled-up sums (indicator figures; reports by period and status with their spending) stay equal to a recount
through any sequence of openings, submissions, approvals, returns and corrections; the dashboards' figures are the
ones a scan of every value gives."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db.models import Sum

from tendik.plans import rollups
from tendik.plans.models import DataValue, IndicatorRollup, ProgressReport, ReportRollup, ReportStatus
from tendik.plans.services import reports as svc
from tendik.plans.services.periods import period_get
from tendik.plans.services.validation import EntryData
from tendik.plans.tests.test_selectors import _grow

pytestmark = pytest.mark.django_db


def _snapshot() -> list[tuple]:
    figures = sorted(
        (r.prefix, r.indicator_id, r.period_id, r.combo, Decimal(r.total), r.n) for r in IndicatorRollup.objects.all()
    )
    reports = sorted(
        (r.prefix, r.period_id, r.status, r.reports, *(Decimal(getattr(r, c)) for c in rollups.SPENT))
        for r in ReportRollup.objects.all()
    )
    return [*figures, *reports]


def _recount() -> list[tuple]:
    rollups.rebuild()
    return _snapshot()


def _scan(path: str) -> dict[tuple, Decimal]:
    """The figures as the dashboards computed them before the sums existed: every counted value scanned."""
    values = DataValue.objects.filter(report__isnull=False, unit__path__startswith=path).exclude(
        report__status__in=[ReportStatus.DRAFT, ReportStatus.RETURNED]
    )
    return {
        (r["indicator_id"], r["period_id"], r["combo"]): r["s"]
        for r in values.values("indicator_id", "period_id", "combo").annotate(s=Sum("value"))
    }


def _sums(path: str) -> dict[tuple, Decimal]:
    return {(r.indicator_id, r.period_id, r.combo): r.total for r in IndicatorRollup.objects.filter(prefix=path)}


def test_sums_equal_a_recount_after_random_moves(territory, catalogue, make_user):
    _grow(territory, catalogue, make_user, 1, 3)
    rayon = make_user("focal_point", unit=territory["kadamjay"])
    oblast = make_user("focal_point", unit=territory["batken"])
    coordinator = make_user("national_coordinator")
    rng = random.Random(11)  # noqa: S311
    reports = list(ProgressReport.objects.select_related("municipality"))
    officers = {r.pk: r.local_plan.created_by for r in reports}
    moved = 0
    for _step in range(40):
        report = ProgressReport.objects.get(pk=rng.choice(reports).pk)
        action = rng.choice(["approve", "approve", "return", "correct", "submit", "open"])
        try:
            if action == "open":
                code = rng.choice(["2026-H1", "2026-H2", "2027-H1"])
                report = svc.report_open(
                    actor=officers[report.pk], local_plan=report.local_plan, period=period_get(code=code)
                )
                reports.append(report)
                officers[report.pk] = report.local_plan.created_by
            elif action == "approve":
                reviewer = {
                    ReportStatus.SUBMITTED: rayon,
                    ReportStatus.RAYON_APPROVED: oblast,
                    ReportStatus.OBLAST_APPROVED: coordinator,
                }.get(report.status, rayon)
                svc.report_approve(actor=reviewer, report=report)
            elif action == "return":
                svc.report_return(actor=rayon, report=report, comment="Проверьте")
            elif action == "submit":
                svc.report_submit(actor=officers[report.pk], report=report)
            else:
                entry = report.entries.select_related("local_measure").first()
                codes = set(entry.local_measure.indicators.values_list("code", flat=True))
                code = "people_trained" if "people_trained" in codes else "at_risk_families"
                combo = "sex=female" if code == "people_trained" else ""
                svc.entry_save(
                    actor=officers[report.pk],
                    entry=entry,
                    data=EntryData(
                        status="in_progress",
                        progress=20,
                        values={(code, combo): Decimal(rng.randrange(0, 30))},
                        spent={"local": Decimal(rng.randrange(0, 300)), "donor": Decimal(rng.randrange(0, 50))},
                    ),
                )
        except (PermissionDenied, ValidationError):
            continue
        moved += 1
        incremental = _snapshot()
        assert incremental == _recount(), f"step {_step}: {action}"
    assert moved > 10  # the sequence really moved reports
    assert IndicatorRollup.objects.filter(prefix="").exists()
    assert ReportRollup.objects.filter(prefix="").exclude(status=ReportStatus.DRAFT).exists()
    assert ReportRollup.objects.filter(prefix="", spent_donor__gt=0).exists()  # spending corrections were summed


def test_counted_figures_change_the_sums_in_place(territory, catalogue, make_user):
    """A counted report's figures corrected through the bulk write path: the sums follow."""
    _grow(territory, catalogue, make_user, 1, 1, periods=("2025-H1",))
    report = ProgressReport.objects.get()
    before = _sums("")
    value = DataValue.objects.filter(report=report, combo="sex=female").select_related("indicator").first()
    pairs = [
        (svc._entry_row(e), svc.entry_data(e))
        for e in svc._entries_with_measures(report)
        if e.local_measure_id == value.local_measure_id
    ]
    pairs[0][1].values[(value.indicator.code, "sex=female")] = value.value + 7
    svc._write(report, pairs, svc._context(report, [value.local_measure_id]))
    key = (value.indicator_id, value.period_id, "sex=female")
    assert _sums("")[key] == before[key] + 7
    assert _snapshot() == _recount()


def test_rebuild_command(territory, catalogue, make_user):
    _grow(territory, catalogue, make_user, 1, 2, periods=("2025-H1",))
    expected = _snapshot()
    IndicatorRollup.objects.all().delete()
    ReportRollup.objects.all().delete()
    call_command("rebuild_plan_rollups", verbosity=0)
    assert _snapshot() == expected != []
