"""Ids read from a query string or a form field: digits only, and small enough for every database's integer
columns, so `?plan=99999999999999999999` is "no such record", not a server error (SQLite and PostgreSQL refuse
integers past 64 bits, and Django does not guard foreign-key lookups against it)."""

from __future__ import annotations

MAX_ID = 2**31 - 1  # the largest value of an integer primary key on PostgreSQL (and far inside SQLite's range)


def id_param(raw: object) -> int | None:
    """The id written in `raw` ("42" → 42), or None when it is empty, not a plain number or out of range."""
    text = str(raw or "").strip()
    if not text.isascii() or not text.isdigit():
        return None
    value = int(text)
    return value if 0 < value <= MAX_ID else None
