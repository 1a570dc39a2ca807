"""Extension points of the plans pages for modules above plans (plans never imports them).

A module registers, in its AppConfig.ready(), a panel function `fn(user, measure) -> (template_name, context) | None`;
the measure page renders every registered panel that returns something. Panels run a fixed number of queries
(never one per row) and show nothing personal: the measure page is public.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tendik.plans.models import Measure

PanelResult = tuple[str, dict[str, Any]] | None
MeasurePanel = Callable[[Any, Measure], PanelResult]

_measure_panels: dict[str, MeasurePanel] = {}


@dataclass(frozen=True)
class Panel:
    template: str
    context: dict[str, Any]


def register_measure_panel(key: str, fn: MeasurePanel) -> None:
    """Add (or replace, by `key`, so a second ready() does not duplicate it) a panel of the measure page."""
    _measure_panels[key] = fn


def unregister_measure_panel(key: str) -> None:
    _measure_panels.pop(key, None)


def measure_panels(user: Any, measure: Measure) -> list[Panel]:
    """The panels to show on a measure's page for this user, in registration order."""
    panels = []
    for fn in _measure_panels.values():
        result = fn(user, measure)
        if result is not None:
            template, context = result
            panels.append(Panel(template=template, context=context))
    return panels
