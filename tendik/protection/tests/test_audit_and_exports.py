"""Attendance rows are written in bulk, each with its audit entry; exports write typed text as text (issues 11, 12)."""

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


def test_text_typed_as_a_formula_is_text_in_the_identifiable_export(world):
    """Exports go through the one safe writer: an address typed as a formula comes out as text."""
    import io

    import msoffcrypto
    from openpyxl import load_workbook

    from tendik.protection import exports

    hostile = '=HYPERLINK("http://evil.example/","click")'
    world.case.survivor_address = hostile  # not saved: only the export is under test
    content = exports.identifiable_xlsx(cases=[world.case], password="Very-secret-42", actor=world.chair)
    office = msoffcrypto.OfficeFile(io.BytesIO(content))
    office.load_key(password="Very-secret-42")
    plain = io.BytesIO()
    office.decrypt(plain)
    cells = [c for row in load_workbook(plain).active.iter_rows() for c in row if c.value == hostile]
    assert cells and all(c.data_type == "s" for c in cells)
