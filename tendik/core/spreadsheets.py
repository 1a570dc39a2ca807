"""The one Excel writer: every .xlsx Tendik hands out goes through it.

    book = XlsxWriter()
    sheet = book.sheet(_("Recommendations"), headers=[_("Code"), _("Text")], widths=[12, 60])
    for rec in queryset.iterator(chunk_size=2000):
        sheet.append([rec.code, rec.text_ru])
    content = book.to_bytes()

- **Safe**: text is always written as text. A narrative typed as `=HYPERLINK("http://evil/","click")` (or starting
  with +, -, @, a tab or a carriage return) is stored as a string cell marked "quote prefix", exactly as Excel
  does when a person types `'=…`: it is shown, never evaluated, and reads back unchanged (the report template
  round-trips). Only `formula(...)` values that Tendik itself writes become formulas.
- **Typed**: numbers stay numbers (Decimal becomes float), dates and datetimes stay dates (time zones dropped after
  conversion to local time), booleans stay booleans, None is an empty cell.
- **Flat memory**: the workbook is in openpyxl's write-only mode, rows are streamed to a temporary file as they are
  appended, so exporting 12,000 or 200,000 rows keeps memory flat. Feed it iterators (`QuerySet.iterator()`),
  not lists.

Cells may carry a look (`Look.LOCKED`, `Look.BOLD`, `Look.WRAP`) through `Styled(value, look)`; a list-validation
(drop-down) can be added to a column range with `sheet.choices(...)`.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A text starting with one of these is a formula (or a DDE/ formula trigger) for some spreadsheet program.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")
# Characters Excel refuses in cell text (control characters other than tab, line feed, carriage return).
_ILLEGAL = {i: None for i in [*range(0, 9), 11, 12, *range(14, 32)]}
_ILLEGAL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="F3F0F5")
LOCKED_FILL = PatternFill("solid", fgColor="EEEEEE")
WRAP = Alignment(wrap_text=True, vertical="top")


class Look(enum.Enum):
    PLAIN = "plain"
    HEADER = "header"
    LOCKED = "locked"  # grey: "do not change" columns of a template
    BOLD = "bold"
    WRAP = "wrap"


@dataclass(frozen=True)
class Styled:
    """A value with a look: `Styled(entry.pk, Look.LOCKED)`."""

    value: Any
    look: Look = Look.PLAIN


@dataclass(frozen=True)
class Formula:
    """A formula Tendik itself writes (never user text): `Formula("=SUM(B2:B10)")`."""

    text: str


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_PREFIXES)


def safe_sheet_title(text: str) -> str:
    """A sheet name Excel accepts: no []:*?/\\, at most 31 characters."""
    for ch in "[]:*?/\\":
        text = text.replace(ch, " ")
    return text[:31] or "Sheet"


def cell_value(value: Any) -> Any:
    """What goes into the cell for a Python value: numbers and dates typed, everything else text."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
        return value
    if isinstance(value, dt.date | dt.time):
        return value
    if isinstance(value, Promise):
        value = str(value)
    return str(value).translate(_ILLEGAL)


class SheetWriter:
    """One sheet of an XlsxWriter; rows are written as they are appended."""

    def __init__(self, book: XlsxWriter, ws: Any) -> None:
        self._book = book
        self._ws = ws
        self.rows_written = 0

    @property
    def title(self) -> str:
        return str(self._ws.title)

    def _plain(self, value: Any) -> Any:
        kind = type(value)
        if value is None or kind is int or kind is float or kind is bool:
            return value
        if kind is str:
            text = value.translate(_ILLEGAL) if _ILLEGAL_RE.search(value) else value
            return self._cell(text) if text.startswith(FORMULA_PREFIXES) or text in ERROR_CODES else text
        return self._cell(value)

    def _cell(self, value: Any, look: Look = Look.PLAIN, wrap: bool = False) -> Any:
        if isinstance(value, Styled):
            return self._cell(value.value, value.look, wrap)
        if isinstance(value, Formula):
            cell = WriteOnlyCell(self._ws, value=value.text)
        else:
            v = cell_value(value)
            cell = WriteOnlyCell(self._ws, value=v)
            if isinstance(v, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
                if is_formula_like(v):
                    cell.quotePrefix = True  # Excel keeps it text even when the cell is edited
        if look is Look.HEADER:
            cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, WRAP
        elif look is Look.LOCKED:
            cell.fill = LOCKED_FILL
            if wrap:
                cell.alignment = WRAP
        elif look is Look.BOLD:
            cell.font = HEADER_FONT
        elif look is Look.WRAP or wrap:
            cell.alignment = WRAP
        return cell

    def append(self, values: Iterable[Any], *, look: Look = Look.PLAIN) -> int:
        """Write one row; returns its number (1-based)."""
        wrap = self._book.wrap and look is Look.PLAIN
        if look is Look.PLAIN and not wrap:
            # The common case of a large export: plain numbers and text that cannot be taken for a formula go in
            # as values (openpyxl reuses one cell for them); anything else becomes a cell of its own.
            self._ws.append([self._plain(v) for v in values])
        else:
            self._ws.append([self._cell(v, look, wrap) for v in values])
        self.rows_written += 1
        return self.rows_written

    def extend(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.append(row)

    def choices(self, options: Sequence[str], cells: str) -> None:
        """A drop-down list for a range such as "D2:D500" (declare before the book is saved)."""
        dv = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=False)
        dv.add(cells)
        self._ws.data_validations.append(dv)

    def hide(self) -> None:
        self._ws.sheet_state = "hidden"


class XlsxWriter:
    """A streaming, formula-safe workbook. `wrap=True` wraps text in every data cell (narratives, measures)."""

    def __init__(self, *, wrap: bool = False) -> None:
        self._wb = Workbook(write_only=True)
        self.wrap = wrap
        self.sheets: list[SheetWriter] = []

    def sheet(
        self,
        title: str | Promise,
        *,
        headers: Sequence[Any] = (),
        widths: Sequence[int] = (),
        freeze: bool = True,
    ) -> SheetWriter:
        """A new sheet with an optional bold header row (frozen) and column widths (characters)."""
        ws = self._wb.create_sheet(safe_sheet_title(str(title)))
        for i, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        if headers and freeze:
            ws.freeze_panes = "A2"
        sheet = SheetWriter(self, ws)
        if headers:
            sheet.append(headers, look=Look.HEADER)
        self.sheets.append(sheet)
        return sheet

    def save(self, out: Any) -> None:
        if not self.sheets:
            self.sheet("Sheet")
        self._wb.save(out)

    def to_bytes(self) -> bytes:
        out = io.BytesIO()
        self.save(out)
        return out.getvalue()


def rows_to_xlsx(
    title: str | Promise, headers: Sequence[Any], rows: Iterable[Iterable[Any]], widths: Sequence[int] = ()
) -> bytes:
    """A one-sheet workbook in one call."""
    book = XlsxWriter()
    book.sheet(title, headers=headers, widths=widths).extend(rows)
    return book.to_bytes()
