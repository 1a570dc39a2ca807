"""`tendik backup` / `tendik restore`: a backup restores into an empty database with every table equal, row by row;
identities stay encrypted in it; the keys are never in it; an altered backup is refused."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from tendik.core import backup as b
from tendik.protection.tests.conftest import SURVIVOR, make_case, make_committee

pytestmark = pytest.mark.django_db


def _snapshot() -> dict[str, list[tuple]]:
    return {m._meta.db_table: list(b.table_rows(m)) for m in b._models()}


def test_backup_restores_into_an_empty_database_row_by_row(territory, make_user, tmp_path):
    committee = make_committee(territory["halmion"], "МК Халмион")
    owner = make_user("case_worker", committee=committee, username="owner")
    make_case(committee, owner=owner)
    evidence = Path(settings.MEDIA_ROOT) / "plans" / "evidence" / "7" / "act.pdf"
    evidence.parent.mkdir(parents=True)
    evidence.write_bytes(b"%PDF-1.4 act of the visit")
    before = _snapshot()
    assert before["protection_case"] and before["audit_auditentry"] and before["accounts_user"]

    call_command("backup", str(tmp_path / "b"))
    manifest = b.verify(tmp_path / "b")
    assert manifest["keys_included"] is False and "media/plans/evidence/7/act.pdf" in manifest["files"]
    dump = gzip.open(tmp_path / "b" / b.DATABASE_FILE, "rt", encoding="utf-8").read()
    assert SURVIVOR not in dump  # identities stay encrypted
    everything = dump + (tmp_path / "b" / b.MANIFEST_FILE).read_text(encoding="utf-8")
    for secret in (*settings.TENDIK_FIELD_KEYS, settings.TENDIK_HASH_KEY, settings.SECRET_KEY):
        assert secret not in everything

    b._empty(sorted(before))  # an empty database ...
    evidence.unlink()
    assert all(not rows for rows in _snapshot().values())
    call_command("restore", str(tmp_path / "b"), "--yes")  # ... gets everything back
    after = _snapshot()
    for table, rows in before.items():
        assert after[table] == rows, table
    assert evidence.read_bytes() == b"%PDF-1.4 act of the visit"


def test_an_altered_or_incomplete_backup_is_refused(territory, tmp_path):
    b.backup(tmp_path / "b")
    call_command("restore", str(tmp_path / "b"), "--check")
    dump = tmp_path / "b" / b.DATABASE_FILE
    dump.write_bytes(dump.read_bytes()[:-5] + b"xxxxx")
    with pytest.raises(CommandError, match="altered"):
        call_command("restore", str(tmp_path / "b"), "--yes")
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", str(tmp_path / "b"))
