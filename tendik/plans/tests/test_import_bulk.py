"""The plan progress import's bulk write path (issue 11): figures written as plain rows with their audit entries
(`tendik.audit.services.write_audited`), the same rows and trail as the model path wrote, sums exact, all or
nothing, and a number of queries that does not grow with the file."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from tendik.audit.context import acting_as
from tendik.audit.models import AuditEntry
from tendik.audit.services import audited_bulk_create, audited_bulk_update
from tendik.core.tabular import ImportInvalid
from tendik.plans import rollups
from tendik.plans.excel.report_template import import_xlsx, template_xlsx
from tendik.plans.models import (
    BUDGET_SOURCES,
    DataValue,
    Indicator,
    IndicatorRollup,
    LocalMeasure,
    LocalPlan,
    ProgressReport,
    ReportEntry,
    ReportEvent,
    ReportRollup,
)
from tendik.plans.services import reports as report_services


class _Undo(Exception):  # noqa: N818
    pass


def _filled(report: ProgressReport, value: Any = None) -> bytes:
    """The report's template filled in as a person would: every measure and every figure."""
    wb = load_workbook(io.BytesIO(template_xlsx(report=report)))
    ws, wi = wb.worksheets[0], wb.worksheets[1]
    for i, row in enumerate(ws.iter_rows(min_row=2)):
        row[3].value, row[4].value, row[5].value, row[6].value = "In progress", 30 + i, f"Сделано {i}", 100 + i
    for i, row in enumerate(wi.iter_rows(min_row=2)):
        row[6].value = value if value is not None and i == 1 else 50 - i
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _old_write(report: ProgressReport, pairs: list[Any], ctx: Any) -> None:
    """The write path before issue 11's bulk writer (main at 4887ab6): a model instance per figure through
    `audited_bulk_create`, changed ones through `audited_bulk_update`. Kept here as the reference. It took entry
    instances, their version raised by `entries_save`; the new path hands over the rows as read."""
    loaded = {e.pk: e for e in report.entries.all()}
    pairs = [(loaded[row["id"]], data) for row, data in pairs]
    for entry, _data in pairs:
        entry.version += 1
    now = timezone.now()
    before_entries = ReportEntry.objects.filter(pk__in=[e.pk for e, _d in pairs])
    agg = before_entries.aggregate(**{c: Sum(c) for c in rollups.SPENT})
    spent_before = tuple(agg[c] or Decimal(0) for c in rollups.SPENT)
    for entry, data in pairs:
        entry.status = data.status
        entry.progress = data.progress or 0
        entry.narrative = data.narrative.strip()
        for source in BUDGET_SOURCES:
            setattr(entry, f"spent_{source}", data.spent.get(source) or Decimal(0))
        entry.updated_at = now
    audited_bulk_update(
        [e for e, _d in pairs],
        ["status", "progress", "narrative", *[f"spent_{s}" for s in BUDGET_SOURCES], "updated_at", "version"],
    )
    rollups.spending_changed(report=report, before=spent_before, after=rollups.spent_by_source(e for e, _d in pairs))
    code_of = {i.pk: code for code, i in ctx.indicators.items()}
    existing = {
        (v.local_measure_id, code_of[v.indicator_id], v.combo): v for v in DataValue.objects.filter(report=report)
    }
    create, change = [], []
    for entry, data in pairs:
        for (code, combo), value in data.values.items():
            current = existing.get((entry.local_measure_id, code, combo))
            if current is None:
                create.append(
                    DataValue(indicator=ctx.indicators[code], unit=report.municipality, period=report.period,
                              combo=combo, value=value, report=report, local_measure_id=entry.local_measure_id)
                )  # fmt: skip
            elif current.value != value:
                current.value = value
                change.append(current)
    audited_bulk_update(change, ["value"])
    audited_bulk_create(DataValue, create)


def _written(report: ProgressReport, since: int) -> dict[str, Any]:
    """What an import wrote, without keys (which differ between two runs): figures, entries, the trail by record."""
    key_of: dict[tuple[str, str], Any] = {}
    figures = []
    for v in DataValue.objects.filter(report=report).select_related("indicator", "local_measure"):
        key = (v.local_measure.number if v.local_measure else "", v.indicator.code, v.combo)
        key_of[("datavalue", str(v.pk))] = key
        figures.append((*key, v.unit_id, v.period_id, v.value, v.source))
    entries = []
    for e in report.entries.select_related("local_measure"):
        key_of[("reportentry", str(e.pk))] = e.local_measure.number
        spent = tuple(getattr(e, f"spent_{s}") for s in BUDGET_SOURCES)
        entries.append((e.local_measure.number, e.status, e.progress, e.narrative, spent, e.version))
    trail = []
    for a in AuditEntry.objects.filter(pk__gt=since).select_related("content_type"):
        model = a.content_type.model
        changes = dict(a.changes)
        changes.pop("id", None)
        if model == "datavalue" and "value" in changes:  # compared as numbers: see test below
            changes["value"] = [None if x is None else Decimal(x) for x in changes["value"]]
        which = key_of.get((model, a.object_id), a.object_id if model not in ("datavalue", "reportentry") else None)
        assert which is not None, (model, a.object_id)
        trail.append((model, a.action, str(which), a.actor_id, a.actor_label, a.source, sorted(changes.items())))
    events = list(ReportEvent.objects.filter(report=report).values_list("action", "from_status", "to_status"))
    return {"figures": sorted(figures), "entries": sorted(entries), "trail": sorted(trail), "events": sorted(events)}


def _import_and_read(report: ProgressReport, actor: Any, content: bytes) -> dict[str, Any]:
    since = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    result: dict[str, Any] = {}
    try:
        with transaction.atomic(), acting_as(actor, source="upload"):
            import_xlsx(report=report, actor=actor, content=content)
            result = _written(report, since)
            raise _Undo
    except _Undo:
        pass
    return result


def test_the_bulk_path_writes_the_rows_and_trail_the_model_path_wrote(report, roles, monkeypatch):
    """Same file, both paths, compared row by row (figures, entries, events, every audit entry). One deliberate
    difference: a new figure's trail holds its value as the table stores it (49.00, not 49), like every other trail."""
    actor = roles["officer"]
    first, second = _filled(report), _filled(report, value=9)
    for content in (first, second):  # a first import, then a second one over the first's figures
        new = _import_and_read(report, actor, content)
        with monkeypatch.context() as m:
            m.setattr(report_services, "_write", _old_write)
            old = _import_and_read(report, actor, content)
        assert new["figures"] and new["trail"]
        assert new == old
        if content is first:
            assert len([t for t in new["trail"] if t[0] == "datavalue"]) == len(new["figures"])
            import_xlsx(report=report, actor=actor, content=first)
        else:
            assert [t[1] for t in new["trail"] if t[0] == "datavalue"] == ["update"]  # the one changed figure


def test_the_new_trail_equals_what_the_models_record(report, roles):
    """Every figure the import wrote without a model instance has the audit entry the model would record."""
    from tendik.audit.services import _safe_repr

    with acting_as(roles["officer"], source="upload"):
        import_xlsx(report=report, actor=roles["officer"], content=_filled(report))
    ct = ContentType.objects.get_for_model(DataValue)
    values = list(DataValue.objects.filter(report=report))
    assert len(values) >= 4
    trail = {a.object_id: a for a in AuditEntry.objects.filter(content_type=ct, action="create")}
    for v in values:
        entry = trail[str(v.pk)]
        assert entry.changes == v._audit_diff({}, v._audit_snapshot())
        assert entry.object_repr == _safe_repr(v)
        assert entry.actor_id == roles["officer"].pk and entry.source == "upload"


def _sums() -> tuple[list[Any], list[Any]]:
    figures = sorted(IndicatorRollup.objects.values_list("prefix", "indicator_id", "period_id", "combo", "total", "n"))
    reports = sorted(
        ReportRollup.objects.values_list("prefix", "period_id", "status", "reports", *rollups.SPENT)
    )  # fmt: skip
    return figures, reports


def test_sums_equal_a_recount_after_an_import(report, roles):
    """Spending by status (and any counted figure) rolled up in the import's transaction equals a full recount."""
    actor = roles["officer"]
    import_xlsx(report=report, actor=actor, content=_filled(report))
    import_xlsx(report=report, actor=actor, content=_filled(report, value=11))  # over the first: changes too
    after = _sums()
    spent = ReportRollup.objects.filter(period=report.period, status=report.status, prefix="").get()
    assert spent.spent_local > 0
    rollups.rebuild()
    assert _sums() == after


def _everything() -> tuple[Any, ...]:
    return (
        AuditEntry.objects.count(),
        sorted(DataValue.objects.values_list("pk", "value")),
        sorted(ReportEntry.objects.values_list("pk", "status", "progress", "narrative", "version", *rollups.SPENT)),
        ReportEvent.objects.count(),
        _sums(),
    )


def test_a_failing_row_writes_nothing(report, roles):
    """A bad figure (caught by the per-file checks) and a failure in the middle of the bulk write (after the figures
    went in, while their trail is written) both leave no figure, entry change, event, audit entry or sum behind."""
    actor = roles["officer"]
    before = _everything()
    with pytest.raises(ImportInvalid) as exc:
        import_xlsx(report=report, actor=actor, content=_filled(report, value=-4))
    assert [(e.row, e.column) for e in exc.value.errors] == [(3, "G")]
    assert _everything() == before

    from tendik.audit import services as audit_services

    real = audit_services._write_entries

    def broken(rows: Any) -> int:
        rows = list(rows)
        if rows and rows[0][6] == ContentType.objects.get_for_model(DataValue).pk:
            real(rows[:1])
            raise RuntimeError("the disk is full")
        return real(rows)

    audit_services._write_entries = broken  # type: ignore[assignment]
    try:
        with pytest.raises(RuntimeError):
            import_xlsx(report=report, actor=actor, content=_filled(report))
    finally:
        audit_services._write_entries = real  # type: ignore[assignment]
    assert _everything() == before


def _plan(unit: Any, year: int, measures: int) -> ProgressReport:
    from tendik.plans.services.periods import period_get
    from tendik.plans.services.reports import report_open

    indicator = Indicator.objects.get(code="people_trained")
    plan = LocalPlan.objects.create(municipality=unit, start_year=year, end_year=year + 2, title=f"План {year}")
    LocalMeasure.objects.bulk_create(
        LocalMeasure(local_plan=plan, number=str(i + 1), text=f"Мера {i + 1}", responsible_person="Иванова",
                     start=dt.date(year, 1, 1), end=dt.date(year + 2, 12, 31), order=i + 1)
        for i in range(measures)
    )  # fmt: skip
    through = LocalMeasure.indicators.through
    through.objects.bulk_create(
        through(localmeasure_id=pk, indicator_id=indicator.pk)
        for pk in LocalMeasure.objects.filter(local_plan=plan).values_list("pk", flat=True)
    )
    return report_open(actor=_officer(unit), local_plan=plan, period=period_get(code=f"{year}-H1"))


def _officer(unit: Any) -> Any:
    from tendik.accounts.models import RoleAssignment

    assignment = RoleAssignment.objects.filter(unit=unit, role="municipal_officer").select_related("user").first()
    assert assignment is not None
    return assignment.user


def _queries(report: ProgressReport) -> int:
    content = _filled(report)
    with CaptureQueriesContext(connection) as ctx:
        import_xlsx(report=report, actor=_officer(report.municipality), content=content)
    assert DataValue.objects.filter(report=report).count() == 2 * report.entries.count()
    return len(ctx.captured_queries)


def test_import_queries_do_not_grow_with_the_file(report, roles):
    """N and 3N measures (each with its two figures): the same number of queries, the COPY statements included."""
    unit = report.municipality
    _queries(_plan(unit, 2028, 5))  # warms the caches (content types, sequences) as a running server has them
    small = _queries(_plan(unit, 2031, 8))
    large = _queries(_plan(unit, 2034, 24))
    assert small == large
