"""The shared import mechanism: columns by header, cell errors, formulas refused, all or nothing."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.utils import translation
from openpyxl import Workbook

from tendik.core import tabular
from tendik.core.tabular import CellError, Column, Errors, Importer, ImportInvalid, Row, SheetSpec


def xlsx(rows: list[list[Any]], title: str = "Data", extra: dict[str, list[list[Any]]] | None = None) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for r in rows:
        ws.append(r)
    for name, more in (extra or {}).items():
        other = wb.create_sheet(name)
        for r in more:
            other.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


class GroupImport(Importer[dict[str, Any]]):
    """Creates auth groups: name (required), members (count ≥ 0), budget (amount ≥ 0)."""

    sheets = [
        SheetSpec(
            names=("Data", "Данные"),
            columns=[
                Column("name", "Name", aliases=("наименование", "аталышы"), required=True, blank=False),
                Column("members", "Members", aliases=("участники",), parse=tabular.integer()),
                Column("budget", "Budget", parse=tabular.amount()),
                Column("kind", "Kind", parse=tabular.choice({"a": "A", "b": "B"})),
            ],
        )
    ]
    max_rows = 100
    fail_after: int | None = None

    def __init__(self) -> None:
        self.prefetched = 0

    def prefetch(self, rows: list[Row]) -> None:
        self.prefetched += 1
        self.taken = set(Group.objects.values_list("name", flat=True))

    def check_row(self, row: Row) -> dict[str, Any] | None:
        if row["name"] in self.taken:
            row.error("name", "already exists")
            return None
        return {"name": row["name"], "members": row["members"]}

    def check_file(self, items: list[tuple[Row, dict[str, Any]]], errors: Errors) -> None:
        seen: set[str] = set()
        for row, item in items:
            if item["name"] in seen:
                row.error("name", "twice in the file")
            seen.add(item["name"])

    def write(self, items: list[dict[str, Any]]) -> Any:
        for i, item in enumerate(items):
            if self.fail_after is not None and i == self.fail_after:
                raise RuntimeError("disk full")
            Group.objects.create(name=item["name"])
        return {"created": len(items)}


HEAD = ["Name", "Members", "Budget", "Kind"]


@pytest.mark.django_db
def test_a_good_file_is_written_and_headers_match_in_any_language() -> None:
    data = xlsx([["Наименование", "Участники", "budget"], ["Alpha", 3, "1 200,50"], [None, None, None], ["Beta", 0, 5]])
    importer = GroupImport()
    checked = tabular.check(importer, data=data, filename="g.xlsx")
    assert checked.errors == []
    assert checked.rows == 2 and importer.prefetched == 1
    assert tabular.apply(importer, checked) == {"created": 2}
    assert set(Group.objects.values_list("name", flat=True)) == {"Alpha", "Beta"}


@pytest.mark.django_db
def test_errors_name_sheet_row_column_and_nothing_is_written() -> None:
    Group.objects.create(name="Taken")
    data = xlsx(
        [
            HEAD,
            ["Ok", 1, 1, "a"],
            ["Taken", 1, 1, "a"],  # row rule
            ["Neg", -2, -5, "a"],  # negative count and amount
            ["", 1, 1, "z"],  # empty required cell; bad choice
            ["Ok", 1, 1, "b"],  # file rule: twice
        ]
    )
    with pytest.raises(ImportInvalid) as exc:
        tabular.run_import(GroupImport(), data=data, filename="g.xlsx")
    found = {(e.sheet, e.row, e.column, e.header) for e in exc.value.errors}
    assert found == {
        ("Data", 3, "A", "Name"),
        ("Data", 4, "B", "Members"),
        ("Data", 4, "C", "Budget"),
        ("Data", 5, "A", "Name"),
        ("Data", 5, "D", "Kind"),
        ("Data", 6, "A", "Name"),
    }
    negative = next(e for e in exc.value.errors if e.row == 4 and e.column == "C")
    with translation.override("en"):
        assert str(negative).startswith("Sheet “Data”, row 4, column C (Budget):")
    assert list(Group.objects.values_list("name", flat=True)) == ["Taken"]


@pytest.mark.django_db
def test_a_formula_cell_is_refused_naming_the_cell_and_text_starting_with_equals_is_text() -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(HEAD)
    ws.append(['=HYPERLINK("http://evil.example/","x")', 1, 1, "a"])  # a live formula
    ws.append(["Fine", 1, 1, "a"])
    text_cell = ws.cell(row=3, column=1)
    ws.append(["x", 1, 1, "a"])
    ws.cell(row=4, column=1).value = "=1+1"
    ws.cell(row=4, column=1).data_type = "s"  # text that looks like a formula
    out = io.BytesIO()
    wb.save(out)
    assert text_cell.value == "Fine"
    with pytest.raises(ImportInvalid) as exc:
        tabular.run_import(GroupImport(), data=out.getvalue(), filename="g.xlsx")
    assert [(e.row, e.column) for e in exc.value.errors] == [(2, "A")]
    assert exc.value.errors[0].header == "Name"
    assert Group.objects.count() == 0


@pytest.mark.django_db
def test_a_failure_while_writing_leaves_nothing() -> None:
    data = xlsx([HEAD, ["A", 1, 1, "a"], ["B", 1, 1, "a"], ["C", 1, 1, "a"]])
    importer = GroupImport()
    importer.fail_after = 2
    with pytest.raises(RuntimeError):
        tabular.run_import(importer, data=data, filename="g.xlsx")
    assert Group.objects.count() == 0


@pytest.mark.django_db
def test_missing_column_missing_sheet_too_many_rows_and_unreadable_file() -> None:
    with pytest.raises(ImportInvalid) as exc:
        tabular.run_import(GroupImport(), data=xlsx([["Members"], [1]]), filename="g.xlsx")
    assert (exc.value.errors[0].row, exc.value.errors[0].header) == (1, "Name")
    with pytest.raises(ImportInvalid) as exc:
        tabular.run_import(GroupImport(), data=xlsx([HEAD], title="Other"), filename="g.xlsx")
    assert exc.value.errors[0].sheet == "Data"
    rows = [HEAD] + [[f"g{i}", 1, 1, "a"] for i in range(GroupImport.max_rows + 1)]
    with pytest.raises(ImportInvalid) as exc:
        tabular.run_import(GroupImport(), data=xlsx(rows), filename="g.xlsx")
    assert "100" in exc.value.errors[0].message and exc.value.errors[0].row == 102
    with pytest.raises(ImportInvalid):
        tabular.run_import(GroupImport(), data=b"not a zip", filename="g.xlsx")
    with pytest.raises(ImportInvalid):
        tabular.run_import(GroupImport(), data=b"x", filename="g.pdf")
    assert Group.objects.count() == 0


@pytest.mark.django_db
def test_csv_is_read_like_a_sheet_and_formula_text_refused() -> None:
    data = "Name;Members;Budget\nAlpha;2;3,5\n=cmd|' /C calc'!A0;1;1\n".encode("cp1251")
    with pytest.raises(ImportInvalid) as exc:
        tabular.run_import(GroupImport(), data=data, filename="g.csv")
    assert [(e.row, e.column) for e in exc.value.errors] == [(3, "A")]
    ok = "Name,Members\nАлматы,2\n".encode()
    assert tabular.run_import(GroupImport(), data=ok, filename="g.csv") == {"created": 1}


def test_parsers() -> None:
    assert tabular.amount()("1 234,5") == Decimal("1234.5")
    assert tabular.integer(max_value=100)(50.0) == 50
    for parse, raw in ((tabular.integer(), 1.5), (tabular.integer(max_value=100), 101), (tabular.amount(), "x")):
        with pytest.raises(tabular.CellInvalid):
            parse(raw)
    assert tabular.amount(min_value=None)(-3) == Decimal(-3)
    assert str(tabular.date("31.12.2025")) == "2025-12-31"
    assert tabular.split_list("a; b,c") == ["a", "b", "c"]
    assert CellError("S", 2, "B", "H", "m") < CellError("S", 10, "A", "H", "m")


def _with_cell_xml(data: bytes, ref: str, cell_xml: str) -> bytes:
    """The workbook with the cell `ref` of the first sheet replaced by raw XML (as Excel writes it)."""
    import re
    import zipfile

    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                body = re.sub(rf'<c r="{ref}"[^>]*?(/>|>.*?</c>)'.encode(), cell_xml.encode(), body, count=1)
            dst.writestr(item, body)
    return out.getvalue()


@pytest.mark.django_db
def test_a_formula_with_its_cached_result_is_refused_as_Excel_saves_it() -> None:
    """Excel stores a formula's last result beside it: the reader must not take the result for a typed value."""
    data = xlsx([HEAD, ["Alpha", 1, 1, "a"], ["Beta", 2, 2, "a"], ["Gamma", 3, 3, "a"]])
    data = _with_cell_xml(data, "B3", '<c r="B3"><f>1+1</f><v>2</v></c>')
    data = _with_cell_xml(data, "C4", '<c r="C4"><f t="shared" ref="C4:C4" si="0"/><v>7</v></c>')
    with pytest.raises(ImportInvalid) as exc:
        tabular.run_import(GroupImport(), data=data, filename="g.xlsx")
    assert [(e.row, e.column) for e in exc.value.errors] == [(3, "B"), (4, "C")]
    assert "формул" in exc.value.errors[0].message
    assert Group.objects.count() == 0


@pytest.mark.django_db
def test_a_table_that_starts_lower_and_further_right_keeps_its_row_numbers_and_letters() -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    ws["C3"], ws["D3"] = "Name", "Members"
    ws["C4"], ws["D4"] = "Alpha", 2
    ws["C6"], ws["D6"] = "Beta", -1
    out = io.BytesIO()
    wb.save(out)
    importer = GroupImport()
    checked = tabular.check(importer, data=out.getvalue(), filename="g.xlsx")
    assert [(e.row, e.column, e.header) for e in checked.errors] == [(6, "D", "Members")]
    good = tabular.check(GroupImport(), data=xlsx([HEAD, ["Alpha", 2.0, 1.5, "a"]]), filename="g.xlsx")
    assert good.items == [{"name": "Alpha", "members": 2}] and type(good.items[0]["members"]) is int


@pytest.mark.django_db
def test_a_workbook_with_entity_declarations_is_refused() -> None:
    data = xlsx([HEAD, ["Alpha", 1, 1, "a"]])
    data = _with_cell_xml(data, "A2", '<c r="A2" t="inlineStr"><is><t>Alpha</t></is></c>')
    import zipfile

    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                body = b'<!DOCTYPE x [<!ENTITY a "aaaa">]>' + body.split(b"?>", 1)[-1]
            dst.writestr(item, body)
    checked = tabular.check(GroupImport(), data=out.getvalue(), filename="g.xlsx")
    assert checked.errors and Group.objects.count() == 0
