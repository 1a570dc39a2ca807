"""Extension points of the recommendation pages for modules above consultations (consultations never imports them).

A module registers, in its AppConfig.ready(), a panel function `fn(user, recommendation) -> (template, context) | None`
(for example "where this recommendation came from"); the recommendation's page renders every panel that returns
something. Panels run a fixed number of queries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

RecommendationPanel = Callable[[Any, Any], tuple[str, dict[str, Any]] | None]

_recommendation_panels: dict[str, RecommendationPanel] = {}


@dataclass(frozen=True)
class Panel:
    template: str
    context: dict[str, Any]


def register_recommendation_panel(key: str, fn: RecommendationPanel) -> None:
    """Add (or replace, by `key`) a panel of the recommendation page."""
    _recommendation_panels[key] = fn


def unregister_recommendation_panel(key: str) -> None:
    _recommendation_panels.pop(key, None)


def recommendation_panels(user: Any, recommendation: Any) -> list[Panel]:
    panels = []
    for fn in _recommendation_panels.values():
        result = fn(user, recommendation)
        if result is not None:
            template, context = result
            panels.append(Panel(template=template, context=context))
    return panels
