"""A municipality's report as an Excel template, and the upload of the filled-in file.

The upload is all or nothing: every cell is read and checked first, then the service validates every entry;
any error (named by sheet, row and column) means nothing is saved.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from tendik.plans import combos
from tendik.plans.excel.common import LOCKED_FILL, header, safe_sheet_title, to_bytes, wrap_rows
from tendik.plans.models import BUDGET_SOURCES, BudgetSource, Indicator, MeasureStatus, ProgressReport, ReportAction
from tendik.plans.services.reports import EntriesInvalid, entries_save
from tendik.plans.services.validation import EntryData, to_decimal, value_key

META_SHEET = "tendik"
# Measures sheet: fixed columns
M_ID, M_NO, M_TEXT, M_STATUS, M_PROGRESS, M_NARRATIVE = 1, 2, 3, 4, 5, 6
M_SPENT = {s: 7 + i for i, s in enumerate(BUDGET_SOURCES)}
# Indicators sheet
I_ID, I_NO, I_CODE, I_NAME, I_COMBO, I_LABEL, I_VALUE = 1, 2, 3, 4, 5, 6, 7


def _status_lookup() -> dict[str, str]:
    """Status codes and their labels in every language → code (a file filled in Kyrgyz uploads in Russian)."""
    from django.utils import translation

    lookup = {s.value: s.value for s in MeasureStatus}
    for lang in ("ru", "ky", "en"):
        with translation.override(lang):
            lookup.update({str(s.label).strip().lower(): s.value for s in MeasureStatus})
    return lookup


def _rows(report: ProgressReport) -> tuple[list[Any], dict[int, dict[tuple[str, str], Decimal]], list[Indicator]]:
    entries = list(
        report.entries.select_related("local_measure")
        .prefetch_related("local_measure__indicators")
        .order_by("local_measure__order", "local_measure_id")
    )
    values: dict[int, dict[tuple[str, str], Decimal]] = {}
    for v in report.values.select_related("indicator"):
        values.setdefault(v.local_measure_id or 0, {})[(v.indicator.code, v.combo)] = v.value
    indicators = list(Indicator.objects.prefetch_related("categories__options"))
    return entries, values, indicators


def measures_titles() -> list[str]:
    return [
        _("Entry ID (do not change)"),
        _("No."),
        _("Measure"),
        _("Status"),
        _("Progress, %"),
        _("What was done"),
        *[_("Spent: %(source)s, som") % {"source": BudgetSource(s).label} for s in BUDGET_SOURCES],
    ]


def indicator_titles() -> list[str]:
    return [
        _("Entry ID (do not change)"),
        _("No."),
        _("Indicator code"),
        _("Indicator"),
        _("Breakdown code (do not change)"),
        _("Breakdown"),
        _("Value"),
    ]


def template_xlsx(*, report: ProgressReport) -> bytes:
    """The report's entries and figures as a workbook to fill in offline."""
    entries, values, indicators = _rows(report)
    by_code = {i.code: i for i in indicators}
    wb = Workbook()
    ws = wb.active
    ws.title = safe_sheet_title(_("Measures"))
    header(ws, measures_titles(), [10, 6, 60, 18, 10, 50, 14, 14, 14, 14])
    statuses = [str(s.label) for s in MeasureStatus]
    dv = DataValidation(type="list", formula1='"' + ",".join(statuses) + '"', allow_blank=False)
    ws.add_data_validation(dv)
    for e in entries:
        ws.append(
            [
                e.pk,
                e.local_measure.number,
                e.local_measure.text,
                str(MeasureStatus(e.status).label),
                e.progress,
                e.narrative,
                *[float(getattr(e, f"spent_{s}")) for s in BUDGET_SOURCES],
            ]
        )
        row = ws.max_row
        dv.add(f"{get_column_letter(M_STATUS)}{row}")
        for col in (M_ID, M_NO, M_TEXT):
            ws.cell(row=row, column=col).fill = LOCKED_FILL
    wrap_rows(ws)

    wi = wb.create_sheet(safe_sheet_title(_("Indicators")))
    header(wi, indicator_titles(), [10, 6, 26, 50, 30, 30, 12])
    for e in entries:
        for ind_ref in e.local_measure.indicators.all():
            ind = by_code[ind_ref.code]
            for combo in combos.indicator_combos(ind):
                current = values.get(e.local_measure_id, {}).get((ind.code, combo.key))
                wi.append(
                    [
                        e.pk,
                        e.local_measure.number,
                        ind.code,
                        ind.name,
                        combo.key,
                        combo.label or _("Total"),
                        float(current) if current is not None else None,
                    ]
                )
                for col in range(1, I_VALUE):
                    wi.cell(row=wi.max_row, column=col).fill = LOCKED_FILL
    wrap_rows(wi)

    meta = wb.create_sheet(META_SHEET)
    meta.append(["report", report.pk])
    meta.append(["period", report.period.code])
    meta.append(["municipality", report.municipality.code])
    meta.sheet_state = "hidden"
    return to_bytes(wb)


@dataclass
class CellError:
    sheet: str
    row: int
    column: int
    column_title: str
    message: str

    def __str__(self) -> str:
        return _("Sheet “%(sheet)s”, row %(row)s, column %(col)s (%(title)s): %(message)s") % {
            "sheet": self.sheet,
            "row": self.row,
            "col": get_column_letter(self.column),
            "title": self.column_title,
            "message": self.message,
        }


class ImportFailed(ValidationError):
    def __init__(self, errors: list[CellError] | list[str]) -> None:
        self.cell_errors = errors
        super().__init__([str(e) for e in errors])


def _cell_text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def import_xlsx(*, report: ProgressReport, actor: Any, content: bytes) -> dict[int, dict[str, list[str]]]:
    """Read a filled-in template and save every entry, or nothing. Returns the warnings by entry id."""
    try:
        wb = load_workbook(io.BytesIO(content), data_only=True)
    except Exception as exc:  # noqa: BLE001 — any unreadable file gets the same answer
        raise ImportFailed([_("The file is not an Excel workbook (.xlsx).")]) from exc
    if META_SHEET not in wb.sheetnames or len(wb.sheetnames) < 3:
        raise ImportFailed([_("This is not a Tendik report template: download the template and fill it in.")])
    meta = {str(r[0]): r[1] for r in wb[META_SHEET].iter_rows(values_only=True) if r and r[0]}
    if str(meta.get("report")) != str(report.pk):
        raise ImportFailed(
            [
                _("This file belongs to another report (%(period)s). Download this report's template.")
                % {"period": meta.get("period", "?")}
            ]
        )
    ws, wi = wb.worksheets[0], wb.worksheets[1]
    errors: list[CellError] = []
    m_titles, i_titles = measures_titles(), indicator_titles()

    def err(sheet: Any, row: int, col: int, message: str) -> None:
        titles = m_titles if sheet is ws else i_titles
        errors.append(CellError(sheet.title, row, col, titles[col - 1] if col <= len(titles) else "", message))

    entries = {e.pk: e for e in report.entries.select_related("local_measure")}
    statuses = _status_lookup()
    items: dict[int, EntryData] = {}
    places: dict[int, dict[str, tuple[Any, int, int]]] = {}  # entry id → field key → (sheet, row, col)
    for row_idx, row in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
        if not any(c not in (None, "") for c in row):
            continue
        row = list(row) + [None] * (M_SPENT[BUDGET_SOURCES[-1]] - len(row))
        raw_id = row[M_ID - 1]
        entry_id = int(raw_id) if isinstance(raw_id, int | float) or _cell_text(raw_id).isdigit() else None
        if entry_id not in entries:
            err(ws, row_idx, M_ID, _("Unknown entry: the row does not belong to this report."))
            continue
        data = EntryData(narrative=_cell_text(row[M_NARRATIVE - 1]))
        place = places.setdefault(entry_id, {})
        status = statuses.get(_cell_text(row[M_STATUS - 1]).lower())
        if status is None:
            err(ws, row_idx, M_STATUS, _("Choose a status from the list."))
        else:
            data.status = status
        place["status"] = (ws, row_idx, M_STATUS)
        place["narrative"] = (ws, row_idx, M_NARRATIVE)
        try:
            progress = to_decimal(row[M_PROGRESS - 1])
            if progress is not None and progress != progress.to_integral():
                raise ValueError
            data.progress = int(progress) if progress is not None else 0
        except ValueError:
            err(ws, row_idx, M_PROGRESS, _("Progress is a whole number from 0 to 100."))
        place["progress"] = (ws, row_idx, M_PROGRESS)
        for s, col in M_SPENT.items():
            try:
                data.spent[s] = to_decimal(row[col - 1])
            except ValueError:
                err(ws, row_idx, col, _("Enter an amount in som (a number)."))
            place[f"spent_{s}"] = (ws, row_idx, col)
        items[entry_id] = data

    for row_idx, row in enumerate(wi.iter_rows(min_row=2, values_only=True), start=2):
        if not any(c not in (None, "") for c in row):
            continue
        row = list(row) + [None] * (I_VALUE - len(row))
        raw_id = row[I_ID - 1]
        entry_id = int(raw_id) if isinstance(raw_id, int | float) or _cell_text(raw_id).isdigit() else None
        if entry_id not in entries:
            err(wi, row_idx, I_ID, _("Unknown entry: the row does not belong to this report."))
            continue
        if entry_id not in items:
            err(wi, row_idx, I_ID, _("The measure of this row is missing from the first sheet."))
            continue
        code, combo = _cell_text(row[I_CODE - 1]), _cell_text(row[I_COMBO - 1])
        try:
            value = to_decimal(row[I_VALUE - 1])
        except ValueError:
            err(wi, row_idx, I_VALUE, _("Enter a number."))
            continue
        items[entry_id].values[(code, combo)] = value
        places[entry_id][value_key(code, combo)] = (wi, row_idx, I_VALUE)

    if not errors:
        try:
            return entries_save(actor=actor, report=report, items=items, action=ReportAction.IMPORT)
        except EntriesInvalid as exc:
            for entry_id, fields in exc.entry_errors.items():
                for key, messages in fields.items():
                    sheet, row_idx, col = places[entry_id].get(key) or places[entry_id]["status"]
                    for message in messages:
                        err(sheet, row_idx, col, message)
    if errors:
        raise ImportFailed(errors)
    return {}
