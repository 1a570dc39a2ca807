"""Spreadsheet benchmarks (issue 11): the plan-progress Excel import against a raw bulk insert of the same rows,
the recommendations export of 12,000 rows (time, memory growth) and the 50,000-row recommendations import.

Sizes scale with BENCH_SCALE (1 = the issue's sizes; 0.1 for a quick look on a shared machine)."""

from __future__ import annotations

import datetime as dt
import io
import os
import time
import tracemalloc
from decimal import Decimal
from typing import Any

from bench.__main__ import Result

SCALE = float(os.environ.get("BENCH_SCALE", "1"))


def _n(size: int) -> int:
    return max(int(size * SCALE), 10)


def _world() -> dict[str, Any]:
    """A municipality, an officer and a coordinator, a sex category, a series (once per run)."""
    from tendik.accounts.models import RoleAssignment, User
    from tendik.geography.models import AdministrativeUnit
    from tendik.plans.models import CategoryOption, DisaggregationCategory

    if not AdministrativeUnit.objects.filter(code="41797205800000").exists():
        from tendik.audit.context import acting_as
        from tendik.geography.services import unit_create

        with acting_as(None, source="bench"):
            oblast = unit_create(code="41797000000000", level="oblast", name_ru="Область бенча")
            rayon = unit_create(code="41797205000000", level="rayon", parent=oblast, name_ru="Район бенча")
            unit_create(code="41797205800000", level="ayil_aimak", parent=rayon, name_ru="Аймак бенча")
    unit = AdministrativeUnit.objects.get(code="41797205800000")
    officer, made = User.objects.get_or_create(username="bench_officer")
    if made:
        RoleAssignment.objects.create(user=officer, role="municipal_officer", unit=unit)
    coordinator, made = User.objects.get_or_create(username="bench_coordinator")
    if made:
        RoleAssignment.objects.create(user=coordinator, role="national_coordinator")
    sex, _ = DisaggregationCategory.objects.get_or_create(code="sex", defaults={"name_ru": "Пол"})
    for code in ("female", "male"):
        CategoryOption.objects.get_or_create(category=sex, code=code, defaults={"name_ru": code})
    return {"unit": unit, "officer": officer, "coordinator": coordinator, "sex": sex}


def _report(world: dict[str, Any], measures: int) -> Any:
    """A local plan with `measures` measures, each reporting one indicator by sex, and its open report."""
    from tendik.plans.models import Indicator, LocalMeasure, LocalPlan
    from tendik.plans.services.periods import period_get
    from tendik.plans.services.reports import report_open

    indicator, made = Indicator.objects.get_or_create(
        code="bench_trained", defaults={"name_ru": "Обученные", "reported_locally": True}
    )
    if made:
        indicator.categories.set([world["sex"]])
    plan = LocalPlan.objects.create(municipality=world["unit"], start_year=2025, end_year=2027, title="Бенч")
    LocalMeasure.objects.bulk_create(
        LocalMeasure(
            local_plan=plan,
            number=str(i + 1),
            text=f"Мера {i + 1}",
            responsible_person="Иванова",
            start=dt.date(2025, 1, 1),
            end=dt.date(2027, 12, 31),
            order=i + 1,
        )
        for i in range(measures)
    )
    through = LocalMeasure.indicators.through
    through.objects.bulk_create(
        through(localmeasure_id=pk, indicator_id=indicator.pk)
        for pk in LocalMeasure.objects.filter(local_plan=plan).values_list("pk", flat=True)
    )
    return report_open(actor=world["officer"], local_plan=plan, period=period_get(code="2025-H1"))


def _filled_template(report: Any) -> tuple[bytes, int]:
    """The report's template with every measure and figure filled in, as a person would upload it."""
    from openpyxl import load_workbook

    from tendik.plans.excel.report_template import template_xlsx

    wb = load_workbook(io.BytesIO(template_xlsx(report=report)))
    ws, wi = wb.worksheets[0], wb.worksheets[1]
    for row in ws.iter_rows(min_row=2):
        row[3].value, row[4].value, row[5].value, row[6].value = "В процессе", 50, "Проведены тренинги", 1000
    for i, row in enumerate(wi.iter_rows(min_row=2)):
        row[6].value = 10 + i % 7
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue(), ws.max_row - 1 + wi.max_row - 1


def bench_plan_progress_import() -> list[Result]:
    """Rows per second of the whole upload (read, check, bulk write with audit) and its ratio to a raw bulk
    insert of as many rows (Django bulk_create into the figures table, no checks, no trail)."""
    from django.db import transaction

    from tendik.audit.context import acting_as
    from tendik.plans.excel.report_template import import_xlsx
    from tendik.plans.models import DataValue, Indicator

    world = _world()
    report = _report(world, _n(4000))
    content, rows = _filled_template(report)

    class Rollback(Exception):  # noqa: N818
        pass

    def imported() -> float:
        start = time.perf_counter()
        try:
            with transaction.atomic(), acting_as(world["officer"], source="bench"):
                import_xlsx(report=report, actor=world["officer"], content=content)
                elapsed = time.perf_counter() - start
                raise Rollback
        except Rollback:
            return elapsed

    indicator = Indicator.objects.get(code="bench_trained")

    def raw() -> float:
        """The same number of rows bulk-inserted into the figures table: no reading, no checks, no trail."""
        measures = list(report.entries.values_list("local_measure_id", flat=True))
        start = time.perf_counter()
        try:
            with transaction.atomic():
                DataValue.objects.bulk_create(
                    (
                        DataValue(
                            indicator=indicator,
                            unit=report.municipality,
                            period=report.period,
                            combo=f"row={i}",
                            value=Decimal(10),
                            report=report,
                            local_measure_id=measures[i % len(measures)],
                        )
                        for i in range(rows)
                    ),
                    batch_size=2000,
                )
                elapsed = time.perf_counter() - start
                raise Rollback
        except Rollback:
            return elapsed

    def raw_copy() -> float:
        """A stronger baseline: the same rows as plain tuples in one COPY (PostgreSQL) or one prepared INSERT run
        over every row (SQLite) — `tendik.core.bulk.copy_rows`, the writer the import itself uses; no trail."""
        from tendik.core.bulk import converters, copy_rows

        measures = list(report.entries.values_list("local_measure_id", flat=True))
        fields = [DataValue._meta.get_field(n) for n in ("indicator", "unit", "period", "combo", "value", "source",
                                                          "report", "local_measure")]  # fmt: skip
        start = time.perf_counter()
        try:
            with transaction.atomic():
                copy_rows(
                    DataValue._meta.db_table,
                    [f.column for f in fields],  # type: ignore[union-attr]
                    (
                        (
                            indicator.pk,
                            report.municipality_id,
                            report.period_id,
                            f"row={i}",
                            Decimal(10),
                            "",
                            report.pk,
                            measures[i % len(measures)],
                        )
                        for i in range(rows)
                    ),  # fmt: skip
                    converters(fields),
                )
                elapsed = time.perf_counter() - start
                raise Rollback
        except Rollback:
            return elapsed

    t_import = min(imported() for _ in range(3))
    t_raw = min(raw() for _ in range(3))
    t_copy = min(raw_copy() for _ in range(3))
    rate = rows / t_import
    return [
        Result(
            f"plan progress import, {rows} rows vs raw bulk insert",
            t_import / t_raw,
            3.0,
            f"{rate:,.0f} rows/s (goal ≥ 10,000); raw bulk_create {rows / t_raw:,.0f} rows/s",
        ),
        Result(
            f"plan progress import, {rows} rows vs raw COPY/executemany",
            t_import / t_copy,
            3.0,
            f"raw COPY/executemany {rows / t_copy:,.0f} rows/s (a stronger baseline than the issue's)",
        ),
        Result(f"plan progress import, {rows} rows: seconds per 10,000 rows", 10_000 / rate, 1.0, "goal ≤ 1 s"),
    ]


def _recommendations(world: dict[str, Any], n: int) -> None:
    from tendik.consultations.models import ConsultationSeries, Recommendation

    series, _ = ConsultationSeries.objects.get_or_create(
        code="bench", defaults={"title_ru": "Бенч", "start_date": dt.date(2025, 5, 12)}
    )
    have = Recommendation.objects.filter(series=series).count()
    Recommendation.objects.bulk_create(
        (
            Recommendation(
                series=series,
                code=f"bench-r{i:06d}",
                scope="general",
                level="national",
                text_ru=f"Рекомендация номер {i}: обеспечить доступ женщин к услугам кризисных центров " * 3,
                text_ky=f"Сунуш {i}",
            )
            for i in range(have, n)
        ),
        batch_size=2000,
    )


def bench_recommendations_export() -> list[Result]:
    """12,000 recommendations to Excel: seconds (goal < 10) and memory growth (goal < 50 MB)."""
    from tendik.consultations.selectors import recommendations
    from tendik.consultations.services.spreadsheet import export_recommendations

    world = _world()
    n = _n(12_000)
    _recommendations(world, n)
    user = world["coordinator"]

    def export() -> bytes:
        return export_recommendations(recommendations(user).order_by("series", "order", "id"))

    start = time.perf_counter()
    content = export()
    seconds = time.perf_counter() - start
    tracemalloc.start()
    export()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    mb = peak / 1024 / 1024
    return [
        Result(f"recommendations export, {n} rows: seconds", seconds, 10.0, f"{len(content) / 1e6:.1f} MB file"),
        Result(f"recommendations export, {n} rows: memory growth, MB", mb, 50.0, "peak traced during the export"),
    ]


def bench_recommendations_import() -> list[Result]:
    """50,000 new recommendations from one file: seconds, memory, and the ratio to a raw bulk insert."""
    from django.db import transaction
    from openpyxl import Workbook

    from tendik.audit.context import acting_as
    from tendik.consultations.models import Recommendation
    from tendik.consultations.services.spreadsheet import COLUMNS, import_recommendations

    world = _world()
    _recommendations(world, 1)
    n = _n(50_000)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Recommendations")
    ws.append([h for _k, h in COLUMNS])
    for i in range(n):
        ws.append(["", "bench", "", "general", "", "", "national", "", "", f"Импорт {i}: доступ к услугам", "", ""])
    out = io.BytesIO()
    wb.save(out)
    content = out.getvalue()

    class Rollback(Exception):  # noqa: N818
        pass

    def imported() -> tuple[float, int]:
        tracemalloc.start()
        start = time.perf_counter()
        try:
            with transaction.atomic(), acting_as(world["coordinator"], source="bench"):
                import_recommendations(data=content, actor=world["coordinator"])
                elapsed = time.perf_counter() - start
                raise Rollback
        except Rollback:
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            return elapsed, peak

    def raw() -> float:
        start = time.perf_counter()
        try:
            with transaction.atomic():
                Recommendation.objects.bulk_create(
                    (
                        Recommendation(
                            series_id=Recommendation.objects.values_list("series_id", flat=True).first(),
                            code=f"raw-{i}",
                            scope="general",
                            level="national",
                            text_ru=f"Импорт {i}: доступ к услугам",
                        )
                        for i in range(n)
                    ),
                    batch_size=2000,
                )
                elapsed = time.perf_counter() - start
                raise Rollback
        except Rollback:
            return elapsed

    seconds, peak = imported()
    t_raw = raw()
    return [
        Result(
            f"recommendations import, {n} rows vs raw bulk insert",
            seconds / t_raw,
            10.0,
            f"{n / seconds:,.0f} rows/s, {seconds:.1f} s (tracemalloc on), peak {peak / 1e6:.0f} MB",
        ),  # fmt: skip
    ]
