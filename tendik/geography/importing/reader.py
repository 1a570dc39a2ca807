"""Reading an uploaded SOATE list (CSV or Excel) into checked rows. No database access here.

Columns are recognised by name, case-insensitively, in Tendik's form (soate, level, parent_soate, name_ru, name_ky,
name_en, kind_ru) or in the Russian and Kyrgyz forms of the official classifier (COLUMN_ALIASES). Without a level
or parent column, both are derived from the structure of the code (soate.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import IO, Any

from django.utils.translation import gettext as _

from tendik.core import tabular
from tendik.core.tabular import CellError, Column, Importer, Row, SheetSpec, header_key
from tendik.geography.importing.soate import LEVEL_ALIASES, infer_level, is_soate
from tendik.geography.models import clean_name, name_en_clean, name_ky_clean, oblast_names

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


class _SoateImport(Importer[dict[str, Any]]):
    """The reading half of the SOATE import; the service stores the checked rows and applies them later."""

    max_rows = MAX_ROWS
    sheets = [
        SheetSpec(
            columns=[
                Column(
                    key,
                    key,
                    aliases=tuple(a for a, k in COLUMN_ALIASES.items() if k == key),
                    required=key in REQUIRED,
                    parse=tabular.text(),
                    default="",
                )
                for key in (*REQUIRED, *OPTIONAL)
            ]
        )
    ]

    def prefetch(self, rows: list[Row]) -> None:
        self.seen: dict[str, int] = {}

    def check_row(self, row: Row) -> dict[str, Any] | None:
        out: dict[str, Any] = {"row": row.number}
        code = re.sub(r"\s", "", row.get("soate", ""))
        if not is_soate(code):
            row.error("soate", _("«%(value)s» is not a 14-digit SOATE code starting with 417") % {"value": code})
            return None
        if code in self.seen:
            row.error("soate", _("code %(code)s is already on row %(row)s") % {"code": code, "row": self.seen[code]})
            return None
        self.seen[code] = row.number
        out["soate"] = code
        if row.has("level"):
            level = LEVEL_ALIASES.get(header_key(row.get("level", "")))
            if level is None:
                row.error(
                    "level",
                    _("«%(value)s» is not a level; use one of: %(levels)s")
                    % {"value": row.get("level", ""), "levels": ", ".join(sorted(set(LEVEL_ALIASES.values())))},
                )
                return None
        else:
            level = infer_level(code)
            if level is None:
                row.error(
                    "soate",
                    _("the level of code %(code)s cannot be told from the code; add a level column") % {"code": code},
                )
                return None
        out["level"] = level
        if row.has("parent_soate"):
            parent = re.sub(r"\s", "", row.get("parent_soate", ""))
            if parent and not is_soate(parent):
                row.error("parent_soate", _("«%(value)s» is not a 14-digit SOATE code") % {"value": parent})
                return None
            if parent == code:
                row.error("parent_soate", _("a unit cannot be its own parent"))
                return None
            out["parent_soate"] = parent
        for key in ("name_ru", "name_ky", "name_en", "kind_ru"):
            if row.has(key):
                text = {"name_ky": name_ky_clean, "name_en": name_en_clean}.get(key, clean_name)(row.get(key, ""))
                if len(text) > MAX_LENGTH[key]:
                    row.error(key, _("longer than %(n)s characters") % {"n": MAX_LENGTH[key]})
                out[key] = text
        if level == "oblast":  # «Ысык-Көл» → «Ысык-Көл облусу», as the reference load writes it
            name_ky, name_en = oblast_names(out.get("name_ky", ""), out.get("name_en", ""))
            out.update({k: v for k, v in (("name_ky", name_ky), ("name_en", name_en)) if row.has(k)})
        if not out["name_ru"]:
            row.error("name_ru", _("the Russian name is empty"))
        return out


@dataclass
class ParsedFile:
    rows: list[dict[str, Any]] = field(default_factory=list)
    sheet: str = ""
    errors: list[CellError] = field(default_factory=list)
    # column key → (letter, header as written), so that later checks (the planner) name the cell too
    places: dict[str, tuple[str, str]] = field(default_factory=dict)


def read_file(file: IO[bytes], file_name: str) -> ParsedFile:
    """Read an uploaded .csv or .xlsx and check each row on its own (codes, levels, lengths, duplicates)."""
    checked = tabular.check(_SoateImport(), data=file.read(), filename=file_name)
    return ParsedFile(
        rows=checked.items,
        sheet=checked.sheet_titles.get("main", ""),
        errors=checked.errors,
        places=checked.places.get("main", {}),
    )
