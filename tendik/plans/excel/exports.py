"""Exports to Excel: a national plan, a local plan with its progress, a territory's progress."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook

from tendik.plans.excel.common import header, safe_sheet_title, to_bytes, wrap_rows
from tendik.plans.models import BUDGET_SOURCES, BudgetSource, MeasureStatus, Plan, ReportStatus


def plan_xlsx(*, plan: Plan, areas: list[Any]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = safe_sheet_title(plan.short_title)
    header(
        ws,
        [
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
        [30, 30, 8, 12, 70, 30, 16, 30, 20, 12],
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
    wrap_rows(ws)
    return to_bytes(wb)


def local_plan_xlsx(*, plan: Any, measures: list[Any], entries: list[Any]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = safe_sheet_title(_("Local plan"))
    header(
        ws,
        [
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
        [6, 14, 60, 20, 20, 11, 11, 14, 14, 14, 14, 14, 22, 18, 16, 10],
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
                *[float(getattr(m, f"budget_{s}")) for s in BUDGET_SOURCES],
                float(m.spent),
                m.get_gender_marker_display(),
                m.programme_item,
                m.get_current_status_display(),
                m.current_progress,
            ]
        )
    wrap_rows(ws)
    wp = wb.create_sheet(safe_sheet_title(_("Progress")))
    header(
        wp,
        [
            _("Period"),
            _("Report status"),
            _("No."),
            _("Measure"),
            _("Status"),
            _("Progress, %"),
            _("What was done"),
            *[_("Spent: %(source)s, som") % {"source": BudgetSource(s).label} for s in BUDGET_SOURCES],
        ],
        [12, 22, 6, 50, 16, 10, 50, 14, 14, 14, 14],
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
                *[float(getattr(e, f"spent_{s}")) for s in BUDGET_SOURCES],
            ]
        )
    wrap_rows(wp)
    return to_bytes(wb)


def progress_xlsx(*, title: str, budget: list[Any], rows: list[Any], series: list[Any]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = safe_sheet_title(_("Budget"))
    ws.append([title])
    header(ws, [_("Source"), _("Planned, som"), _("Spent, som")], [30, 16, 16])
    for line in budget:
        ws.append([line.label, float(line.planned), float(line.spent)])
    wt = wb.create_sheet(safe_sheet_title(_("Territories")))
    header(
        wt,
        [_("Territory"), _("Local plans"), _("Measures"), _("Planned, som"), _("Spent, som"), _("Reports missing")],
        [40, 12, 12, 16, 16, 14],
    )
    for r in rows:
        wt.append([r.unit.name, r.plans, r.measures, float(r.planned), float(r.spent), r.missing])
    wi = wb.create_sheet(safe_sheet_title(_("Indicators")))
    header(wi, [_("Indicator"), _("Period"), _("Value"), _("Target")], [60, 16, 14, 14])
    for s in series:
        for p in s.points:
            wi.append(
                [
                    s.indicator.name,
                    p.period.label,
                    float(p.value) if p.value is not None else None,
                    float(p.target) if p.target is not None else None,
                ]
            )
    wrap_rows(wi)
    return to_bytes(wb)
