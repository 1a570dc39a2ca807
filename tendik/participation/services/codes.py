"""Unguessable codes for reserve profiles and certificates (no 0/O, 1/I/L look-alikes)."""

from __future__ import annotations

import secrets

from django.db import models

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_code(model: type[models.Model], *, prefix: str, groups: int, size: int = 4) -> str:
    """A code such as "R-7K3M" or "TK-7F3K-9QXM" not yet used by `model.code`."""
    while True:
        parts = ["".join(secrets.choice(ALPHABET) for _ in range(size)) for _ in range(groups)]
        code = "-".join([prefix, *parts])
        if not model._default_manager.filter(code=code).exists():
            return code
