"""Codes that stand for a case, family or appeal wherever a name must not appear."""

from __future__ import annotations

import datetime as dt

from django.db import models

from tendik.protection.models import Committee


def next_code(*, model: type[models.Model], committee: Committee, prefix: str, on: dt.date) -> str:
    """E.g. "C007-25-012": kind, committee, year, number. Call inside a transaction (locks the committee row)."""
    Committee.objects.select_for_update().filter(pk=committee.pk).exists()
    stem = f"{prefix}{committee.pk:03d}-{on.year % 100:02d}-"
    n = model.objects.filter(code__startswith=stem).count() + 1  # type: ignore[attr-defined]
    while model.objects.filter(code=f"{stem}{n:03d}").exists():  # type: ignore[attr-defined]
        n += 1
    return f"{stem}{n:03d}"
