"""Encryption at rest for survivors' and perpetrators' identities, and keyed hashes to find them again.

Values are Fernet tokens made with the newest key of settings.TENDIK_FIELD_KEYS; older keys still decrypt
(MultiFernet), and `manage.py rotate_field_keys` re-encrypts every stored token with the newest key.
A keyed HMAC-SHA256 (settings.TENDIK_HASH_KEY) of the normalised name and date of birth lets Tendik find a
returning survivor without decrypting any record.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import hmac
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


@functools.lru_cache(maxsize=4)
def _fernet_for(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("TENDIK_FIELD_KEYS is empty")
    return MultiFernet([_one_fernet(k) for k in keys])


def _one_fernet(key: str | bytes) -> Fernet:
    raw = key.encode() if isinstance(key, str) else key
    try:
        return Fernet(raw)
    except ValueError:
        # Outside production a passphrase is accepted and stretched to a Fernet key; production needs real keys
        # (generate with `python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"`).
        if getattr(settings, "PRODUCTION", False):
            raise ImproperlyConfigured("TENDIK_FIELD_KEYS holds a value that is not a Fernet key") from None
        return Fernet(base64.urlsafe_b64encode(hashlib.sha256(raw).digest()))


def fernet() -> MultiFernet:
    keys = settings.TENDIK_FIELD_KEYS
    if isinstance(keys, str):
        keys = [k.strip() for k in keys.split(",") if k.strip()]
    return _fernet_for(tuple(keys))


def encrypt(text: str) -> str:
    return fernet().encrypt(text.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken as exc:  # a key was removed before rotation finished: say so, never show the token
        raise ImproperlyConfigured("An encrypted field cannot be decrypted with TENDIK_FIELD_KEYS") from exc


def rotate_token(token: str) -> str:
    """Re-encrypt a stored token with the newest key (decrypting with whichever key made it)."""
    if not token:
        return token
    return fernet().rotate(token.encode("ascii")).decode("ascii")


def normalise_identity(text: str) -> str:
    """Lower-case, ё→е, one space between words: "  Айгүл  Ёлдошева" and "айгүл елдошева" match."""
    return " ".join((text or "").lower().replace("ё", "е").split())


def identity_hash(name: str, birth_date: dt.date | str | None) -> str:
    """Keyed hash of a normalised name and date of birth; empty when there is no name."""
    name = normalise_identity(name)
    if not name:
        return ""
    born = birth_date.isoformat() if isinstance(birth_date, dt.date) else (birth_date or "")
    key = settings.TENDIK_HASH_KEY.encode("utf-8")
    return hmac.new(key, f"{name}|{born}".encode(), hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """A text value stored as a Fernet token; reads give plain text, the database never sees it.

    Tokens are not deterministic, so the field cannot be filtered on: use a keyed hash next to it.
    """

    description = "Encrypted text"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        return name, path, args, kwargs

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return value
        return self.from_plain(decrypt(value))

    def to_python(self, value: Any) -> Any:
        return value

    def get_prep_value(self, value: Any) -> Any:
        if value is None:
            return None
        plain = self.to_plain(value)
        if plain == "":
            return ""
        return encrypt(plain)

    # Subclasses convert typed values to and from the plain text that is encrypted.
    def to_plain(self, value: Any) -> str:
        return str(value)

    def from_plain(self, text: str) -> Any:
        return text

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name not in {"isnull", "exact"}:
            raise TypeError(f"Encrypted fields cannot be filtered with __{lookup_name}")
        return super().get_lookup(lookup_name)


class EncryptedDateField(EncryptedTextField):
    """A date (date of birth) stored as an encrypted ISO string."""

    description = "Encrypted date"
    _pyi_private_set_type: dt.date | str | None  # type: ignore[assignment]
    _pyi_private_get_type: dt.date | None  # type: ignore[assignment]

    def to_plain(self, value: Any) -> str:
        if isinstance(value, dt.date):
            return value.isoformat()
        return str(value or "")

    def from_plain(self, text: str) -> Any:
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return None

    def to_python(self, value: Any) -> Any:
        if value in (None, ""):
            return None
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            return None

    def formfield(self, **kwargs: Any) -> Any:
        from django import forms

        kwargs.setdefault("form_class", forms.DateField)
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        defaults: dict[str, Any] = {"required": not self.blank, "label": self.verbose_name, "help_text": self.help_text}
        defaults.update(kwargs)
        form_class = defaults.pop("form_class")
        defaults.pop("max_length", None)
        return form_class(**defaults)


def encrypted_fields(model: type[models.Model]) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
