import datetime as dt

import pytest
from cryptography.fernet import Fernet

from tendik.core import crypto


def test_encrypt_round_trip_and_tokens_differ(settings):
    settings.TENDIK_FIELD_KEYS = [Fernet.generate_key().decode()]
    one, two = crypto.encrypt("Айгүл"), crypto.encrypt("Айгүл")
    assert one != two and "Айгүл" not in one
    assert crypto.decrypt(one) == "Айгүл"


def test_old_key_still_decrypts_and_rotation_moves_to_the_newest(settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.TENDIK_FIELD_KEYS = [old]
    token = crypto.encrypt("secret")
    settings.TENDIK_FIELD_KEYS = [new, old]
    rotated = crypto.rotate_token(token)
    settings.TENDIK_FIELD_KEYS = [new]
    assert crypto.decrypt(rotated) == "secret"
    with pytest.raises(Exception, match="cannot be decrypted"):
        crypto.decrypt(token)


def test_keyed_hash_normalises_and_depends_on_the_key(settings):
    assert crypto.keyed_hash("  Ёлка  ", None) == crypto.keyed_hash("елка", "")
    assert crypto.keyed_hash("", None) == "" and crypto.identity_hash("", dt.date(2000, 1, 1)) == ""
    digest = crypto.keyed_hash("+996 700 000 000")
    settings.TENDIK_HASH_KEY = "other"
    assert crypto.keyed_hash("+996 700 000 000") != digest


def test_every_model_with_encrypted_fields_is_found_for_rotation():
    labels = {m._meta.label for m, _ in crypto.models_with_encrypted_fields()}
    assert "protection.Case" in labels


def test_keyed_hashes_are_registered_once():
    specs = [(s.model._meta.label, s.hash_field) for s in crypto.keyed_hashes()]
    assert ("protection.Case", "survivor_hash") in specs
    assert len(specs) == len(set(specs))
