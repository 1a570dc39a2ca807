"""Issue 12 item 5: free text beside encrypted fields (order notes, police unit, agendas, appeal subjects ...) is
encrypted like identities, redacted in the audit trail, and the migration encrypts rows written before."""

from __future__ import annotations

import datetime as dt
import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection

from tendik.audit.models import AuditEntry
from tendik.protection.models import Appeal, CommitteeMeeting, ProtectionOrder
from tendik.protection.services.appeals import appeal_register
from tendik.protection.services.meetings import meeting_record
from tendik.protection.services.orders import order_issue

pytestmark = pytest.mark.django_db
NAME = "Асанова Бермет"


def _raw(model, pk, column):  # type: ignore[no-untyped-def]
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {connection.ops.quote_name(column)} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def test_free_text_is_encrypted_at_rest_and_redacted_in_the_audit_trail(world):
    order = order_issue(
        case=world.case,
        actor=world.owner,
        police_unit=f"ОВД Кадамжая, участковый {NAME}",
        number="17",
        issued_on=dt.date(2025, 3, 1),
        valid_from=dt.date(2025, 3, 1),
        valid_until=dt.date(2025, 3, 10),
        restrictions_note=f"не приближаться к {NAME}",
    )
    meeting = meeting_record(committee=world.a, actor=world.chair, held_on=dt.date(2025, 3, 5), agenda=f"Случай {NAME}")
    appeal = appeal_register(committee=world.a, actor=world.chair, channel="walk_in", subject=f"Жалоба {NAME}")
    for model, pk, column in (
        (ProtectionOrder, order.pk, "police_unit"),
        (ProtectionOrder, order.pk, "restrictions_note"),
        (CommitteeMeeting, meeting.pk, "agenda"),
        (Appeal, appeal.pk, "subject"),
    ):
        raw = _raw(model, pk, column)
        assert NAME not in raw and raw.startswith("gAAAAA"), (model, column)
        assert NAME in getattr(model.objects.get(pk=pk), column)
    trail = " ".join(str(e.changes) for e in AuditEntry.objects.all())
    assert NAME not in trail and "<redacted>" in trail


def test_the_migration_encrypts_rows_written_in_plain_text(world):
    appeal = appeal_register(committee=world.a, actor=world.chair, channel="walk_in", subject="временно")
    table = connection.ops.quote_name(Appeal._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET subject = %s WHERE id = %s", [f"Жалоба {NAME}", appeal.pk])  # noqa: S608
    migration = importlib.import_module("tendik.protection.migrations.0005_encrypt_free_text")
    editor = SimpleNamespace(connection=connection)  # the function only reads the connection from it
    migration.encrypt_existing(apps, editor)
    migration.encrypt_existing(apps, editor)  # a second run leaves tokens alone
    raw = _raw(Appeal, appeal.pk, "subject")
    assert raw.startswith("gAAAAA") and NAME not in raw
    assert Appeal.objects.get(pk=appeal.pk).subject == f"Жалоба {NAME}"
