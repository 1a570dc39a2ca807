"""Extension points of the territory pages for modules above geography (geography never imports them).

A module registers, in its AppConfig.ready(), a panel function `fn(user, unit) -> (template_name, context) | None`;
the unit's page renders every registered panel that returns something. Panels run a fixed number of queries (never
one per row) and show nothing personal: the territory page is public.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tendik.geography.models import AdministrativeUnit

UnitPanel = Callable[[Any, AdministrativeUnit], tuple[str, dict[str, Any]] | None]

_unit_panels: dict[str, UnitPanel] = {}


@dataclass(frozen=True)
class Panel:
    template: str
    context: dict[str, Any]


def register_unit_panel(key: str, fn: UnitPanel) -> None:
    """Add (or replace, by `key`, so a second ready() does not duplicate it) a panel of the unit page."""
    _unit_panels[key] = fn


def unregister_unit_panel(key: str) -> None:
    _unit_panels.pop(key, None)


def unit_panels(user: Any, unit: AdministrativeUnit) -> list[Panel]:
    """The panels to show on a unit's page for this user, in registration order."""
    panels = []
    for fn in _unit_panels.values():
        result = fn(user, unit)
        if result is not None:
            template, context = result
            panels.append(Panel(template=template, context=context))
    return panels
