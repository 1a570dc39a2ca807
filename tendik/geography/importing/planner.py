"""What an uploaded SOATE list would change: checked against the stored units, nothing written.

A plan is plain JSON, stored with the import and shown as the preview:
    add     units whose code is new
    rename  units whose name in some language differs (an empty cell never erases a name)
    move    units under another parent
    change  units whose level or kind differs
    reopen  closed units that are in the list again
    close   current units absent from the list (only when the import closes absent units)
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from tendik.core.tabular import CellError, ImportInvalid
from tendik.geography.importing.soate import ALLOWED_PARENTS, parent_candidates
from tendik.geography.models import AdministrativeUnit, UnitLevel

KINDS = ("add", "rename", "move", "change", "reopen", "close")


__all__ = ["ImportInvalid"]  # the shared one: errors name the sheet, row and column of each problem


def _level_label(level: str | None) -> str:
    return str(UnitLevel(level).label) if level else _("top level")


def _resolve_parents(rows: list[dict[str, Any]], stored: dict[str, AdministrativeUnit], close_absent: bool) -> None:
    """Rows without a parent column get the parent their code implies (the nearest code in the file or stored)."""
    in_file = {r["soate"] for r in rows}
    available = in_file if close_absent else in_file | {c for c, u in stored.items() if u.valid_to is None}
    for row in rows:
        if "parent_soate" in row:
            continue
        if row["level"] == UnitLevel.OBLAST or (row["level"] == UnitLevel.CITY and row["soate"][5:] == "0" * 9):
            row["parent_soate"] = ""
        else:
            row["parent_soate"] = next((c for c in parent_candidates(row["soate"]) if c in available), "")


def plan_import(
    rows: list[dict[str, Any]],
    *,
    close_absent: bool,
    effective_on: dt.date,
    sheet: str = "",
    places: dict[str, tuple[str, str]] | None = None,
) -> dict[str, list[dict[str, Any]]]:
    """The changes `rows` would make to the stored territory, or ImportInvalid naming every bad row."""
    stored = {u.code: u for u in AdministrativeUnit.objects.select_related("parent")}
    rows = [dict(r) for r in rows]
    _resolve_parents(rows, stored, close_absent)
    by_code = {r["soate"]: r for r in rows}
    errors: list[CellError] = []
    places = places or {}

    def error(row: dict[str, Any], column: str, message: str) -> None:
        letter, header = places.get(column, ("", column))
        errors.append(CellError(sheet, row["row"], letter, header, message))

    def level_of(code: str) -> str | None:
        if code in by_code:
            return by_code[code]["level"]
        return stored[code].level if code in stored else None

    for row in rows:
        parent = row["parent_soate"]
        if parent and parent not in by_code:
            unit = stored.get(parent)
            if unit is None:
                error(row, "parent_soate", _("code %(code)s does not exist") % {"code": parent})
                continue
            if close_absent:
                error(
                    row, "parent_soate", _("code %(code)s is not in the file, so it would be closed") % {"code": parent}
                )
                continue
            if unit.valid_to is not None and unit.valid_to <= effective_on:
                error(row, "parent_soate", _("code %(code)s is closed") % {"code": parent})
                continue
        parent_level = level_of(parent) if parent else None
        if parent_level not in ALLOWED_PARENTS[row["level"]]:
            column = "parent_soate" if "parent_soate" in row else "level"
            error(
                row,
                column,
                _("a unit of level «%(level)s» cannot be under «%(parent)s»")
                % {"level": _level_label(row["level"]), "parent": _level_label(parent_level)},
            )
    for row in rows:  # a loop of parents would never reach the top
        seen, code = set(), row["soate"]
        while code and code in by_code and code not in seen:
            seen.add(code)
            code = by_code[code]["parent_soate"]
        if code in seen:
            error(row, "parent_soate", _("the parents of this row lead back to it"))
    if errors:
        raise ImportInvalid(sorted(set(errors), key=lambda e: (e.row, e.column, e.message)))

    plan: dict[str, list[dict[str, Any]]] = {k: [] for k in KINDS}
    for row in rows:
        code = row["soate"]
        unit = stored.get(code)
        names = {lang: row.get(f"name_{lang}", "") for lang in ("ru", "ky", "en")}
        if unit is None:
            plan["add"].append(
                {
                    "row": row["row"],
                    "code": code,
                    "level": row["level"],
                    "parent": row["parent_soate"],
                    "kind_ru": row.get("kind_ru", ""),
                    **{f"name_{k}": v for k, v in names.items()},
                }
            )
            continue
        if unit.valid_to is not None:
            plan["reopen"].append({"row": row["row"], "code": code, "name_ru": unit.name_ru})
        before = {lang: getattr(unit, f"name_{lang}") for lang in names}
        after = {lang: names[lang] or before[lang] for lang in names}
        if after != before:
            plan["rename"].append({"row": row["row"], "code": code, "from": before, "to": after})
        old_parent = unit.parent.code if unit.parent is not None else ""
        if row["parent_soate"] != old_parent:
            plan["move"].append(
                {"row": row["row"], "code": code, "name_ru": after["ru"], "from": old_parent, "to": row["parent_soate"]}
            )
        kind = row.get("kind_ru") or unit.kind_ru
        if row["level"] != unit.level or kind != unit.kind_ru:
            plan["change"].append(
                {
                    "row": row["row"],
                    "code": code,
                    "name_ru": after["ru"],
                    "from": {"level": unit.level, "kind_ru": unit.kind_ru},
                    "to": {"level": row["level"], "kind_ru": kind},
                }
            )
    if close_absent:
        for code, unit in sorted(stored.items(), key=lambda item: item[1].path):
            if code not in by_code and unit.valid_to is None:
                plan["close"].append({"code": code, "name_ru": unit.name_ru, "level": unit.level})
    return plan


def plan_summary(plan: dict[str, list[Any]]) -> dict[str, int]:
    return {kind: len(plan.get(kind, [])) for kind in KINDS}
