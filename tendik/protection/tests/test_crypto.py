import datetime as dt

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from tendik.core.crypto import identity_hash, normalise_identity
from tendik.protection.models import Case, Perpetrator
from tendik.protection.services.cases import perpetrator_add
from tendik.protection.tests.conftest import ADDRESS, DOCUMENT, PHONE, SURVIVOR

pytestmark = pytest.mark.django_db


def _raw(table: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")  # noqa: S608
        return repr(cursor.fetchall())


def test_raw_rows_hold_no_plaintext_identity(world):
    perpetrator_add(
        case=world.case,
        actor=None,
        name="Условный Нарушитель",
        phone="+996 700 000 001",
        document="AN7654321",
        address="ул. Примерная, 3",
    )
    case_rows = _raw("protection_case")
    for secret in (SURVIVOR, PHONE, ADDRESS, DOCUMENT, "1990-05-17", "Айгүл"):
        assert secret not in case_rows
    perp_rows = _raw("protection_perpetrator")
    for secret in ("Условный", "+996 700 000 001", "AN7654321", "Примерная"):
        assert secret not in perp_rows
    audit_rows = _raw("audit_auditentry")
    assert SURVIVOR not in audit_rows and PHONE not in audit_rows
    # …and the application still reads them back.
    case = Case.objects.get(pk=world.case.pk)
    assert case.survivor_name == SURVIVOR and case.survivor_birth_date == dt.date(1990, 5, 17)
    assert Perpetrator.objects.get().document == "AN7654321"


def test_keyed_hash_finds_a_returning_survivor_however_typed(world):
    assert normalise_identity("  ВЫМЫШЛЕННАЯ   Айгүл ") == "вымышленная айгүл"
    assert normalise_identity("Алёна") == normalise_identity("Алена")
    digest = identity_hash(" вымышленная  АЙГҮЛ", dt.date(1990, 5, 17))
    assert Case.objects.filter(survivor_hash=digest).get() == world.case
    assert identity_hash(SURVIVOR, dt.date(1990, 5, 18)) != digest


def test_hash_depends_on_the_secret_key(world, settings):
    digest = identity_hash(SURVIVOR, dt.date(1990, 5, 17))
    settings.TENDIK_HASH_KEY = "another-key"
    assert identity_hash(SURVIVOR, dt.date(1990, 5, 17)) != digest


def test_encrypted_fields_refuse_lookups_that_would_leak(world):
    with pytest.raises(TypeError):
        list(Case.objects.filter(survivor_name__icontains="айг"))


def test_rotate_field_keys_re_encrypts_with_the_newest_key(world, settings):
    old_key = settings.TENDIK_FIELD_KEYS[0]
    new_key = Fernet.generate_key().decode()
    before = _raw("protection_case")
    settings.TENDIK_FIELD_KEYS = [new_key, old_key]
    call_command("rotate_field_keys", verbosity=0)
    after = _raw("protection_case")
    assert before != after
    # Only the new key is needed now.
    settings.TENDIK_FIELD_KEYS = [new_key]
    assert Case.objects.get(pk=world.case.pk).survivor_phone == PHONE
    with connection.cursor() as cursor:
        cursor.execute("SELECT survivor_phone FROM protection_case WHERE id = %s", [world.case.pk])
        token = cursor.fetchone()[0]
    assert Fernet(new_key.encode()).decrypt(token.encode()).decode() == PHONE


def test_rehash_identities_after_a_hash_key_change_finds_survivors_again(world, settings):
    born = dt.date(1990, 5, 17)
    perpetrator_add(case=world.case, actor=None, name="Условный Нарушитель", birth_date=born)
    settings.TENDIK_HASH_KEY = "a-new-hash-key"
    new_digest = identity_hash(SURVIVOR, born)
    assert not Case.objects.filter(survivor_hash=new_digest).exists()  # stale until rehashed
    call_command("rehash_identities", verbosity=0)
    assert Case.objects.filter(survivor_hash=new_digest).get() == world.case
    assert Perpetrator.objects.get().identity_hash == identity_hash("Условный Нарушитель", born)
    # The audit trail records that the hash changed, never its value.
    assert "a-new-hash-key" not in _raw("audit_auditentry") and new_digest not in _raw("audit_auditentry")
