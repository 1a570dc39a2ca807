"""The one Excel writer: formula prefixes neutralised, types kept, rows streamed."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from tendik.core.spreadsheets import Formula, Look, Styled, XlsxWriter, rows_to_xlsx

HOSTILE = [
    '=HYPERLINK("http://evil.example/","click")',
    "+1+2",
    "-2+3",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
]


def test_text_that_looks_like_a_formula_is_written_as_text() -> None:
    content = rows_to_xlsx("Sheet", ["Text"], [[t] for t in HOSTILE])
    ws = load_workbook(io.BytesIO(content))["Sheet"]
    for i, text in enumerate(HOSTILE, start=2):
        cell = ws.cell(row=i, column=1)
        assert cell.data_type == "s", text
        assert cell.value == text  # unchanged: the template round-trips
        assert cell.quotePrefix


def test_numbers_dates_stay_typed_and_formulas_only_when_asked() -> None:
    book = XlsxWriter(wrap=True)
    sheet = book.sheet("Data", headers=["a", "b", "c", "d", "e"], widths=[10, 10])
    sheet.append([1, Decimal("2.50"), dt.date(2025, 3, 1), None, Styled("x", Look.LOCKED)])
    sheet.append([Formula("=SUM(A2:A2)"), True, "plain", "", 0])
    book.sheet("Hidden").hide()
    ws = load_workbook(io.BytesIO(book.to_bytes()))["Data"]
    assert ws["A1"].font.b
    assert (ws["A2"].value, ws["A2"].data_type) == (1, "n")
    assert (ws["B2"].value, ws["B2"].data_type) == (2.5, "n")
    assert ws["C2"].value == dt.datetime(2025, 3, 1) and ws["C2"].is_date
    assert ws["D2"].value is None
    assert ws["A3"].data_type == "f"
    assert ws["C3"].data_type == "s" and not ws["C3"].quotePrefix
    assert ws.freeze_panes == "A2"


@pytest.mark.parametrize("n", [3000])
def test_rows_are_streamed(n: int) -> None:
    book = XlsxWriter()
    sheet = book.sheet("Big", headers=["n", "text"])
    sheet.extend([i, f"row {i}"] for i in range(n))
    assert sheet.rows_written == n + 1
    ws = load_workbook(io.BytesIO(book.to_bytes()), read_only=True)["Big"]
    assert sum(1 for _ in ws.iter_rows()) == n + 1
