"""Field encryption at rest, key rotation and keyed hashes: the one mechanism every app uses for identities.

How to use it:

- Store a secret as ``EncryptedTextField()`` (or ``EncryptedDateField()``) on the model and list the field in the
  model's ``audit_redacted_fields``. Values are Fernet tokens made with the newest key of
  ``settings.TENDIK_FIELD_KEYS``; older keys still decrypt (MultiFernet). Tokens are not deterministic, so such a
  field cannot be filtered on (only ``__isnull`` / ``__exact`` on the empty value).
- To find a record again without decrypting every row, keep a keyed hash next to it: ``identity_hash(name, born)``
  for a person, or ``keyed_hash(*parts)`` for anything else (HMAC-SHA256 with ``settings.TENDIK_HASH_KEY`` of the
  normalised parts), in a ``CharField(max_length=64, db_index=True)`` that is also redacted from the audit trail.
  Register it in your AppConfig.ready() with ``register_keyed_hash(Model, "hash_field", ("source", ...), fn)`` so
  that ``rehash_identities`` recomputes it when the hash key changes.
- ``manage.py rotate_field_keys`` re-encrypts every encrypted field of every installed model with the newest key
  (``rotate_all_fields()``); ``manage.py rehash_identities`` recomputes every registered keyed hash
  (``rehash_all()``). Both live in tendik.core, so they cover every app's models without knowing them.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass
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
    return _hmac(f"{name}|{born}")


def keyed_hash(*parts: str | None) -> str:
    """Keyed hash of normalised text parts (e.g. a phone number or an e-mail); empty when every part is empty."""
    cleaned = [normalise_identity(p or "") for p in parts]
    if not any(cleaned):
        return ""
    return _hmac("|".join(cleaned))


def _hmac(text: str) -> str:
    key = settings.TENDIK_HASH_KEY.encode("utf-8")
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()


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


# --- rotation and re-hashing across every app -------------------------------------------------------------------


def models_with_encrypted_fields() -> list[tuple[type[models.Model], list[str]]]:
    """Every installed concrete model that has encrypted fields, with their names."""
    from django.apps import apps

    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        names = encrypted_fields(model)
        if names:
            found.append((model, names))
    return found


def rotate_all_fields(*, batch: int = 500) -> int:
    """Re-encrypt every stored token of every model with the newest key; returns how many values changed.

    Works token by token in the database (raw SQL, so no plaintext passes through the audit trail or signals).
    """
    from django.db import transaction

    total = 0
    for model, names in models_with_encrypted_fields():
        with transaction.atomic():
            total += _rotate_model(model, names, batch)
    return total


def _rotate_model(model: type[models.Model], names: list[str], batch: int) -> int:
    from django.db import connection

    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    pk_field = model._meta.pk
    assert pk_field is not None
    pk = qn(str(pk_field.column))
    columns = [str(model._meta.get_field(n).column) for n in names]  # type: ignore[union-attr]
    done = 0
    last = None
    with connection.cursor() as cursor:
        while True:
            where = f" WHERE {pk} > %s" if last is not None else ""
            cursor.execute(
                f"SELECT {pk}, {', '.join(qn(c) for c in columns)} FROM {table}{where} "  # noqa: S608 — quoted model metadata
                f"ORDER BY {pk} LIMIT {int(batch)}",
                [last] if last is not None else [],
            )
            rows = cursor.fetchall()
            if not rows:
                break
            for row in rows:
                last = row[0]
                updates = {c: rotate_token(v) for c, v in zip(columns, row[1:], strict=True) if v}
                if not updates:
                    continue
                sets = ", ".join(f"{qn(c)} = %s" for c in updates)
                cursor.execute(f"UPDATE {table} SET {sets} WHERE {pk} = %s", [*updates.values(), row[0]])  # noqa: S608
                done += len(updates)
    return done


@dataclass(frozen=True)
class KeyedHashSpec:
    """A keyed-hash column and how to compute it from the (decrypted) source fields of the same row."""

    model: type[models.Model]
    hash_field: str
    sources: tuple[str, ...]
    compute: Callable[..., str]


_KEYED_HASHES: list[KeyedHashSpec] = []


def register_keyed_hash(
    model: type[models.Model], hash_field: str, sources: tuple[str, ...], compute: Callable[..., str]
) -> None:
    """Declare that ``model.hash_field == compute(*[row.<source> for source in sources])`` (for rehash_all)."""
    spec = KeyedHashSpec(model=model, hash_field=hash_field, sources=tuple(sources), compute=compute)
    if not any(s.model is model and s.hash_field == hash_field for s in _KEYED_HASHES):
        _KEYED_HASHES.append(spec)


def keyed_hashes() -> list[KeyedHashSpec]:
    return list(_KEYED_HASHES)


def rehash_all() -> int:
    """Recompute every registered keyed hash with the current TENDIK_HASH_KEY; returns how many rows changed.

    Each row is decrypted in memory only and saved with ``update_fields=[hash_field]`` (audited, hash redacted).
    """
    from django.db import transaction

    changed = 0
    with transaction.atomic():
        for spec in _KEYED_HASHES:
            fields = ("pk", *spec.sources, spec.hash_field)
            for row in spec.model._default_manager.only(*fields).iterator():
                digest = spec.compute(*[getattr(row, s) for s in spec.sources])
                if digest != getattr(row, spec.hash_field):
                    setattr(row, spec.hash_field, digest)
                    row.save(update_fields=[spec.hash_field])
                    changed += 1
    return changed
