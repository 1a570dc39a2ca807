"""An administrator's SOATE import: upload → preview (stored) → apply all-or-nothing, or cancel."""

from __future__ import annotations

import datetime as dt
from typing import IO, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tendik.audit.context import acting_as, current
from tendik.geography.importing.planner import ImportInvalid, plan_import, plan_summary
from tendik.geography.importing.reader import read_file
from tendik.geography.models import IMPORT_TRANSITIONS, AdministrativeUnit, ImportStatus, TerritoryImport
from tendik.geography.services.units import (
    unit_close,
    unit_create,
    unit_move,
    unit_rename,
    unit_reopen,
    unit_update_fields,
)


class InvalidTransition(Exception):  # noqa: N818
    pass


class ImportStale(Exception):  # noqa: N818
    """The stored territory changed after the preview was made: the preview no longer says what would happen."""


def territory_import_transition(*, territory_import: TerritoryImport, to: str, actor: Any) -> None:
    if to not in IMPORT_TRANSITIONS[territory_import.status]:
        raise InvalidTransition(f"territory import {territory_import.pk}: {territory_import.status} → {to}")
    territory_import.status = to
    territory_import.decided_at = timezone.now()
    territory_import.decided_by = actor
    territory_import.save(update_fields=["status", "decided_at", "decided_by"])


@transaction.atomic
def territory_import_preview(
    *, actor: Any, file: IO[bytes], file_name: str, effective_on: dt.date, close_absent: bool = True
) -> TerritoryImport:
    """Read and check the file and store what it would change; ImportInvalid (nothing stored) if any row is bad."""
    parsed = read_file(file, file_name)
    if parsed.errors:
        raise ImportInvalid(parsed.errors)
    sheet = parsed.sheet
    plan = plan_import(
        parsed.rows, close_absent=close_absent, effective_on=effective_on, sheet=sheet, places=parsed.places
    )
    return TerritoryImport.objects.create(
        created_by=actor,
        file_name=file_name[:255],
        sheet=sheet[:100],
        effective_on=effective_on,
        close_absent=close_absent,
        rows=parsed.rows,
        plan=plan,
        summary=plan_summary(plan),
    )


def _depth_in_plan(code: str, parents: dict[str, str]) -> int:
    depth = 0
    while code in parents and parents[code]:
        code = parents[code]
        depth += 1
    return depth


def territory_import_apply(*, territory_import: TerritoryImport, actor: Any) -> TerritoryImport:
    """Make every change of the preview, in one transaction, or none (ImportStale if the territory has changed).

    The changes are audited as the actor's, also when no request set the audit context (a shell, a task).
    """
    ctx = current()
    with acting_as(ctx.actor or actor, ip=ctx.ip, user_agent=ctx.user_agent, source=ctx.source):
        return _apply(territory_import=territory_import, actor=actor)


@transaction.atomic
def _apply(*, territory_import: TerritoryImport, actor: Any) -> TerritoryImport:
    territory_import = TerritoryImport.objects.select_for_update().get(pk=territory_import.pk)
    if territory_import.status != ImportStatus.PREVIEW:
        raise InvalidTransition(f"territory import {territory_import.pk} is {territory_import.status}")
    plan = plan_import(
        territory_import.rows,
        close_absent=territory_import.close_absent,
        effective_on=territory_import.effective_on,
        sheet=territory_import.sheet,
    )
    if plan != territory_import.plan:
        raise ImportStale(_("The territory list changed after this preview was made. Upload the file again."))

    on = territory_import.effective_on
    source = f"СОАТЕ import {territory_import.pk} ({territory_import.file_name})"[:100]
    units = {u.code: u for u in AdministrativeUnit.objects.all()}
    parents = {a["code"]: a["parent"] for a in plan["add"]}
    for add in sorted(plan["add"], key=lambda a: _depth_in_plan(a["code"], parents)):
        units[add["code"]] = unit_create(
            code=add["code"],
            level=add["level"],
            parent=units[add["parent"]] if add["parent"] else None,
            name_ru=add["name_ru"],
            name_ky=add["name_ky"],
            name_en=add["name_en"],
            kind_ru=add["kind_ru"],
            valid_from=on,
            source=source,
        )
    for item in plan["reopen"]:
        unit_reopen(unit=units[item["code"]])
    for item in plan["move"]:
        unit = AdministrativeUnit.objects.get(code=item["code"])  # fresh: an earlier move may have changed its path
        unit_move(unit=unit, parent=AdministrativeUnit.objects.get(code=item["to"]) if item["to"] else None)
    for item in plan["rename"]:
        unit = AdministrativeUnit.objects.get(code=item["code"])
        unit_rename(unit=unit, on=on, name_ru=item["to"]["ru"], name_ky=item["to"]["ky"], name_en=item["to"]["en"])
    for item in plan["change"]:
        unit = AdministrativeUnit.objects.get(code=item["code"])
        unit_update_fields(unit=unit, level=item["to"]["level"], kind_ru=item["to"]["kind_ru"])
    for item in plan["close"]:
        unit_close(unit=units[item["code"]], on=on)
    territory_import_transition(territory_import=territory_import, to=ImportStatus.APPLIED, actor=actor)
    return territory_import


@transaction.atomic
def territory_import_cancel(*, territory_import: TerritoryImport, actor: Any) -> TerritoryImport:
    territory_import = TerritoryImport.objects.select_for_update().get(pk=territory_import.pk)
    territory_import_transition(territory_import=territory_import, to=ImportStatus.CANCELLED, actor=actor)
    return territory_import
