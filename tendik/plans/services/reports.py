"""Writes for progress reports: open, fill in, attach evidence, and move up the approval chain.

Transitions are a table; a move not in it raises InvalidTransition. Every move is kept in ReportEvent.
Approved reports are locked: nothing in them changes until a reviewer returns them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from tendik.accounts.permissions import require
from tendik.accounts.roles import Perm
from tendik.audit.services import audited_bulk_update, write_audited, write_audited_changes
from tendik.core import pagecache
from tendik.core.bulk import as_stored
from tendik.core.concurrency import guard
from tendik.plans import combos, rollups
from tendik.plans import permissions as plan_perms
from tendik.plans.models import (
    BUDGET_SOURCES,
    DataValue,
    Evidence,
    Indicator,
    LocalMeasure,
    LocalPlan,
    ProgressReport,
    ReportAction,
    ReportEntry,
    ReportEvent,
    ReportingPeriod,
    ReportStatus,
)
from tendik.plans.services.validation import EntryData, Outcome, validate_entry
from tendik.plans.signals import measure_progress_changed

S = ReportStatus
A = ReportAction

# (from status, action) → to status. Which approve action applies depends on the municipality's chain.
TRANSITIONS: dict[tuple[str, str], str] = {
    (S.DRAFT, A.SUBMIT): S.SUBMITTED,
    (S.RETURNED, A.SUBMIT): S.SUBMITTED,
    (S.SUBMITTED, A.APPROVE_RAYON): S.RAYON_APPROVED,
    (S.SUBMITTED, A.APPROVE_OBLAST): S.OBLAST_APPROVED,  # no rayon above the municipality
    (S.RAYON_APPROVED, A.APPROVE_OBLAST): S.OBLAST_APPROVED,
    (S.OBLAST_APPROVED, A.ACCEPT): S.ACCEPTED,
    (S.RAYON_APPROVED, A.ACCEPT): S.ACCEPTED,  # no oblast above (a city of republican significance)
    (S.SUBMITTED, A.RETURN): S.RETURNED,
    (S.RAYON_APPROVED, A.RETURN): S.RETURNED,
    (S.OBLAST_APPROVED, A.RETURN): S.RETURNED,
}
APPROVE_ACTION = {plan_perms.RAYON: A.APPROVE_RAYON, plan_perms.OBLAST: A.APPROVE_OBLAST, plan_perms.MINISTRY: A.ACCEPT}


class InvalidTransition(ValidationError):
    pass


class EntriesInvalid(ValidationError):
    """Errors of several entries: {entry id: {field key: [messages]}}."""

    def __init__(self, errors: dict[int, dict[str, list[str]]]) -> None:
        self.entry_errors = errors
        super().__init__(_("Some figures need correcting; nothing was saved."))


def _measures_in_period(local_plan: LocalPlan, period: ReportingPeriod) -> Any:
    return local_plan.measures.filter(start__lte=period.end, end__gte=period.start)


@transaction.atomic
def report_open(*, actor: Any, local_plan: LocalPlan, period: ReportingPeriod) -> ProgressReport:
    """Open the municipality's report for a period, with an entry for each measure running in it."""
    require(actor, Perm.REPORT_SUBMIT, unit=local_plan.municipality)
    if not (local_plan.start_year <= period.year <= local_plan.end_year):
        raise ValidationError({"period": _("The period is outside the plan's years.")})
    if ProgressReport.objects.filter(local_plan=local_plan, period=period).exists():
        raise ValidationError({"period": _("A report for this period already exists.")})
    report = ProgressReport.objects.create(local_plan=local_plan, municipality=local_plan.municipality, period=period)
    for measure in _measures_in_period(local_plan, period):
        ReportEntry.objects.create(report=report, local_measure=measure)
    ReportEvent.objects.create(report=report, actor=actor, action=A.CREATE, to_status=report.status)
    rollups.report_opened(report=report)
    return report


@transaction.atomic
def report_add_missing_entries(*, actor: Any, report: ProgressReport) -> int:
    """Measures added to the plan after the report was opened get their entry."""
    report = _require_editable(actor, report)
    have = set(report.entries.values_list("local_measure_id", flat=True))
    added = 0
    for measure in _measures_in_period(report.local_plan, report.period).exclude(pk__in=have):
        ReportEntry.objects.create(report=report, local_measure=measure)
        added += 1
    return added


def _require_editable(actor: Any, report: ProgressReport) -> ProgressReport:
    """The report as it is now in the database (locked for the transaction), if the actor may edit it."""
    report = ProgressReport.objects.select_for_update().select_related("municipality", "period").get(pk=report.pk)
    require(actor, Perm.REPORT_SUBMIT, unit=report.municipality)
    if not report.is_editable:
        raise PermissionDenied(_("The report is locked: it has been submitted or approved."))
    return report


@dataclass
class _Context:
    indicators: dict[str, Indicator]
    previous: dict[int, dict[tuple[str, str], Decimal]]  # local measure id → values of the previous period
    spent_elsewhere: dict[int, Decimal]
    # Per file, not per row: each measure's indicator codes and planned budget, each indicator's combinations.
    measure_indicators: dict[int, list[str]] = field(default_factory=dict)
    planned: dict[int, Decimal] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)  # "number. words", named in the warnings
    allowed: dict[str, set[str]] = field(default_factory=dict)
    ratios: list[Indicator] = field(default_factory=list)


def _context(report: ProgressReport, measure_ids: list[int]) -> _Context:
    """Everything the checks of a report's entries need, in a fixed number of queries (not one per entry)."""
    indicators = {
        i.code: i
        for i in Indicator.objects.select_related("numerator", "denominator").prefetch_related("categories__options")
    }
    prev_report = (
        ProgressReport.objects.filter(local_plan_id=report.local_plan_id, period__start__lt=report.period.start)
        .order_by("-period__start")
        .first()
    )
    previous: dict[int, dict[tuple[str, str], Decimal]] = {}
    if prev_report is not None:
        for mid, code, combo, value in DataValue.objects.filter(report=prev_report).values_list(
            "local_measure_id", "indicator__code", "combo", "value"
        ):
            previous.setdefault(mid, {})[(code, combo)] = value
    wanted = set(measure_ids)
    # Grouped over the plan's measures (a join, not an IN list as long as the file); the file's measures kept.
    sums = (
        ReportEntry.objects.filter(local_measure__local_plan_id=report.local_plan_id)
        .exclude(report=report)
        .values("local_measure_id")
        .annotate(**{f"s_{s}": Sum(f"spent_{s}") for s in BUDGET_SOURCES})
    )
    spent: dict[int, Decimal] = {}
    for row in cast(Any, sums):
        if row["local_measure_id"] in wanted:
            spent[row["local_measure_id"]] = sum((row[f"s_{s}"] or Decimal(0) for s in BUDGET_SOURCES), Decimal(0))
    # The report's measures are read whole (a plan has tens to thousands): no IN list as long as the file.
    measures = LocalMeasure.objects.filter(local_plan_id=report.local_plan_id)
    planned: dict[int, Decimal] = {}
    names: dict[int, str] = {}
    for pk, number, text, *budgets in measures.values_list(
        "pk", "number", "text", *[f"budget_{s}" for s in BUDGET_SOURCES]
    ):
        if pk in wanted:
            planned[pk] = sum((b or Decimal(0) for b in budgets), Decimal(0))
            names[pk] = f"{number}. {text[:80]}"
    links: dict[int, list[str]] = {}
    through = LocalMeasure.indicators.through
    for mid, code in through.objects.filter(localmeasure__local_plan_id=report.local_plan_id).values_list(
        "localmeasure_id", "indicator__code"
    ):
        if mid in wanted:
            links.setdefault(mid, []).append(code)
    return _Context(
        indicators=indicators,
        previous=previous,
        spent_elsewhere=spent,
        measure_indicators=links,
        planned=planned,
        names=names,
        allowed={code: {c.key for c in combos.indicator_combos(i)} for code, i in indicators.items()},
        ratios=[i for i in indicators.values() if i.is_ratio and i.numerator is not None and i.denominator is not None],
    )


def _validate(measure_id: int, data: EntryData, ctx: _Context) -> Outcome:
    return validate_entry(
        data=data,
        indicators=[ctx.indicators[code] for code in ctx.measure_indicators.get(measure_id, [])],
        all_indicators=ctx.indicators,
        previous=ctx.previous.get(measure_id, {}),
        planned=ctx.planned.get(measure_id, Decimal(0)),
        spent_elsewhere=ctx.spent_elsewhere.get(measure_id, Decimal(0)),
        allowed=ctx.allowed,
        ratios=ctx.ratios,
        measure=ctx.names.get(measure_id, ""),
    )


ENTRY_COLUMNS = ("id", "report_id", "local_measure_id", "status", "progress", "narrative", *rollups.SPENT, "version")


def _entry_row(entry: ReportEntry) -> dict[str, Any]:
    """An entry as the plain row `_write` takes (its values as loaded)."""
    return {c: getattr(entry, c) for c in ENTRY_COLUMNS}


def _write(report: ProgressReport, pairs: list[tuple[dict[str, Any], EntryData]], ctx: _Context) -> None:
    """`_write_rows`; a draft's (or returned report's) entries and figures count nowhere, so their many saves in a
    reporting season do not empty the dashboards' cache (tendik.core.pagecache; the report's own moves do)."""
    if rollups.is_counted(report.status):
        _write_rows(report, pairs, ctx)
        return
    with pagecache.quiet(rollups.PAGES):
        _write_rows(report, pairs, ctx)


def _write_rows(report: ProgressReport, pairs: list[tuple[dict[str, Any], EntryData]], ctx: _Context) -> None:
    """Write checked entries (plain rows as read under the report's lock, see ENTRY_COLUMNS) and their figures in
    bulk, without a model instance per row: entries changed (version raised by one), figures created, changed or
    removed, each with its audit entry (written in bulk in the same transaction), the rolled-up sums kept exact."""
    now = timezone.now()
    spent = rollups.SPENT
    changes = []
    for loaded, data in pairs:
        new = {
            "status": data.status,
            "progress": data.progress or 0,
            "narrative": data.narrative.strip(),
            **{f"spent_{s}": data.spent.get(s) or Decimal(0) for s in BUDGET_SOURCES},
            "updated_at": now,
            "version": loaded["version"] + 1,
        }
        changes.append((loaded, new))
    write_audited_changes(ReportEntry, changes, _entry_label)
    before = tuple(sum((r[c] or Decimal(0) for r, _n in changes), Decimal(0)) for c in spent)
    after = tuple(sum((n[c] for _r, n in changes), Decimal(0)) for c in spent)
    rollups.spending_changed(report=report, before=before, after=after)
    # Figures as plain rows (no model instance per figure): read as tuples, new ones written by `write_audited`
    # (COPY on PostgreSQL) with their audit entries, changed ones through `audited_bulk_update`.
    measure_ids = {e["local_measure_id"] for e, _d in pairs}
    code_of = {i.pk: code for code, i in ctx.indicators.items()}
    existing: dict[tuple[int, str, str], tuple[int, Decimal]] = {
        (mid, code_of[ind], combo): (pk, value)
        for pk, mid, ind, combo, value in DataValue.objects.filter(report=report).values_list(
            "pk", "local_measure_id", "indicator_id", "combo", "value"
        )
        if mid in measure_ids
    }
    unit, period = report.municipality, report.period
    create: list[dict[str, Any]] = []
    change: dict[int, Decimal] = {}
    remove: list[int] = []
    sums: list[tuple[int, int, str, str, Decimal, int]] = []  # what the rolled-up sums gain (+1) and lose (-1)
    for entry, data in pairs:
        mid = entry["local_measure_id"]
        for (code, combo), value in data.values.items():
            current = existing.get((mid, code, combo))
            indicator_id = ctx.indicators[code].pk
            if current is not None and (value is None or current[1] != value):
                sums.append((indicator_id, period.pk, unit.path, combo, current[1], -1))
            if value is None:
                if current is not None:
                    remove.append(current[0])
                continue
            if current is None:
                create.append({"indicator_id": indicator_id, "unit_id": unit.pk, "period_id": period.pk,
                               "combo": combo, "value": value, "source": "", "report_id": report.pk,
                               "local_measure_id": mid})  # fmt: skip
            elif current[1] != value:
                change[current[0]] = value
            else:
                continue
            sums.append((indicator_id, period.pk, unit.path, combo, value, +1))
    if remove:
        DataValue.objects.filter(pk__in=remove).delete()  # post_delete writes each audit entry
    if change:  # the report's figures are read whole (no IN list as long as the file); only changed ones kept
        changed = [v for v in DataValue.objects.filter(report=report) if v.pk in change]
        for v in changed:
            v.value = change[v.pk]
        audited_bulk_update(changed, ["value"])
    write_audited(DataValue, create, _value_label)
    if rollups.is_counted(report.status):  # figures of a counted report (not through the forms, which edit drafts)
        field = DataValue._meta.get_field("value")
        rollups.apply((i, p, path, c, as_stored(field, v), sign) for i, p, path, c, v, sign in sums)


def _entry_label(row: dict[str, Any]) -> str:
    """`ReportEntry.audit_label()` of a plain row."""
    return f"{row['report_id']}:{row['local_measure_id']}"


def _value_label(row: dict[str, Any]) -> str:
    """`DataValue.audit_label()` of a row written without a model instance."""
    return f"{row['indicator_id']}:{row['unit_id'] or 'KG'}:{row['period_id']}:{row['combo']}"


def _entries_with_measures(report: ProgressReport) -> Any:
    return report.entries.select_related("local_measure", "report__period", "report__municipality").prefetch_related(
        "local_measure__indicators"
    )


def entry_fields(data: EntryData) -> dict[str, Any]:
    """The entry's own fields as EntryData holds them (what the concurrency guard compares)."""
    return {
        "status": data.status,
        "progress": data.progress or 0,
        "narrative": data.narrative,
        **{f"spent_{s}": data.spent.get(s) or Decimal(0) for s in BUDGET_SOURCES},
    }


@transaction.atomic
def entry_save(*, actor: Any, entry: ReportEntry, data: EntryData, version: int | None = None) -> dict[str, list[str]]:
    """Save one measure's report; ValidationError (by field key) on errors. Returns the warnings.

    `version` is the entry's version the editor started from: if someone saved since, StaleVersion (with the
    difference) and nothing is saved.
    """
    report = _require_editable(actor, entry.report)
    locked = guard(entry, version=version, data=entry_fields(data))  # the row locked; its version + 1 is written
    row = _entry_row(locked)
    row["version"] = locked.version - 1  # as stored
    ctx = _context(report, [row["local_measure_id"]])
    outcome = _validate(row["local_measure_id"], data, ctx)
    if outcome.errors:
        raise ValidationError(outcome.errors)
    _write(report, [(row, data)], ctx)
    return outcome.warnings


def _check_items(
    report: ProgressReport, items: dict[int, EntryData]
) -> tuple[dict[int, int], _Context, dict[int, dict[str, list[str]]], dict[int, dict[str, list[str]]]]:
    """Check entries by id: (entry id → measure id, context, errors, warnings). No model instance per row."""
    # The report's entries are few enough to read whole: no IN list as long as the file.
    measure_of = {pk: mid for pk, mid in report.entries.values_list("pk", "local_measure_id") if pk in items}
    unknown = set(items) - set(measure_of)
    if unknown:
        raise ValidationError(
            _("These entries are not part of the report: %(ids)s") % {"ids": ", ".join(map(str, sorted(unknown)))}
        )
    ctx = _context(report, list(measure_of.values()))
    errors, warnings = {}, {}
    for pk, data in items.items():
        outcome = _validate(measure_of[pk], data, ctx)
        if outcome.errors:
            errors[pk] = outcome.errors
        if outcome.warnings:
            warnings[pk] = outcome.warnings
    return measure_of, ctx, errors, warnings


def entries_check(
    *, report: ProgressReport, items: dict[int, EntryData]
) -> tuple[dict[int, dict[str, list[str]]], dict[int, dict[str, list[str]]]]:
    """Check several entries without writing (an upload's preview): (errors, warnings) by entry id."""
    _measures, _ctx, errors, warnings = _check_items(report, items)
    return errors, warnings


@transaction.atomic
def entries_save(
    *, actor: Any, report: ProgressReport, items: dict[int, EntryData], action: str = ""
) -> dict[int, dict[str, list[str]]]:
    """Save several entries at once, all or nothing (Excel upload, API bulk). Returns warnings by entry id.

    Queries do not grow with the number of entries: checks read per report, writes are bulk (with the audit trail).
    The checks run again here, under the report's lock: what was true at the preview may have changed since.
    """
    report = _require_editable(actor, report)
    _measures, ctx, errors, warnings = _check_items(report, items)
    if errors:
        raise EntriesInvalid(errors)
    # Plain rows, no model instance per entry; the report row is locked: no entry of it changes meanwhile.
    entries = {r["id"]: r for r in report.entries.values(*ENTRY_COLUMNS) if r["id"] in items}
    _write(report, [(entries[pk], data) for pk, data in items.items()], ctx)
    if action:
        ReportEvent.objects.create(
            report=report, actor=actor, action=action, from_status=report.status, to_status=report.status
        )
    return warnings


def entry_data(entry: ReportEntry) -> EntryData:
    """What an entry holds now, as EntryData (to merge partial changes)."""
    return EntryData(
        status=entry.status,
        progress=entry.progress,
        narrative=entry.narrative,
        spent={s: getattr(entry, f"spent_{s}") for s in BUDGET_SOURCES},
        values={
            (v.indicator.code, v.combo): v.value
            for v in entry.local_measure.values.filter(report=entry.report).select_related("indicator")
        },
    )


# ---- evidence ----

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
EVIDENCE_TYPES = {
    ".pdf": ("application/pdf", (b"%PDF",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
}


@transaction.atomic
def evidence_add(*, actor: Any, entry: ReportEntry, file: Any, description: str = "") -> Evidence:
    """Attach a photo, scan or document to an entry; the type is checked by extension and content, size ≤ 10 MB."""
    entry.report = _require_editable(actor, entry.report)
    name = (getattr(file, "name", "") or "file").rsplit("/", 1)[-1][:200]
    ext = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if ext not in EVIDENCE_TYPES:
        raise ValidationError({"file": _("Attach a PDF, JPEG, PNG, Word (.docx) or Excel (.xlsx) file.")})
    size = file.size
    if size > MAX_EVIDENCE_BYTES:
        raise ValidationError({"file": _("The file is larger than 10 MB.")})
    if size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    content_type, signatures = EVIDENCE_TYPES[ext]
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    if not any(head.startswith(sig) for sig in signatures):
        raise ValidationError({"file": _("The file's content does not match its type.")})
    evidence = Evidence(
        entry=entry, name=name, content_type=content_type, size=size, description=description, uploaded_by=actor
    )
    evidence.file.save(name, file, save=False)
    evidence.save()
    return evidence


@transaction.atomic
def evidence_remove(*, actor: Any, evidence: Evidence) -> None:
    _require_editable(actor, evidence.entry.report)
    evidence.file.delete(save=False)
    evidence.delete()


# ---- approval chain ----


def _move(*, report: ProgressReport, actor: Any, action: str, comment: str = "") -> ProgressReport:
    target = TRANSITIONS.get((report.status, action))
    if target is None:
        raise InvalidTransition(
            _("A report that is “%(status)s” cannot be %(action)s.")
            % {"status": report.get_status_display(), "action": ReportAction(action).label.lower()}
        )
    event = ReportEvent(
        report=report, actor=actor, action=action, from_status=report.status, to_status=target, comment=comment.strip()
    )
    if rollups.is_counted(report.status) != rollups.is_counted(target):  # the report's figures start or stop counting
        rollups.report_counts_changed(report_id=report.pk, sign=1 if rollups.is_counted(target) else -1)
    rollups.report_moved(report=report, from_status=report.status, to_status=target)
    report.status = target
    fields = ["status"]
    if action == A.SUBMIT:
        report.submitted_at = timezone.now()
        fields.append("submitted_at")
    if target == S.ACCEPTED:
        report.accepted_at = timezone.now()
        fields.append("accepted_at")
    report.save(update_fields=fields)
    event.save()
    from tendik.plans.services.notices import report_moved

    report_moved(report=report, action=action, actor=actor, comment=event.comment)
    return report


@transaction.atomic
def report_submit(*, actor: Any, report: ProgressReport, comment: str = "") -> ProgressReport:
    """The municipality sends its report up to the rayon (or straight to the oblast)."""
    report = ProgressReport.objects.select_for_update().select_related("municipality").get(pk=report.pk)
    require(actor, Perm.REPORT_SUBMIT, unit=report.municipality)
    if not report.entries.exists():
        raise ValidationError(_("The report has no measures: add measures to the plan first."))
    return _move(report=report, actor=actor, action=A.SUBMIT, comment=comment)


def _check_reviewer(actor: Any, report: ProgressReport) -> tuple[str, plan_perms.Chain]:
    chain = plan_perms.approval_chain(report.municipality)
    step = plan_perms.pending_step(report, chain)
    if step is None or not plan_perms.may_act_at(actor, step, chain):
        if step is None:
            raise InvalidTransition(_("The report is not waiting for approval."))
        steps = [plan_perms.RAYON, plan_perms.OBLAST, plan_perms.MINISTRY]
        if any(plan_perms.may_act_at(actor, s, chain) for s in steps[: steps.index(step)]):
            # her level's step was taken meanwhile (a colleague of the same rayon approved it first)
            raise InvalidTransition(
                _("The report has already been approved at your level: it now waits for the next level.")
            )
        raise PermissionDenied(_("This step of the approval belongs to another level."))
    return step, chain


@transaction.atomic
def report_approve(*, actor: Any, report: ProgressReport, comment: str = "") -> ProgressReport:
    """Approve at the step the report waits for (rayon, oblast) or accept it (ministry)."""
    report = ProgressReport.objects.select_for_update().select_related("municipality", "period").get(pk=report.pk)
    step, _chain = _check_reviewer(actor, report)
    was_approved = report.status in (S.RAYON_APPROVED, S.OBLAST_APPROVED)
    _move(report=report, actor=actor, action=APPROVE_ACTION[step], comment=comment)
    if not was_approved:
        _publish_progress(report)
    return report


@transaction.atomic
def report_accept(*, actor: Any, report: ProgressReport, comment: str = "") -> ProgressReport:
    """The ministry accepts a report the oblast approved."""
    report = ProgressReport.objects.select_for_update().select_related("municipality", "period").get(pk=report.pk)
    pending = plan_perms.pending_step(report, plan_perms.approval_chain(report.municipality))
    if pending is not None and pending != plan_perms.MINISTRY:
        raise InvalidTransition(_("The report must be approved by the rayon and the oblast first."))
    step, _chain = _check_reviewer(actor, report)
    return _move(report=report, actor=actor, action=A.ACCEPT, comment=comment)


@transaction.atomic
def report_return(*, actor: Any, report: ProgressReport, comment: str) -> ProgressReport:
    """Send the report back to the municipality for correction, saying what to correct."""
    report = ProgressReport.objects.select_for_update().select_related("municipality", "period").get(pk=report.pk)
    if not comment.strip():
        raise ValidationError({"comment": _("Say what needs correcting.")})
    _check_reviewer(actor, report)
    return _move(report=report, actor=actor, action=A.RETURN, comment=comment)


def _publish_progress(report: ProgressReport) -> None:
    """After the first approval: record each measure's approved status and tell listeners what changed."""
    changed = []
    entries = list(report.entries.select_related("local_measure__national_measure"))
    # A later period's approved report already set a measure's state: an older one does not overwrite it.
    superseded = set(
        ReportEntry.objects.filter(
            local_measure_id__in=[e.local_measure_id for e in entries],
            report__period__start__gt=report.period.start,
            report__status__in=[S.RAYON_APPROVED, S.OBLAST_APPROVED, S.ACCEPTED],
        ).values_list("local_measure_id", flat=True)
    )
    for entry in entries:
        measure = entry.local_measure
        if measure.pk in superseded:
            continue
        if measure.current_status != entry.status or measure.current_progress != entry.progress:
            measure.current_status = entry.status
            measure.current_progress = entry.progress
            measure.save(update_fields=["current_status", "current_progress"])
            changed.append((measure, entry.status))

    def send() -> None:
        for measure, status in changed:
            measure_progress_changed.send(
                sender=LocalMeasure,
                measure=measure.national_measure,
                local_measure=measure,
                report=report,
                status=status,
            )

    if changed:
        transaction.on_commit(send)
