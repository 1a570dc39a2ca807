from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps


@pytest.fixture
def make_committee(territory: dict[str, Any]) -> Any:
    """make_committee(municipality) → a protection committee (looked up by label: accounts does not import
    protection)."""
    committee_model = apps.get_model("protection", "Committee")

    def _make(municipality: Any = None, name: str = "") -> Any:
        municipality = municipality or territory["halmion"]
        return committee_model.objects.create(municipality=municipality, name=name or f"МК {municipality.name_ru}")

    return _make
