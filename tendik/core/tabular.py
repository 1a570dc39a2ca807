"""The one tabular import mechanism: read a sheet, map columns by header, check cell by cell, preview, write
all or nothing.

A domain describes its file and supplies its row rule; everything else happens here:

    class MeasureImport(Importer[MyItem]):
        sheets = [SheetSpec(name=None, columns=[
            Column("code", _("Code"), aliases=("код", "коду"), required=True, parse=text(max_length=20)),
            Column("spent", _("Spent, som"), parse=amount()),          # negative refused
        ])]

        def prefetch(self, rows):                       # one query per file, not per row
            self.known = set(Measure.objects.values_list("code", flat=True))

        def check_row(self, row):                       # the row rule; errors go to the cell
            if row["code"] not in self.known:
                row.error("code", _("Unknown measure."))
                return None
            return MyItem(...)

        def write(self, items):                         # called once, inside one short transaction
            ...bulk_create / bulk_update + audit_bulk...
            return {"created": len(items)}

    checked = check(MeasureImport(actor=user), data=content, filename="x.xlsx", progress=cb)   # no writes
    if checked.errors: show checked.errors (each names sheet, row, column letter and header)
    result = apply(importer, checked)                     # transaction.atomic; raises ImportInvalid on errors
    # or both at once: run_import(importer, data=..., filename=...)

Rules every importer gets:
- .xlsx (calamine, values only; formula cells found in the XML) and .csv (UTF-8 or Windows-1251; ; , or tab) are
  read the same way.
- Headers are matched case- and punctuation-insensitively against the column's key, label and aliases (give the
  Russian, Kyrgyz and English titles: `in_languages(...)` produces them from a translatable string).
- A cell holding a formula is refused, naming the cell ("column F: … holds a formula"): its value would otherwise be
  lost or guessed. (Text that merely starts with "=" in a text cell is text and is accepted.)
- Amounts and counts are refused when negative (`amount()`, `integer(min_value=0)`), unless a column says otherwise.
- Errors are `CellError(sheet, row, column letter, header, message)`, in people's words, sorted; at most
  `MAX_ERRORS` are kept (and counted beyond).
- Files larger than `Importer.max_rows` rows are refused before any row rule runs; memory is bounded by it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import posixpath
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, Any, Generic, TypeVar
from xml.etree import ElementTree

from django.db import transaction
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl.utils import column_index_from_string, get_column_letter

T = TypeVar("T")
Progress = Callable[[int, str], None]
MAX_ERRORS = 1000
LANGUAGES = ("ru", "ky", "en")


def _no_progress(percent: int, message: str = "") -> None:
    return None


# ----------------------------------------------------------------------------------------------------------- errors


@dataclass(frozen=True, order=True)
class CellError:
    """One problem, where a person finds it: sheet, row (1-based, as Excel shows), column letter and its title."""

    sheet: str
    row: int
    column: str = ""
    header: str = ""
    message: str = ""

    def __str__(self) -> str:
        parts = []
        if self.sheet:
            parts.append(_("sheet “%(sheet)s”") % {"sheet": self.sheet})
        if self.row:
            parts.append(_("row %(row)s") % {"row": self.row})
        if self.column and self.header:
            parts.append(_("column %(column)s (%(header)s)") % {"column": self.column, "header": self.header})
        elif self.column or self.header:
            parts.append(_("column %(column)s") % {"column": self.column or self.header})
        where = ", ".join(parts)
        where = where[:1].upper() + where[1:]
        return f"{where}: {self.message}" if where else self.message

    def as_dict(self) -> dict[str, Any]:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "header": self.header,
                "message": self.message, "text": str(self)}  # fmt: skip


class ImportInvalid(Exception):  # noqa: N818 — reads as what it says
    """The file cannot be imported; `errors` name every problem (sheet, row, column). Nothing was written."""

    def __init__(self, errors: Sequence[CellError], more: int = 0) -> None:
        self.errors = list(errors)
        self.more = more
        super().__init__("; ".join(str(e) for e in self.errors[:5]))

    @property
    def messages(self) -> list[str]:
        out = [str(e) for e in self.errors]
        if self.more:
            out.append(_("… and %(n)s more problems.") % {"n": self.more})
        return out


class CellInvalid(ValueError):
    """Raised by a cell parser: the message says what is wrong with the value, in people's words."""


# ---------------------------------------------------------------------------------------------------------- columns


def header_key(text: Any) -> str:
    """Header text folded for matching: lower case, ё→е, punctuation and runs of spaces to one space."""
    text = str(text or "").strip().lower().replace("ё", "е")
    return " ".join(re.sub(r"[\s_\-.,:;()/%«»“”\"']+", " ", text).split())


def in_languages(text: Callable[[], Any] | Any) -> tuple[str, ...]:
    """The text in every interface language: a lazy translatable string, or a callable producing the text."""
    out = []
    for lang in LANGUAGES:
        with translation.override(lang):
            out.append(str(text() if callable(text) else text))
    return tuple(out)


Parser = Callable[[Any], Any]


@dataclass(frozen=True)
class Column:
    """A column the importer reads: `key` in the row, `label` in messages, headers matched by key, label, aliases.

    `required`: the column must be in the sheet. `blank`: the cell may be empty (then the row holds `default`).
    `parse`: turns the cell into a value or raises CellInvalid (see text, integer, amount, choice, date).
    """

    key: str
    label: Any = ""
    aliases: Sequence[str] = ()
    required: bool = False
    blank: bool = True
    parse: Parser | None = None
    default: Any = None

    def headers(self) -> set[str]:
        label = in_languages(self.label) if isinstance(self.label, Promise) else (str(self.label),)
        return {header_key(h) for h in (self.key, *label, *self.aliases) if header_key(h)}

    def title(self) -> str:
        return str(self.label) if self.label else self.key


@dataclass(frozen=True)
class SheetSpec:
    """Which sheet to read (by name — any of `names` — or position) and its columns."""

    columns: Sequence[Column]
    names: Sequence[str] = ()
    index: int = 0
    key: str = "main"
    required: bool = True
    # The header row: the first non-empty row within the first `header_within` rows.
    header_within: int = 10


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # Excel keeps codes as numbers: 41702000000000.0
    return str(value).strip()


def text(*, max_length: int | None = None, clean: Callable[[str], str] | None = None) -> Parser:
    def parse(value: Any) -> str:
        out = _as_text(value)
        if clean is not None:
            out = clean(out)
        if max_length is not None and len(out) > max_length:
            raise CellInvalid(_("longer than %(n)s characters") % {"n": max_length})
        return out

    return parse


def to_decimal(value: Any) -> Decimal:
    """A number as typed: spaces and a decimal comma allowed. CellInvalid when it is not a number."""
    if isinstance(value, bool):
        raise CellInvalid(_("enter a number"))
    if isinstance(value, Decimal):
        out = value
    elif type(value) is int:
        return Decimal(value)  # always finite; Decimal(str(n)) is the same number, slower
    elif isinstance(value, int | float):
        out = Decimal(str(value))
    else:
        raw = str(value).replace("\u00a0", "").replace(" ", "").replace(",", ".").strip()
        try:
            out = Decimal(raw)
        except InvalidOperation:
            raise CellInvalid(_("«%(value)s» is not a number") % {"value": str(value)[:40]}) from None
    if not out.is_finite():
        raise CellInvalid(_("enter a number"))
    return out


def amount(*, min_value: Decimal | int | None = 0, max_value: Decimal | int | None = None) -> Parser:
    """A decimal amount; negative refused by default (amounts of money, figures)."""

    def parse(value: Any) -> Decimal:
        out = to_decimal(value)
        if min_value is not None and out < min_value:
            if min_value == 0:
                raise CellInvalid(_("cannot be negative"))
            raise CellInvalid(_("at least %(n)s") % {"n": min_value})
        if max_value is not None and out > max_value:
            raise CellInvalid(_("at most %(n)s") % {"n": max_value})
        return out

    return parse


def integer(*, min_value: int | None = 0, max_value: int | None = None) -> Parser:
    """A whole number (a count, a percentage); negative refused by default."""

    def parse(value: Any) -> int:
        if type(value) is int:  # most cells (whole floats are ints already): no Decimal round trip
            n = value
        else:
            out = to_decimal(value)
            if out != out.to_integral_value():
                raise CellInvalid(_("enter a whole number"))
            n = int(out)
        if min_value is not None and n < min_value:
            raise CellInvalid(_("cannot be negative") if min_value == 0 else _("at least %(n)s") % {"n": min_value})
        if max_value is not None and n > max_value:
            raise CellInvalid(_("at most %(n)s") % {"n": max_value})
        return n

    return parse


def choice(options: dict[str, Any], *, shown: Sequence[str] = ()) -> Parser:
    """One of `options` (keys matched like headers: case and punctuation do not matter)."""
    folded = {header_key(k): v for k, v in options.items()}

    def parse(value: Any) -> Any:
        key = header_key(_as_text(value))
        if key in folded:
            return folded[key]
        listed = ", ".join(shown or list(options)[:12])
        raise CellInvalid(
            _("«%(value)s» is not one of: %(options)s") % {"value": _as_text(value)[:40], "options": listed}
        )

    return parse


def date(value: Any) -> dt.date:
    """A date cell, or text as 31.12.2025 or 2025-12-31."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raw = _as_text(value)
    for fmt in ("%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(raw, fmt).date()  # noqa: DTZ007 — a calendar date, no time
        except ValueError:
            continue
    raise CellInvalid(_("«%(value)s» is not a date (write 31.12.2025)") % {"value": raw[:40]})


def split_list(value: Any) -> list[str]:
    """A cell listing several codes: separated by ; or ,."""
    return [p.strip() for p in _as_text(value).replace(",", ";").split(";") if p.strip()]


# ------------------------------------------------------------------------------------------------------------ rows


class Errors:
    """The error collector of one import: keeps the first MAX_ERRORS, counts the rest."""

    def __init__(self) -> None:
        self.items: list[CellError] = []
        self.more = 0
        self._seen: set[tuple[str, int, str]] = set()

    def add(self, error: CellError) -> None:
        key = (error.sheet, error.row, error.column or error.header)
        if error.column and key in self._seen:
            return  # one message per cell: the first problem found is the one to fix
        self._seen.add(key)
        if len(self.items) < MAX_ERRORS:
            self.items.append(error)
        else:
            self.more += 1

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items) + self.more

    def sorted(self) -> list[CellError]:
        return sorted(self.items, key=lambda e: (e.sheet, e.row, e.column, e.message))


_NOTHING: frozenset[str] = frozenset()


class Row:
    """One data row of a sheet: values by column key, and `error(key, message)` to blame one of its cells."""

    __slots__ = ("_errors", "_layout", "bad", "number", "values")

    def __init__(self, layout: _Layout, number: int, values: dict[str, Any], errors: Errors) -> None:
        self._layout = layout
        self._errors = errors
        self.number = number
        self.values = values
        self.bad: set[str] | frozenset[str] = _NOTHING  # a set of its own only once a cell is blamed

    @property
    def sheet(self) -> str:
        return self._layout.title

    @property
    def sheet_key(self) -> str:
        return self._layout.spec.key

    def __getitem__(self, key: str) -> Any:
        return self.values.get(key)

    def get(self, key: str, default: Any = None) -> Any:
        value = self.values.get(key)
        return default if value is None else value

    def has(self, key: str) -> bool:
        """The column is in the sheet."""
        return key in self._layout.letters

    @property
    def ok(self) -> bool:
        return not self.bad

    def error(self, key: str, message: str) -> None:
        """Blame the cell of column `key` on this row (or the row, if the column is not in the sheet)."""
        if not self.bad:
            self.bad = set()
        self.bad.add(key)  # type: ignore[union-attr]
        self._errors.add(self._layout.error(self.number, key, message))


@dataclass
class _Layout:
    spec: SheetSpec
    title: str
    header_row: int
    positions: dict[str, int] = field(default_factory=dict)  # column key → 0-based position
    letters: dict[str, str] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)  # column key → header as written in the file

    def error(self, row: int, key: str, message: str) -> CellError:
        column = next((c for c in self.spec.columns if c.key == key), None)
        header = self.titles.get(key) or (column.title() if column else key)
        return CellError(self.title, row, self.letters.get(key, ""), header, str(message))


# --------------------------------------------------------------------------------------------------------- reading


@dataclass
class _RawSheet:
    title: str
    rows: Iterator[tuple[int, list[Any], set[int]]]  # (row number, cell values, positions holding a formula)


class Book:
    """An opened upload: sheets by name/position, streamed rows.

    Workbooks are read by calamine (Rust; ADR 0010): values only, several times faster than openpyxl's parser.
    Calamine shows a formula's cached result as if it were typed, so formula cells are found separately
    (`_formula_cells`): one pass over the sheet's XML for a formula element, the cells named only when there is one.
    """

    def __init__(self, data: bytes, filename: str) -> None:
        name = filename.lower()
        self._wb: Any = None
        self._data = data
        self._csv: list[list[str]] | None = None
        self._parts: dict[str, str] | None = None
        if name.endswith(".xlsx") or name.endswith(".xlsm"):
            import python_calamine

            try:
                self._wb = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
                self._zip = zipfile.ZipFile(io.BytesIO(data))
            except Exception as exc:  # noqa: BLE001 — any unreadable workbook is one message to the user
                raise ImportInvalid(
                    [CellError("", 0, "", "", _("The file is not a readable Excel workbook (.xlsx)."))]
                ) from exc
        elif name.endswith(".csv"):
            self._csv = _csv_rows(data)
        else:
            raise ImportInvalid([CellError("", 0, "", "", _("Upload an Excel workbook (.xlsx) or a .csv file."))])

    @property
    def sheetnames(self) -> list[str]:
        return list(self._wb.sheet_names) if self._wb is not None else [""]

    def open(self, spec: SheetSpec) -> _RawSheet | None:
        if self._csv is not None:
            rows = self._csv
            return _RawSheet(
                "", ((i, r, {j for j, v in enumerate(r) if v.startswith("=")}) for i, r in enumerate(rows, 1))
            )
        names = self.sheetnames
        if spec.names:
            wanted = {header_key(n) for n in spec.names}
            title = next((n for n in names if header_key(n) in wanted), None)
        else:
            title = names[spec.index] if 0 <= spec.index < len(names) else None
        if title is None:
            return None
        try:
            sheet = self._wb.get_sheet_by_name(title)
        except Exception as exc:  # noqa: BLE001 — a damaged sheet is one message to the user
            raise ImportInvalid(
                [CellError(title, 0, "", "", _("The file is not a readable Excel workbook (.xlsx)."))]
            ) from exc
        return _RawSheet(title, _xlsx_rows(sheet, self._formula_cells(title)))

    def values(self, name: str, limit: int = 100) -> list[list[Any]]:
        """The first rows of a small sheet (a hidden meta sheet), as values (whole numbers as int)."""
        if self._wb is None or name not in self._wb.sheet_names:
            return []
        rows = self._wb.get_sheet_by_name(name).to_python(skip_empty_area=False, nrows=limit)
        return [[_whole(v) for v in row] for row in rows]

    def _formula_cells(self, title: str) -> dict[int, set[int]]:
        """Row number → 0-based positions of the cells holding a formula (usually none: one scan of the XML)."""
        part = self._sheet_parts().get(title)
        if part is None or part not in self._zip.namelist():
            return {}
        with self._zip.open(part) as fh:
            xml = fh.read()
        _refuse_declarations(xml, title)
        if not _FORMULA.search(xml):
            return {}
        out: dict[int, set[int]] = {}
        for _event, element in ElementTree.iterparse(io.BytesIO(xml)):  # noqa: S314 — no DTD (refused above)
            if element.tag.rsplit("}", 1)[-1] != "c":
                continue
            if any(child.tag.rsplit("}", 1)[-1] == "f" for child in element):
                ref = _CELL_REF.match(element.get("r") or "")
                if ref:
                    out.setdefault(int(ref.group(2)), set()).add(column_index_from_string(ref.group(1)) - 1)
            element.clear()
        return out

    def _sheet_parts(self) -> dict[str, str]:
        """Sheet title → its part in the zip (from the workbook and its relationships)."""
        if self._parts is None:
            self._parts = {}
            try:
                rels = _xml(self._zip.read("xl/_rels/workbook.xml.rels"))
                targets = {r.get("Id"): r.get("Target", "") for r in rels}
                book = _xml(self._zip.read("xl/workbook.xml"))
            except (KeyError, ElementTree.ParseError):
                return self._parts
            for el in book.iter():
                if el.tag.rsplit("}", 1)[-1] != "sheet":
                    continue
                rid = next((v for k, v in el.attrib.items() if k.rsplit("}", 1)[-1] == "id"), None)
                target = targets.get(rid, "")
                path = target.lstrip("/") if target.startswith("/") else posixpath.normpath("xl/" + target)
                self._parts[el.get("name", "")] = path
        return self._parts

    def close(self) -> None:
        if self._wb is not None:
            self._wb.close()
            self._zip.close()


# A formula element in a sheet's XML (<f>, <f t="shared" …/>, or with a namespace prefix). Cell text never matches:
# "<" is escaped in XML text.
_FORMULA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")
_CELL_REF = re.compile(r"\$?([A-Z]{1,3})\$?(\d+)")


def _refuse_declarations(xml: bytes, title: str = "") -> None:
    """No document type or entity declarations (never in a real workbook; the way to XML expansion attacks)."""
    if b"<!DOCTYPE" in xml or b"<!ENTITY" in xml:
        raise ImportInvalid([CellError(title, 0, "", "", _("The file is not a readable Excel workbook (.xlsx)."))])


def _xml(data: bytes) -> ElementTree.Element:
    _refuse_declarations(data)
    return ElementTree.fromstring(data)  # noqa: S314 — no DTD (refused above)


def _whole(value: Any) -> Any:
    """Excel keeps every number as a float: whole ones come back as int (as typed)."""
    return int(value) if type(value) is float and value.is_integer() else value


def _xlsx_rows(sheet: Any, formulas: dict[int, set[int]]) -> Iterator[tuple[int, list[Any], set[int]]]:
    # calamine starts rows at row 1 and columns at the first column holding data: pad to column A.
    start = sheet.start
    pad = [""] * (start[1] if start else 0)
    nothing: set[int] = set()
    for number, values in enumerate(sheet.iter_rows(), start=1):
        yield number, (pad + values) if pad else values, formulas.get(number, nothing)


def _csv_rows(data: bytes) -> list[list[str]]:
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        content = data.decode("cp1251")  # Excel's "CSV" on a Russian Windows
    first = content.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    return [list(r) for r in csv.reader(io.StringIO(content), delimiter=delimiter)]


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# -------------------------------------------------------------------------------------------------------- importer


class Importer(Generic[T]):
    """A domain's import: its sheets and columns, a per-file prefetch, a row rule, a file rule and the write.

    Subclass and override `check_row` (return the item to write, or None after `row.error(...)`) and `write`.
    """

    sheets: Sequence[SheetSpec] = ()  # a class attribute, or set in __init__ when titles depend on the language
    max_rows: int = 20_000
    # Streaming: prefetch is called before reading (with no rows) and each row is checked as it is read, its cells
    # then dropped, so memory holds the items, not the file. For importers whose prefetch does not need the rows.
    streaming: bool = False

    def prefetch(self, rows: list[Row]) -> None:
        """Load what the row rule needs in a few queries (codes known, existing records …)."""

    def check_row(self, row: Row) -> T | None:
        raise NotImplementedError

    def check_file(self, items: list[tuple[Row, T]], errors: Errors) -> None:
        """Rules across rows (duplicates, loops, totals); add errors with `row.error(...)`."""

    def check_book(self, book: Book, errors: Errors) -> None:
        """Checks on the workbook itself (a hidden meta sheet, which record it belongs to)."""

    def write(self, items: list[T]) -> Any:
        """Write every item; runs inside one transaction.atomic. Returns a summary (JSON-able)."""
        raise NotImplementedError

    def preview(self, items: list[T]) -> dict[str, Any]:
        """What the write would do, for the confirmation page (JSON-able): counts, first rows …"""
        return {"rows": len(items)}


@dataclass
class Checked(Generic[T]):
    """The result of `check`: items to write, every error, the preview. Nothing has been written."""

    items: list[T]
    errors: list[CellError]
    more_errors: int = 0
    rows: int = 0
    preview: dict[str, Any] = field(default_factory=dict)
    # sheet key → its title in the file, and column key → (letter, header as written): for later checks' messages
    sheet_titles: dict[str, str] = field(default_factory=dict)
    places: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    def raise_if_invalid(self) -> None:
        if self.errors:
            raise ImportInvalid(self.errors, self.more_errors)


def _layout(
    spec: SheetSpec, raw: _RawSheet, errors: Errors
) -> tuple[_Layout, Iterator[tuple[int, list[Any], set[int]]]] | None:
    rows = raw.rows
    header: tuple[int, list[Any], set[int]] | None = None
    for _i in range(spec.header_within):
        nxt = next(rows, None)
        if nxt is None:
            break
        if any(not _empty(v) for v in nxt[1]):
            header = nxt
            break
    layout = _Layout(spec=spec, title=raw.title, header_row=header[0] if header else 1)
    if header is None:
        errors.add(CellError(raw.title, 1, "", "", _("The sheet is empty: the first row must name the columns.")))
        return None
    by_header: dict[str, Column] = {}
    for column in spec.columns:
        for h in column.headers():
            by_header.setdefault(h, column)
    for j, cell in enumerate(header[1]):
        found = by_header.get(header_key(_as_text(cell)))
        if found is not None and found.key not in layout.positions:
            layout.positions[found.key] = j
            layout.letters[found.key] = get_column_letter(j + 1)
            layout.titles[found.key] = _as_text(cell)
    missing = [c for c in spec.columns if c.required and c.key not in layout.positions]
    for column in missing:
        errors.add(
            CellError(
                raw.title,
                layout.header_row,
                "",
                column.title(),
                _("this column is missing (the first row must name the columns)"),
            )
        )
    if missing:
        return None
    return layout, rows


def read_rows(
    importer: Importer[Any],
    book: Book,
    errors: Errors,
    progress: Progress,
    layouts: list[_Layout] | None = None,
    on_row: Callable[[Row], None] | None = None,
) -> list[Row]:
    """Every data row of every sheet the importer names, cells parsed; cell errors collected.

    With `on_row`, each row is handed over as soon as it is read and not kept (streaming importers)."""
    out: list[Row] = []
    layouts = layouts if layouts is not None else []
    for spec in importer.sheets:
        raw = book.open(spec)
        if raw is None:
            if spec.required:
                name = spec.names[0] if spec.names else str(spec.index + 1)
                errors.add(CellError(name, 0, "", "", _("The workbook has no sheet “%(s)s”.") % {"s": name}))
            continue
        found = _layout(spec, raw, errors)
        if found is None:
            continue
        layout, rows = found
        layouts.append(layout)
        columns = [(c, layout.positions[c.key]) for c in spec.columns if c.key in layout.positions]
        count = 0
        for number, cells, formulas in rows:
            if all(_empty(v) for v in cells):
                continue
            count += 1
            if count > importer.max_rows:
                errors.add(
                    CellError(
                        layout.title,
                        number,
                        "",
                        "",
                        _("The file has more than %(n)s rows; split it into several files.") % {"n": importer.max_rows},
                    )
                )
                return out
            row = Row(layout, number, {}, errors)
            for column, j in columns:
                value = cells[j] if j < len(cells) else None
                if type(value) is float and value.is_integer():
                    value = int(value)  # Excel keeps every number as a float: whole ones as typed
                if j in formulas:
                    row.error(
                        column.key,
                        _("this cell holds a formula; type the value itself (formulas are not imported)"),
                    )
                    continue
                if _empty(value):
                    if not column.blank:
                        row.error(column.key, _("this cell is empty"))
                    row.values[column.key] = column.default
                    continue
                if column.parse is None:
                    row.values[column.key] = _as_text(value) if isinstance(value, str) else value
                    continue
                try:
                    row.values[column.key] = column.parse(value)
                except CellInvalid as exc:
                    row.error(column.key, str(exc))
            if on_row is not None:
                on_row(row)
            else:
                out.append(row)
            if count % 5000 == 0:
                progress(min(30, 5 + count * 25 // max(importer.max_rows, 1)), _("Reading the file"))
        if count == 0 and spec.required:
            errors.add(
                CellError(layout.title, layout.header_row + 1, "", "", _("The sheet has no rows under the header."))
            )
    return out


def check(
    importer: Importer[T], *, data: bytes | IO[bytes], filename: str, progress: Progress | None = None
) -> Checked[T]:
    """Read and check the whole file; nothing is written. Queries: the importer's prefetch, not one per row."""
    progress = progress or _no_progress
    if not isinstance(data, bytes):
        data = data.read()
    errors = Errors()
    layouts: list[_Layout] = []
    progress(2, _("Reading the file"))
    try:
        book = Book(data, filename)
    except ImportInvalid as exc:
        return Checked(items=[], errors=exc.errors)
    items: list[tuple[Row, T]] = []
    counted = 0

    def check_one(row: Row) -> None:
        nonlocal counted
        counted += 1
        item = importer.check_row(row)
        if item is not None and row.ok:
            items.append((row, item))

    def streamed(row: Row) -> None:
        check_one(row)
        row.values = {}  # the cells are no longer needed: only the row's place stays, for file-level errors

    try:
        importer.check_book(book, errors)
        if importer.streaming and not errors:
            importer.prefetch([])
        rows = (
            []
            if errors
            else read_rows(importer, book, errors, progress, layouts, streamed if importer.streaming else None)
        )
    except ImportInvalid as exc:
        return Checked(items=[], errors=exc.errors)
    finally:
        book.close()
    where: dict[str, Any] = {
        "sheet_titles": {lay.spec.key: lay.title for lay in layouts},
        "places": {lay.spec.key: {k: (lay.letters[k], lay.titles[k]) for k in lay.letters} for lay in layouts},
    }
    if errors and not rows and not items:
        return Checked(items=[], errors=errors.sorted(), more_errors=errors.more, rows=counted, **where)
    if not importer.streaming:
        progress(35, _("Checking the rows"))
        importer.prefetch(rows)
        for i, row in enumerate(rows, start=1):
            check_one(row)
            if i % 5000 == 0:
                progress(35 + 45 * i // len(rows), _("Checking the rows"))
    importer.check_file(items, errors)
    kept = [item for row, item in items if row.ok]
    progress(80, pgettext("import progress", "Checked"))
    return Checked(
        items=kept,
        errors=errors.sorted(),
        more_errors=errors.more,
        rows=counted,
        preview=importer.preview(kept) if not errors else {"rows": counted},
        **where,
    )


def apply(importer: Importer[T], checked: Checked[T], progress: Progress | None = None) -> Any:
    """Write a checked file, all or nothing, in one transaction; ImportInvalid if the check found problems."""
    checked.raise_if_invalid()
    (progress or _no_progress)(85, pgettext("import progress", "Saving"))
    with transaction.atomic():
        result = importer.write(checked.items)
    (progress or _no_progress)(100, pgettext("import progress", "Saved"))
    return result


def run_import(
    importer: Importer[T], *, data: bytes | IO[bytes], filename: str, progress: Progress | None = None
) -> Any:
    """check + apply: raises ImportInvalid (nothing written) or returns the importer's write summary."""
    checked = check(importer, data=data, filename=filename, progress=progress)
    return apply(importer, checked, progress)
