"""Reading an uploaded СОАТЕ list (CSV or Excel) into checked rows. No database access here.

Columns are recognised by name, case-insensitively, in Tendik's form (soate, level, parent_soate, name_ru, name_ky,
name_en, kind_ru) or in the Russian and Kyrgyz forms of the official classifier (COLUMN_ALIASES). Without a level
or parent column, both are derived from the structure of the code (soate.py).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from typing import IO, Any

from django.utils.translation import gettext as _

from tendik.geography.importing.soate import LEVEL_ALIASES, infer_level, is_soate
from tendik.geography.models import clean_name, name_en_clean, name_ky_clean

REQUIRED = ("soate", "name_ru")
OPTIONAL = ("level", "parent_soate", "name_ky", "name_en", "kind_ru")
MAX_LENGTH = {"name_ru": 200, "name_ky": 200, "name_en": 200, "kind_ru": 80}
MAX_ROWS = 20_000

# Header text (lower-case, spaces and punctuation folded to one space) → column.
COLUMN_ALIASES: dict[str, str] = {
    **{k: k for k in (*REQUIRED, *OPTIONAL)},
    "code": "soate",
    "soate code": "soate",
    "код": "soate",
    "код соате": "soate",
    "соате": "soate",
    "соате коду": "soate",
    "уровень": "level",
    "деңгээл": "level",
    "parent": "parent_soate",
    "parent code": "parent_soate",
    "код вышестоящей единицы": "parent_soate",
    "вышестоящая единица": "parent_soate",
    "наименование": "name_ru",
    "наименование на официальном языке": "name_ru",
    "наименование на русском языке": "name_ru",
    "name ru": "name_ru",
    "наименование на государственном языке": "name_ky",
    "наименование на кыргызском языке": "name_ky",
    "аталышы": "name_ky",
    "name ky": "name_ky",
    "наименование на английском языке": "name_en",
    "name": "name_en",
    "name en": "name_en",
    "вид": "kind_ru",
    "тип": "kind_ru",
    "kind": "kind_ru",
}


def header_key(text: Any) -> str:
    text = str(text or "").strip().lower().replace("ё", "е")
    return " ".join(re.sub(r"[\s_\-.,:;()/]+", " ", text).split())


_ALIASES = {header_key(k): v for k, v in COLUMN_ALIASES.items()}


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str
    sheet: str = ""

    def __str__(self) -> str:
        where = _("row %(row)s, column %(column)s") % {"row": self.row, "column": self.column}
        if self.sheet:
            where = _("sheet %(sheet)s, ") % {"sheet": self.sheet} + where
        return f"{where}: {self.message}"


@dataclass
class ParsedFile:
    rows: list[dict[str, Any]] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    sheet: str = ""
    errors: list[RowError] = field(default_factory=list)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # Excel keeps codes as numbers: 41702000000000.0
    return str(value).strip()


def _table_csv(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1251")  # Excel's "CSV" on a Russian Windows
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    return [list(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _table_xlsx(data: bytes) -> tuple[str, list[list[str]]]:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        ws = wb.worksheets[0]
        return ws.title, [[_cell(v) for v in row] for row in ws.iter_rows(values_only=True)]
    finally:
        wb.close()


def read_table(file: IO[bytes], file_name: str) -> tuple[str, list[list[str]]]:
    """(sheet name, rows of cells) from a .csv or .xlsx upload; ValueError on anything else."""
    data = file.read()
    name = file_name.lower()
    if name.endswith(".xlsx"):
        try:
            return _table_xlsx(data)
        except Exception as exc:  # noqa: BLE001 — any unreadable workbook is one message to the user
            raise ValueError(_("The file is not a readable Excel workbook (.xlsx).")) from exc
    if name.endswith(".csv"):
        return "", _table_csv(data)
    raise ValueError(_("Upload a .csv or .xlsx file."))


def parse(table: list[list[str]], sheet: str = "") -> ParsedFile:
    """Recognise the columns and check each row on its own (codes, levels, lengths, duplicates)."""
    result = ParsedFile(sheet=sheet)

    def error(row: int, column: str, message: str) -> None:
        result.errors.append(RowError(row=row, column=column, message=message, sheet=sheet))

    header_at = next((i for i, r in enumerate(table) if any(_cell(c) for c in r)), None)
    if header_at is None:
        error(1, "soate", _("the file is empty"))
        return result
    columns: dict[int, str] = {}
    for i, cell in enumerate(table[header_at]):
        key = _ALIASES.get(header_key(cell))
        if key and key not in columns.values():
            columns[i] = key
    result.columns = list(columns.values())
    for needed in REQUIRED:
        if needed not in result.columns:
            error(header_at + 1, needed, _("this column is missing (the first row must name the columns)"))
    if result.errors:
        return result
    if len(table) - header_at - 1 > MAX_ROWS:
        error(header_at + 2, "soate", _("the file has more than %(n)s rows") % {"n": MAX_ROWS})
        return result

    seen: dict[str, int] = {}
    for offset, raw in enumerate(table[header_at + 1 :], start=header_at + 2):
        values = {key: _cell(raw[i]) if i < len(raw) else "" for i, key in columns.items()}
        if not any(values.values()):
            continue
        row: dict[str, Any] = {"row": offset}
        code = re.sub(r"\s", "", values["soate"])
        if not is_soate(code):
            error(offset, "soate", _("«%(value)s» is not a 14-digit СОАТЕ code starting with 417") % {"value": code})
            continue
        if code in seen:
            error(offset, "soate", _("code %(code)s is already on row %(row)s") % {"code": code, "row": seen[code]})
            continue
        seen[code] = offset
        row["soate"] = code
        if "level" in values:
            level = LEVEL_ALIASES.get(header_key(values["level"]))
            if level is None:
                error(
                    offset,
                    "level",
                    _("«%(value)s» is not a level; use one of: %(levels)s")
                    % {"value": values["level"], "levels": ", ".join(sorted(set(LEVEL_ALIASES.values())))},
                )
                continue
        else:
            level = infer_level(code)
            if level is None:
                error(
                    offset,
                    "soate",
                    _("the level of code %(code)s cannot be told from the code; add a level column") % {"code": code},
                )
                continue
        row["level"] = level
        if "parent_soate" in values:
            parent = re.sub(r"\s", "", values["parent_soate"])
            if parent and not is_soate(parent):
                error(offset, "parent_soate", _("«%(value)s» is not a 14-digit СОАТЕ code") % {"value": parent})
                continue
            if parent == code:
                error(offset, "parent_soate", _("a unit cannot be its own parent"))
                continue
            row["parent_soate"] = parent
        for key in ("name_ru", "name_ky", "name_en", "kind_ru"):
            if key in values:
                text = {"name_ky": name_ky_clean, "name_en": name_en_clean}.get(key, clean_name)(values[key])
                if len(text) > MAX_LENGTH[key]:
                    error(offset, key, _("longer than %(n)s characters") % {"n": MAX_LENGTH[key]})
                row[key] = text
        if not row["name_ru"]:
            error(offset, "name_ru", _("the Russian name is empty"))
        result.rows.append(row)
    if not result.rows and not result.errors:
        error(header_at + 2, "soate", _("the file has no rows under the header"))
    return result
