"""VAWP services: encryption at rest, anonymity, the follow-up transition table, receipts and withdrawal."""

from __future__ import annotations

import io

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from PIL import Image

from tendik.audit.models import AuditEntry
from tendik.core.uploads import private_root
from tendik.participation.models import VawpEvidence, VawpReport, VawpReportEvent
from tendik.participation.selectors.vawp import reports_to_follow_up
from tendik.participation.services import vawp as services
from tendik.participation.tests.vawp_fixtures import EMAIL, NAME, PHONE, STORY, _fresh_rate_limits, submit, vawp

__all__ = ["_fresh_rate_limits", "vawp"]

pytestmark = pytest.mark.django_db


def _raw(table: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 — a fixed table name
        return repr(cursor.fetchall())


def test_identity_and_story_cannot_be_read_from_raw_rows(vawp):
    services.report_note_add(report=vawp.report, actor=vawp.support, note="Позвонила, договорились о встрече")
    rows = _raw("participation_vawpreport") + _raw("participation_vawpreportevent")
    for secret in (NAME, "Айгүл", PHONE, "555 010", EMAIL, STORY[:20], "после 18:00", "договорились", vawp.secret):
        assert secret not in rows
    trail = repr(list(AuditEntry.objects.values_list("changes", flat=True)))
    for secret in (NAME, PHONE, EMAIL, STORY[:20], "договорились", vawp.secret):
        assert secret not in trail
    assert "<redacted>" in trail
    # …and the application reads them back.
    report = VawpReport.objects.get(pk=vawp.report.pk)
    assert (report.reporter_name, report.reporter_phone, report.description) == (NAME, PHONE, STORY)


def test_evidence_is_stripped_of_gps_and_encrypted_on_disk(vawp):
    item = VawpEvidence.objects.get(report=vawp.report)
    on_disk = (private_root() / item.file.name).read_bytes()
    assert not on_disk.startswith(b"\xff\xd8") and b"CameraMaker" not in on_disk
    with Image.open(io.BytesIO(item.read_bytes())) as image:
        assert not image.getexif() and not image.getexif().get_ifd(0x8825)
    assert item.file.name.startswith("participation/vawp/") and "kadamjay" not in item.file.name


def test_anonymous_report_keeps_no_identity_and_no_account_even_when_signed_in(vawp):
    report, _secret = submit(vawp.batken, anonymous=True, actor=vawp.viewer)
    report.refresh_from_db()
    assert report.anonymous and report.submitted_by is None
    assert (report.reporter_name, report.reporter_phone, report.reporter_email) == ("", "", "")
    named, _secret = submit(vawp.batken, actor=vawp.viewer)
    assert named.submitted_by == vawp.viewer


def test_a_named_report_needs_a_way_to_reach_her_and_at_least_one_kind(vawp):
    before = VawpReport.objects.count()
    with pytest.raises(ValidationError) as err:
        submit(vawp.batken, phone="", email="", kinds=[])
    assert {"phone", "kinds"} <= set(err.value.message_dict)
    with pytest.raises(ValidationError):
        submit(vawp.batken, kinds=["not-a-kind"])
    assert VawpReport.objects.count() == before


def test_oblast_is_derived_from_the_territory(vawp):
    assert vawp.report.oblast == vawp.batken
    report, _ = submit(vawp.naryn)
    assert report.oblast == vawp.naryn


def test_follow_up_moves_follow_the_table_and_keep_history(vawp):
    report = services.report_move(report=vawp.report, actor=vawp.support, to_state="in_contact", note="Позвонила")
    assert report.state == "in_contact" and report.assigned_to == vawp.support
    report = services.report_move(report=report, actor=vawp.support, to_state="support_provided")
    report = services.report_move(report=report, actor=vawp.support, to_state="closed")
    report = services.report_move(report=report, actor=vawp.support, to_state="in_contact")  # reopened
    moves = list(VawpReportEvent.objects.filter(report=report).values_list("from_state", "to_state"))
    assert moves == [
        ("", "received"),
        ("received", "in_contact"),
        ("in_contact", "support_provided"),
        ("support_provided", "closed"),
        ("closed", "in_contact"),
    ]


@pytest.mark.parametrize(
    ("path", "target"),
    [([], "support_provided"), ([], "received"), (["in_contact"], "received"), ([], "withdrawn")],
)
def test_invalid_moves_raise_and_change_nothing(vawp, path, target):
    report = vawp.report
    for step in path:
        report = services.report_move(report=report, actor=vawp.support, to_state=step)
    events = VawpReportEvent.objects.count()
    with pytest.raises(services.InvalidTransition):
        services.report_move(report=report, actor=vawp.support, to_state=target)
    report.refresh_from_db()
    assert report.state == (path[-1] if path else "received") and VawpReportEvent.objects.count() == events


def test_every_state_has_a_row_in_the_table():
    from tendik.participation.models import ReportState

    assert set(services.TRANSITIONS) == set(ReportState.values)
    assert all(set(targets) <= set(ReportState.values) for targets in services.TRANSITIONS.values())


def test_an_anonymous_report_cannot_be_put_in_contact(vawp):
    report, _ = submit(vawp.batken, anonymous=True)
    assert services.allowed_moves(report) == ["closed"]
    with pytest.raises(services.InvalidTransition):
        services.report_move(report=report, actor=vawp.support, to_state="in_contact")


def test_support_out_of_scope_cannot_move_or_note(vawp):
    with pytest.raises(PermissionDenied):
        services.report_move(report=vawp.report, actor=vawp.support_naryn, to_state="in_contact")
    with pytest.raises(PermissionDenied):
        services.report_note_add(report=vawp.report, actor=vawp.focal, note="x")
    vawp.report.refresh_from_db()
    assert vawp.report.state == "received" and vawp.report.events.count() == 1


def test_receipt_needs_code_and_secret(vawp):
    assert services.report_by_receipt(code=vawp.report.code.lower(), secret=vawp.secret.lower()) == vawp.report
    assert services.report_by_receipt(code=vawp.report.code, secret="AAAA-BBBB-CCCC") is None
    assert services.report_by_receipt(code="V-XXXX-XXXX", secret=vawp.secret) is None
    assert vawp.secret not in vawp.report.secret_hash


def test_withdrawal_erases_identity_notes_and_pictures_but_the_report_still_counts(
    vawp, django_capture_on_commit_callbacks
):
    services.report_note_add(report=vawp.report, actor=vawp.support, note="Заметка")
    path = private_root() / VawpEvidence.objects.get().file.name
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_withdraw(code=vawp.report.code, secret=vawp.secret)
    assert report.state == "withdrawn" and report.anonymous
    report.refresh_from_db()
    assert (report.reporter_name, report.reporter_phone, report.description) == ("", "", "")
    assert not VawpEvidence.objects.exists() and not path.exists()
    assert not VawpReportEvent.objects.exclude(note="").exists()
    assert report.kinds  # anonymous counts remain
    with pytest.raises(services.InvalidTransition):
        services.report_move(report=report, actor=vawp.support, to_state="in_contact")
    with pytest.raises(ValidationError):
        services.report_withdraw(code=vawp.report.code, secret="WRONG")


def test_reports_to_follow_up_lists_open_reports_in_scope_oldest_first(vawp):
    later, _ = submit(vawp.halmion)
    closed, _ = submit(vawp.kulundu)
    services.report_move(report=closed, actor=vawp.support, to_state="closed")
    submit(vawp.naryn)
    assert list(reports_to_follow_up(user=vawp.support)) == [vawp.report, later]
    assert list(reports_to_follow_up(user=vawp.focal)) == []


def test_key_rotation_covers_vawp_fields_and_evidence_files(vawp, settings):
    old = settings.TENDIK_FIELD_KEYS[0]
    new = Fernet.generate_key().decode()
    settings.TENDIK_FIELD_KEYS = [new, old]
    call_command("rotate_field_keys", verbosity=0)
    settings.TENDIK_FIELD_KEYS = [new]
    report = VawpReport.objects.get(pk=vawp.report.pk)
    assert report.reporter_phone == PHONE
    with Image.open(io.BytesIO(VawpEvidence.objects.get().read_bytes())) as image:
        assert image.size == (32, 24)
