"""Plans part of the generator: local plans, measures, quarterly reports, entries and indicator values."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection, reset_queries, transaction

from tendik.audit.services import audited_bulk_create, write_audited
from tendik.core.bulk import insert_rows
from tendik.geography.models import MUNICIPAL_LEVELS, AdministrativeUnit, UnitLevel
from tendik.plans import rollups
from tendik.plans.models import (
    DataValue,
    Indicator,
    LocalMeasure,
    LocalPlan,
    MeasureStatus,
    ProgressReport,
    ReportAction,
    ReportEntry,
    ReportEvent,
    ReportStatus,
)
from tendik.plans.services.periods import period_get

Row = dict[str, Any]

PROGRAMME = "tendik generate"
LAST_YEAR = 2025
ZERO = Decimal(0)


@dataclass(frozen=True)
class Size:
    name: str
    years: int
    measures: int  # per local plan
    cases: int  # protection cases (not generated yet: see docs/performance.md)
    recommendations: int


# National: 469 municipalities x 40 quarters x about 50 values = about 1 million indicator values.
SIZES = {
    "demo": Size("demo", years=1, measures=2, cases=500, recommendations=120),
    "tenth": Size("tenth", years=1, measures=8, cases=5_000, recommendations=1_200),
    "national": Size("national", years=10, measures=8, cases=50_000, recommendations=12_000),
}

# What each local measure reports, in turn: (indicator code, breakdown combinations).
_AGES = ("under-18", "18-29", "30-59", "60-plus")
MEASURE_KINDS: list[list[tuple[str, list[str]]]] = [
    [("people_trained", [f"age_group={a};sex={s}" for a in _AGES for s in ("female", "male")])],
    [
        ("awareness_participants", ["sex=female", "sex=male"]),
        ("violence_appeals", ["sex=female", "sex=male"]),
        ("violence_appeals_referred", [""]),
    ],
    [("women_entrepreneurs_supported", [f"age_group={a};disability={d}" for a in _AGES for d in ("with", "without")])],
    [
        ("at_risk_families", [""]),
        ("at_risk_families_covered", [""]),
        ("local_kenesh_deputies", ["sex=female", "sex=male"]),
    ],
]
MEASURE_TEXTS = [
    "Обучение по вопросам гендерного равенства",
    "Информационная кампания против насилия в семье",
    "Поддержка женского предпринимательства",
    "Сопровождение семей в трудной жизненной ситуации",
]

# Where a report stands, by share: most are accepted; a few wait, were returned or are still drafts.
STATUS_WEIGHTS = [
    (ReportStatus.ACCEPTED, 82),
    (ReportStatus.OBLAST_APPROVED, 5),
    (ReportStatus.RAYON_APPROVED, 4),
    (ReportStatus.SUBMITTED, 3),
    (ReportStatus.RETURNED, 2),
    (ReportStatus.DRAFT, 2),
    (None, 2),  # no report at all
]
PATHS: dict[str, list[str]] = {
    ReportStatus.SUBMITTED: [ReportAction.SUBMIT],
    ReportStatus.RAYON_APPROVED: [ReportAction.SUBMIT, ReportAction.APPROVE_RAYON],
    ReportStatus.OBLAST_APPROVED: [ReportAction.SUBMIT, ReportAction.APPROVE_RAYON, ReportAction.APPROVE_OBLAST],
    ReportStatus.ACCEPTED: [
        ReportAction.SUBMIT,
        ReportAction.APPROVE_RAYON,
        ReportAction.APPROVE_OBLAST,
        ReportAction.ACCEPT,
    ],
    ReportStatus.RETURNED: [ReportAction.SUBMIT, ReportAction.RETURN],
}
TARGET: dict[str, str] = {
    ReportAction.SUBMIT: ReportStatus.SUBMITTED,
    ReportAction.APPROVE_RAYON: ReportStatus.RAYON_APPROVED,
    ReportAction.APPROVE_OBLAST: ReportStatus.OBLAST_APPROVED,
    ReportAction.ACCEPT: ReportStatus.ACCEPTED,
    ReportAction.RETURN: ReportStatus.RETURNED,
}


def municipalities() -> list[AdministrativeUnit]:
    """Every current municipality (ayil aimaks, towns, cities of rayon rank), in path order."""
    units = AdministrativeUnit.objects.current().filter(level__in=MUNICIPAL_LEVELS).order_by("path")
    return [u for u in units if not (u.level == UnitLevel.CITY and u.parent_id is None)]


def _aware(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC)


def generate_plans(
    *, size: Size, seed: int = 2025, limit: int | None = None, log: Callable[[str], Any] = print
) -> dict[str, int]:
    """Write the plans part of the data set (for the first `limit` municipalities if given, spread over the
    country); returns row counts. Refuses to run twice on the same database."""
    if LocalPlan.objects.filter(programme=PROGRAMME).exists():
        raise RuntimeError("generated plans are already in this database")
    rng = random.Random(seed)  # noqa: S311  (reproducible test data, not secrets)
    units = municipalities()
    if limit:
        units = units[:: max(1, len(units) // limit)][:limit]
    indicators = {i.code: i for i in Indicator.objects.filter(reported_locally=True)}
    missing = {code for kind in MEASURE_KINDS for code, _c in kind} - set(indicators)
    if missing:
        raise RuntimeError(f"indicators missing (run load_plans first): {sorted(missing)}")
    first = LAST_YEAR - size.years + 1
    periods = [period_get(code=f"{y}-Q{q}") for y in range(first, LAST_YEAR + 1) for q in range(1, 5)]
    counts = {"plans": 0, "measures": 0, "reports": 0, "entries": 0, "values": 0}
    chunk = 40  # municipalities per transaction: bounded memory (≈ 80,000 figures at national size), progress visible
    postgres = connection.vendor == "postgresql"
    if postgres:
        # Each chunk commits without waiting for the disk: a crash loses at most the last chunks, never
        # consistency; the generator then refuses to run again on that database anyway (start afresh).
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO off")
    try:
        for start in range(0, len(units), chunk):
            with transaction.atomic():
                _chunk(units[start : start + chunk], size, first, periods, indicators, rng, counts)
            reset_queries()  # with DEBUG on, Django keeps the last 9,000 queries, bulk inserts of ~30 KB each
            log(f"  {min(start + chunk, len(units))}/{len(units)} municipalities, {counts['values']:,} values")
    finally:
        if postgres:
            with connection.cursor() as cursor:
                cursor.execute("SET synchronous_commit TO DEFAULT")
    log("  recounting the rolled-up sums")
    recount()
    return counts


def recount() -> None:
    """Every sum the dashboards read, recounted from the figures in one set-based statement per territory level
    (the same as `manage.py rebuild_plan_rollups`), then fresh planner statistics on PostgreSQL."""
    rollups.rebuild()
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _chunk(
    units: list[AdministrativeUnit],
    size: Size,
    first: int,
    periods: list[Any],
    indicators: dict[str, Indicator],
    rng: random.Random,
    counts: dict[str, int],
) -> None:
    plans = audited_bulk_create(
        LocalPlan,
        [
            LocalPlan(
                municipality=u,
                start_year=first,
                end_year=LAST_YEAR,
                title=f"План действий {u.name_ru}",
                programme=PROGRAMME,
                status="adopted",
                adopted_on=dt.date(first, 1, 15),
                reporting_frequency="quarter",
            )
            for u in units
        ],
    )
    measures: list[LocalMeasure] = []
    for plan in plans:
        for n in range(size.measures):
            base = Decimal(rng.randrange(20, 400) * 1000)
            measures.append(
                LocalMeasure(
                    local_plan=plan,
                    number=str(n + 1),
                    text=MEASURE_TEXTS[n % len(MEASURE_TEXTS)],
                    responsible_person="Ответственный специалист",
                    start=dt.date(first, 1, 1),
                    end=dt.date(LAST_YEAR, 12, 31),
                    budget_local=base,
                    budget_republican=base / 2,
                    budget_donor=Decimal(rng.randrange(0, 3) * 50_000),
                    order=n,
                    current_status=MeasureStatus.IN_PROGRESS,
                    current_progress=50,
                )
            )
    measures = audited_bulk_create(LocalMeasure, measures)
    through = LocalMeasure.indicators.through
    insert_rows(
        through,
        [
            through(localmeasure_id=m.pk, indicator_id=indicators[code].pk)
            for m in measures
            for code, _c in MEASURE_KINDS[(int(m.number) - 1) % len(MEASURE_KINDS)]
        ],
    )
    by_plan: dict[int, list[LocalMeasure]] = {}
    for m in measures:
        by_plan.setdefault(m.local_plan_id, []).append(m)
    statuses = [s for s, _w in STATUS_WEIGHTS]
    weights = [w for _s, w in STATUS_WEIGHTS]
    reports: list[ProgressReport] = []
    for plan in plans:
        for period in periods:
            status = rng.choices(statuses, weights)[0]
            if status is None:
                continue
            submitted = _aware(period.end + dt.timedelta(days=rng.randrange(3, 20)), 10)
            reports.append(
                ProgressReport(
                    local_plan=plan,
                    municipality_id=plan.municipality_id,
                    period=period,
                    status=status,
                    created_at=_aware(period.end, 9),
                    submitted_at=None if status == ReportStatus.DRAFT else submitted,
                    accepted_at=submitted + dt.timedelta(days=20) if status == ReportStatus.ACCEPTED else None,
                )
            )
    reports = audited_bulk_create(ProgressReport, reports)
    events = []
    for r in reports:
        previous: str = ReportStatus.DRAFT
        for i, action in enumerate(PATHS.get(r.status, [])):
            target = TARGET[action]
            events.append(
                ReportEvent(
                    report_id=r.pk,
                    at=r.created_at + dt.timedelta(days=1 + 5 * i),
                    action=action,
                    from_status=previous,
                    to_status=target,
                    comment="Уточните цифры." if action == ReportAction.RETURN else "",
                )
            )
            previous = target
    insert_rows(ReportEvent, events)
    entries: list[Row] = []
    values: list[Row] = []
    for r in reports:
        quarter = r.period.start.month // 3 + 1
        updated = r.created_at
        for m in by_plan[r.local_plan_id]:
            entries.append(
                {
                    "report_id": r.pk,
                    "local_measure_id": m.pk,
                    "status": MeasureStatus.IN_PROGRESS,
                    "progress": min(100, 20 * quarter + rng.randrange(0, 10)),
                    "narrative": "Мероприятия проведены по графику.",
                    "spent_local": (m.budget_local * Decimal(rng.randrange(5, 25)) / 100).quantize(Decimal(1)),
                    "spent_republican": (m.budget_republican * Decimal(rng.randrange(0, 20)) / 100).quantize(
                        Decimal(1)
                    ),
                    "spent_donor": ZERO,
                    "spent_other": ZERO,
                    "updated_at": updated,
                    "version": 1,
                }
            )
            for code, combos in MEASURE_KINDS[(int(m.number) - 1) % len(MEASURE_KINDS)]:
                indicator_id = indicators[code].pk
                for combo in combos:
                    values.append(
                        {
                            "indicator_id": indicator_id,
                            "unit_id": r.municipality_id,
                            "period_id": r.period_id,
                            "combo": combo,
                            "value": Decimal(rng.randrange(0, 60)),
                            "source": "",
                            "report_id": r.pk,
                            "local_measure_id": m.pk,
                        }
                    )
    # The two largest tables without model instances: rows and audit entries streamed (audit.services.write_audited).
    write_audited(ReportEntry, entries, lambda e: f"{e['report_id']}:{e['local_measure_id']}")
    write_audited(
        DataValue, values, lambda v: f"{v['indicator_id']}:{v['unit_id'] or 'KG'}:{v['period_id']}:{v['combo']}"
    )
    counts["plans"] += len(plans)
    counts["measures"] += len(measures)
    counts["reports"] += len(reports)
    counts["entries"] += len(entries)
    counts["values"] += len(values)
