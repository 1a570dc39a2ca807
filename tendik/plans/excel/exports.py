"""Exports to Excel: a national plan, a local plan with its progress, a territory's progress.

Every file is written by `tendik.core.spreadsheets.XlsxWriter` (streamed, text never a formula)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from tendik.core.spreadsheets import XlsxWriter
from tendik.plans.models import BUDGET_SOURCES, BudgetSource, MeasureStatus, Plan, ReportStatus


def plan_xlsx(*, plan: Plan, areas: list[Any]) -> bytes:
    book = XlsxWriter(wrap=True)
    ws = book.sheet(
        plan.short_title,
        headers=[
            _("Priority area / section"),
            _("Goal"),
            _("No."),
            _("Level"),
            _("Measure"),
            _("Responsible and co-implementers"),
            _("Period or deadline"),
            _("Expected result"),
            _("Funding source"),
            _("SDG targets"),
        ],
        widths=[30, 30, 8, 12, 70, 30, 16, 30, 20, 12],
    )
    for area in areas:
        for goal in area.shown_goals:
            for m in goal.measures.all():
                ws.append(
                    [
                        f"{area.number}. {area.title}",
                        f"{goal.number}. {goal.title}",
                        m.number,
                        m.get_level_display(),
                        m.text,
                        m.responsible,
                        m.deadline,
                        m.expected_result,
                        m.funding_source,
                        ", ".join(t.code for t in m.sdg_targets.all()),
                    ]
                )
    return book.to_bytes()


def local_plan_xlsx(*, plan: Any, measures: Iterable[Any], entries: Iterable[Any]) -> bytes:
    book = XlsxWriter(wrap=True)
    ws = book.sheet(
        _("Local plan"),
        headers=[
            _("No."),
            _("National measure"),
            _("Measure"),
            _("Responsible person"),
            _("Partners"),
            _("Start"),
            _("End"),
            *[_("Planned: %(source)s, som") % {"source": BudgetSource(s).label} for s in BUDGET_SOURCES],
            _("Spent, som"),
            _("Gender budget marker"),
            _("Programme item"),
            _("Status (approved)"),
            _("Progress, %"),
        ],
        widths=[6, 14, 60, 20, 20, 11, 11, 14, 14, 14, 14, 14, 22, 18, 16, 10],
    )
    for m in measures:
        national = f"{m.national_measure.plan.code} {m.national_measure.number}" if m.national_measure else _("own")
        ws.append(
            [
                m.number,
                national,
                m.text,
                m.responsible_person,
                m.partners,
                m.start,
                m.end,
                *[getattr(m, f"budget_{s}") for s in BUDGET_SOURCES],
                m.spent,
                m.get_gender_marker_display(),
                m.programme_item,
                m.get_current_status_display(),
                m.current_progress,
            ]
        )
    wp = book.sheet(
        _("Progress"),
        headers=[
            _("Period"),
            _("Report status"),
            _("No."),
            _("Measure"),
            _("Status"),
            _("Progress, %"),
            _("What was done"),
            *[_("Spent: %(source)s, som") % {"source": BudgetSource(s).label} for s in BUDGET_SOURCES],
        ],
        widths=[12, 22, 6, 50, 16, 10, 50, 14, 14, 14, 14],
    )
    for e in entries:
        wp.append(
            [
                e.report.period.label,
                str(ReportStatus(e.report.status).label),
                e.local_measure.number,
                e.local_measure.text,
                str(MeasureStatus(e.status).label),
                e.progress,
                e.narrative,
                *[getattr(e, f"spent_{s}") for s in BUDGET_SOURCES],
            ]
        )
    return book.to_bytes()


def progress_xlsx(*, title: str, budget: list[Any], rows: list[Any], series: list[Any]) -> bytes:
    book = XlsxWriter()
    ws = book.sheet(_("Budget"), widths=[30, 16, 16], freeze=False)
    ws.append([title])
    ws.append([_("Source"), _("Planned, som"), _("Spent, som")])
    for line in budget:
        ws.append([line.label, line.planned, line.spent])
    wt = book.sheet(
        _("Territories"),
        headers=[
            _("Territory"),
            _("Local plans"),
            _("Measures"),
            _("Planned, som"),
            _("Spent, som"),
            _("Reports missing"),
        ],
        widths=[40, 12, 12, 16, 16, 14],
    )
    for r in rows:
        wt.append([r.unit.name, r.plans, r.measures, r.planned, r.spent, r.missing])
    wi = book.sheet(
        _("Indicators"), headers=[_("Indicator"), _("Period"), _("Value"), _("Target")], widths=[60, 16, 14, 14]
    )
    for s in series:
        for p in s.points:
            wi.append([s.indicator.name, p.period.label, p.value, p.target])
    return book.to_bytes()
