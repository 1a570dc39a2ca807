"""Prevention and training events with disaggregated attendance."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tendik.audit.services import audited_bulk_create
from tendik.geography.models import AdministrativeUnit, UnitLevel
from tendik.protection import permissions as p
from tendik.protection.models import Committee, EventAttendance, EventKind, PreventionEvent


def _may_record(actor: Any, committee: Committee | None, unit: AdministrativeUnit) -> bool:
    if actor is None:
        return True
    if committee is not None:
        return p.can_edit(actor, committee)
    return p.can_manage(actor, unit=unit)


@transaction.atomic
def event_record(
    *,
    actor: Any,
    unit: AdministrativeUnit,
    kind: str,
    held_on: dt.date,
    title: str,
    committee: Committee | None = None,
    training_days: int | None = None,
    organiser: str = "",
    attendance: list[dict[str, Any]] | None = None,
) -> PreventionEvent:
    """Record an event. attendance: [{"sex", "age_group", "category", "oblast" (unit or None), "count"}, …]."""
    if not _may_record(actor, committee, unit):
        raise PermissionDenied
    if kind == EventKind.TRAINING and training_days not in (1, 2):
        raise ValidationError({"training_days": _("Say whether the training lasted one or two days.")})
    if kind != EventKind.TRAINING:
        training_days = None
    event = PreventionEvent(
        committee=committee,
        unit=unit,
        kind=kind,
        held_on=held_on,
        title=title,
        training_days=training_days,
        organiser=organiser,
    )
    event.full_clean(exclude=["committee", "unit"])
    event.save()
    attendance_set(event=event, actor=None, rows=attendance or [])
    return event


@transaction.atomic
def attendance_set(*, event: PreventionEvent, actor: Any, rows: list[dict[str, Any]]) -> list[EventAttendance]:
    """Replace the event's attendance table."""
    if actor is not None and not _may_record(actor, event.committee, event.unit):
        raise PermissionDenied
    cells = []
    for i, row in enumerate(rows, start=1):
        oblast = row.get("oblast")
        if oblast is not None and not (oblast.level == UnitLevel.OBLAST or oblast.parent_id is None):
            raise ValidationError(
                {"attendance": _("Row %(n)s: the participants' oblast must be an oblast.") % {"n": i}}
            )
        cell = EventAttendance(
            event=event,
            sex=row["sex"],
            age_group=row.get("age_group", ""),
            category=row.get("category", ""),
            oblast=oblast,
            count=int(row["count"]),
        )
        try:
            cell.full_clean(exclude=["event", "oblast"])
        except ValidationError as exc:
            raise ValidationError(
                {"attendance": _("Row %(n)s: %(e)s") % {"n": i, "e": "; ".join(exc.messages)}}
            ) from exc
        cells.append(cell)
    EventAttendance.objects.filter(event=event).delete()
    # One audit entry per attendance row, written in bulk in this transaction (bulk_create alone writes none).
    return audited_bulk_create(EventAttendance, cells)
