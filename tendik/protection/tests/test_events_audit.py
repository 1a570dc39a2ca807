"""Attendance rows are written in bulk, each with its audit entry (issue 11: bulk_create wrote none)."""

from __future__ import annotations

import datetime as dt

from tendik.audit.models import AuditAction, AuditEntry
from tendik.protection.models import EventAttendance
from tendik.protection.services import events as event_services


def test_attendance_rows_each_get_an_audit_entry(world):
    event = event_services.event_record(
        actor=None,
        unit=world.territory["halmion"],
        kind="parents_meeting",
        held_on=dt.date(2025, 4, 4),
        title="Родительское собрание",
        attendance=[{"sex": "female", "count": 30}, {"sex": "male", "count": 12}],
    )
    rows = list(EventAttendance.objects.filter(event=event))
    assert len(rows) == 2
    created = AuditEntry.objects.filter(
        action=AuditAction.CREATE, content_type__model="eventattendance", object_id__in=[str(r.pk) for r in rows]
    )
    assert created.count() == 2
    assert {e.changes["count"][1] for e in created} == {30, 12}
