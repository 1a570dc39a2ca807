"""A municipality's report as an Excel template, and the upload of the filled-in file.

Both go through the shared mechanisms: `tendik.core.spreadsheets` writes the template (text is never a formula),
`tendik.core.tabular` reads the upload (columns by their title in any of the three languages, formula cells
refused, errors by sheet, row and column). The upload is all or nothing: every cell is read and checked, then the
service checks every entry; any error means nothing is saved.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from tendik.core import tabular
from tendik.core.spreadsheets import Look, Styled, XlsxWriter
from tendik.core.tabular import Book, CellError, Column, Errors, Importer, ImportInvalid, Row, SheetSpec
from tendik.plans import combos
from tendik.plans.models import BUDGET_SOURCES, BudgetSource, Indicator, MeasureStatus, ProgressReport, ReportAction
from tendik.plans.services.reports import entries_check, entries_save
from tendik.plans.services.validation import EntryData, value_key

META_SHEET = "tendik"
# Measures sheet: fixed columns
M_ID, M_NO, M_TEXT, M_STATUS, M_PROGRESS, M_NARRATIVE = 1, 2, 3, 4, 5, 6
M_SPENT = {s: 7 + i for i, s in enumerate(BUDGET_SOURCES)}
# Indicators sheet
I_ID, I_NO, I_CODE, I_NAME, I_COMBO, I_LABEL, I_VALUE = 1, 2, 3, 4, 5, 6, 7
MAX_ROWS = 200_000


def _status_lookup() -> dict[str, str]:
    """Status codes and their labels in every language → code (a file filled in Kyrgyz uploads in Russian)."""
    lookup = {s.value: s.value for s in MeasureStatus}
    for lang in tabular.LANGUAGES:
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
    book = XlsxWriter(wrap=True)
    ws = book.sheet(_("Measures"), headers=measures_titles(), widths=[10, 6, 60, 18, 10, 50, 14, 14, 14, 14])
    letter = "D"  # the status column (M_STATUS)
    ws.choices([str(s.label) for s in MeasureStatus], f"{letter}2:{letter}{max(len(entries) + 1, 2)}")
    for e in entries:
        ws.append(
            [
                Styled(e.pk, Look.LOCKED),
                Styled(e.local_measure.number, Look.LOCKED),
                Styled(e.local_measure.text, Look.LOCKED),
                str(MeasureStatus(e.status).label),
                e.progress,
                e.narrative,
                *[getattr(e, f"spent_{s}") for s in BUDGET_SOURCES],
            ]
        )
    wi = book.sheet(_("Indicators"), headers=indicator_titles(), widths=[10, 6, 26, 50, 30, 30, 12])
    for e in entries:
        for ind_ref in e.local_measure.indicators.all():
            ind = by_code[ind_ref.code]
            for combo in combos.indicator_combos(ind):
                current = values.get(e.local_measure_id, {}).get((ind.code, combo.key))
                locked = [e.pk, e.local_measure.number, ind.code, ind.name, combo.key, combo.label or _("Total")]
                wi.append([*(Styled(v, Look.LOCKED) for v in locked), current])
    meta = book.sheet(META_SHEET, freeze=False)
    meta.append(["report", report.pk])
    meta.append(["period", report.period.code])
    meta.append(["municipality", report.municipality.code])
    meta.hide()
    return book.to_bytes()


# Kept for callers that catch the old name: every import error is an ImportInvalid naming its cells.
ImportFailed = ImportInvalid
__all__ = ["CellError", "ImportFailed"]


def _titles_in_languages(titles: Any, i: int) -> tuple[str, ...]:
    return tabular.in_languages(lambda: titles()[i])


def _status(lookup: dict[str, str]) -> tabular.Parser:
    def parse(value: Any) -> str:
        status = lookup.get(str(value).strip().lower())
        if status is None:
            raise tabular.CellInvalid(_("Choose a status from the list."))
        return status

    return parse


_PERCENT = tabular.integer(max_value=100)
_WHOLE = tabular.integer()


def _progress(value: Any) -> int:
    try:
        return _PERCENT(value)
    except tabular.CellInvalid:
        raise tabular.CellInvalid(_("Progress is a whole number from 0 to 100.")) from None


def _number(value: Any) -> Decimal:
    try:
        return tabular.to_decimal(value)
    except tabular.CellInvalid:
        raise tabular.CellInvalid(_("Enter a number.")) from None


def _entry_id(value: Any) -> int | None:
    try:
        return _WHOLE(value)
    except tabular.CellInvalid:
        return None


def _measure_columns() -> list[Column]:
    titles = measures_titles()

    def col(key: str, i: int, **kw: Any) -> Column:
        return Column(key, titles[i], aliases=_titles_in_languages(measures_titles, i), **kw)

    return [
        col("id", M_ID - 1, required=True, parse=_entry_id),
        col("status", M_STATUS - 1, required=True, parse=_status(_status_lookup()), default=""),
        col("progress", M_PROGRESS - 1, parse=_progress, default=0),
        col("narrative", M_NARRATIVE - 1, parse=tabular.text(), default=""),
        *[col(f"spent_{s}", c - 1, parse=tabular.amount()) for s, c in M_SPENT.items()],
    ]


def _indicator_columns() -> list[Column]:
    titles = indicator_titles()

    def col(key: str, i: int, **kw: Any) -> Column:
        return Column(key, titles[i], aliases=_titles_in_languages(indicator_titles, i), **kw)

    return [
        col("id", I_ID - 1, required=True, parse=_entry_id),
        col("code", I_CODE - 1, required=True, parse=tabular.text(), default=""),
        col("combo", I_COMBO - 1, required=True, parse=tabular.text(), default=""),
        col("value", I_VALUE - 1, required=True, parse=_number),
    ]


@dataclass
class _Places:
    """Where each checked field of an entry came from, to blame the right cell for a service-level error."""

    rows: dict[int, dict[str, Row]] = field(default_factory=dict)  # entry id → field key → row


_SPENT_KEYS = [(s, f"spent_{s}") for s in BUDGET_SOURCES]
_MEASURE_KEYS = ("status", "progress", "narrative", *[k for _s, k in _SPENT_KEYS])


class ReportImport(Importer[tuple[int, EntryData]]):
    """The filled-in template of one report: a Measures sheet, an Indicators sheet and the hidden meta sheet."""

    max_rows = MAX_ROWS

    def __init__(self, *, report: ProgressReport, actor: Any) -> None:
        self.report = report
        self.actor = actor
        self.sheets = [
            SheetSpec(key="measures", index=0, columns=_measure_columns()),
            SheetSpec(key="indicators", index=1, columns=_indicator_columns(), required=False),
        ]
        self.items: dict[int, EntryData] = {}
        self.places = _Places()
        self.warnings: dict[int, dict[str, list[str]]] = {}

    def check_book(self, book: Book, errors: Errors) -> None:
        def fail(message: str) -> None:
            errors.add(CellError("", 0, "", "", message))

        if META_SHEET not in book.sheetnames or len(book.sheetnames) < 3:
            fail(_("This is not a Tendik report template: download the template and fill it in."))
            return
        meta = {str(r[0]): r[1] for r in book.values(META_SHEET) if r and r[0]}
        if str(meta.get("report")) != str(self.report.pk):
            fail(
                _("This file belongs to another report (%(period)s). Download this report's template.")
                % {"period": meta.get("period", "?")}
            )

    def prefetch(self, rows: list[Row]) -> None:
        self.entries = set(self.report.entries.values_list("pk", flat=True))

    def check_row(self, row: Row) -> tuple[int, EntryData] | None:
        cells = row.values  # read directly: this runs once per row of the file
        entry_id = cells.get("id")
        if entry_id not in self.entries:
            row.error("id", _("Unknown entry: the row does not belong to this report."))
            return None
        place = self.places.rows.setdefault(entry_id, {})
        if row.sheet_key == "measures":
            data = EntryData(
                status=cells.get("status") or "",
                progress=cells.get("progress"),
                narrative=cells.get("narrative") or "",
                spent={s: cells.get(k) for s, k in _SPENT_KEYS},
            )
            self.items[entry_id] = data
            for key in _MEASURE_KEYS:
                place[key] = row
            return (entry_id, data) if row.ok else None
        if entry_id not in self.items:
            row.error("id", _("The measure of this row is missing from the first sheet."))
            return None
        code, combo = cells.get("code") or "", cells.get("combo") or ""
        if row.ok:
            self.items[entry_id].values[(code, combo)] = cells.get("value")
            place[value_key(code, combo)] = row
        return None  # the figure travels with its entry

    def check_file(self, items: list[tuple[Row, tuple[int, EntryData]]], errors: Errors) -> None:
        if not self.items:
            return
        # Unreadable cells are left out of the items, so these checks never blame a cell twice (one error per cell).
        entry_errors, self.warnings = entries_check(report=self.report, items=self.items)
        for entry_id, fields in entry_errors.items():
            for key, messages in fields.items():
                row = self.places.rows[entry_id].get(key) or self.places.rows[entry_id]["status"]
                column = key if key in {c.key for s in self.sheets for c in s.columns} else "value"
                for message in messages:
                    row.error(column, message)

    def preview(self, items: list[tuple[int, EntryData]]) -> dict[str, Any]:
        figures = sum(len(d.values) for d in self.items.values())
        warnings = [m for fields in self.warnings.values() for ms in fields.values() for m in ms]
        return {
            "rows": len(self.items) + figures,
            "lines": [[_("Measures"), len(self.items)], [_("Figures"), figures]],
            "warnings": warnings[:50],
        }

    def write(self, items: list[tuple[int, EntryData]]) -> dict[str, Any]:
        entries_save(actor=self.actor, report=self.report, items=self.items, action=ReportAction.IMPORT)
        return {"lines": [[_("Measures saved"), len(self.items)]]}


def import_xlsx(
    *, report: ProgressReport, actor: Any, content: bytes, progress: tabular.Progress | None = None
) -> dict[int, dict[str, list[str]]]:
    """Read a filled-in template and save every entry, or nothing. Returns the warnings by entry id.

    Raises ImportInvalid (alias ImportFailed) naming the sheet, row and column of every problem.
    """
    importer = ReportImport(report=report, actor=actor)
    checked = tabular.check(importer, data=content, filename="report.xlsx", progress=progress)
    tabular.apply(importer, checked, progress)
    return importer.warnings
