from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="F3F0F5")
LOCKED_FILL = PatternFill("solid", fgColor="EEEEEE")
WRAP = Alignment(wrap_text=True, vertical="top")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def header(ws: Any, titles: list[str], widths: list[int]) -> None:
    ws.append(titles)
    for i, width in enumerate(widths, start=1):
        cell = ws.cell(row=ws.max_row, column=i)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = WRAP
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = f"A{ws.max_row + 1}"


def wrap_rows(ws: Any, first_row: int = 2) -> None:
    for row in ws.iter_rows(min_row=first_row):
        for cell in row:
            cell.alignment = WRAP


def to_bytes(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def safe_sheet_title(text: str) -> str:
    for ch in "[]:*?/\\":
        text = text.replace(ch, " ")
    return text[:31]
