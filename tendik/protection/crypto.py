"""Moved to tendik.core.crypto (one mechanism for every app); kept so that old migrations still import."""

from tendik.core.crypto import (
    EncryptedDateField,
    EncryptedTextField,
    decrypt,
    encrypt,
    encrypted_fields,
    identity_hash,
    normalise_identity,
    rotate_token,
)

__all__ = [
    "EncryptedDateField",
    "EncryptedTextField",
    "decrypt",
    "encrypt",
    "encrypted_fields",
    "identity_hash",
    "normalise_identity",
    "rotate_token",
]
