"""Panels that monitoring adds to pages of lower apps (plans' measure page, geography's territory page, a
consultations recommendation), through their extension points. Fixed number of queries; nothing personal (no names
of monitors or members); the text of findings only for signed-in readers of participation."""

from __future__ import annotations

from typing import Any

from tendik.accounts.permissions import has_perm
from tendik.accounts.roles import Perm
from tendik.participation.models import MonitoringVisit
from tendik.participation.selectors import monitoring as sel


def _decorate(user: Any, cards: list[Any]) -> bool:
    """Mark the cards whose visit the user may open; True if the user may read findings at all."""
    reader = has_perm(user, Perm.PARTICIPATION_VIEW)
    visible: set[int] = set()
    if reader and cards:
        visible = set(
            MonitoringVisit.objects.filter(sel.visits_q(user), pk__in={c.visit_id for c in cards}).values_list(
                "pk", flat=True
            )
        )
    for c in cards:
        c.panel_link = c.visit_id in visible
    return reader


def measure_findings_panel(user: Any, measure: Any) -> tuple[str, dict[str, Any]] | None:
    cards, total = sel.measure_findings(measure)
    if not total:
        return None
    reader = _decorate(user, cards)
    return "participation/monitoring/_findings_panel.html", {
        "cards": cards,
        "total": total,
        "reader": reader,
        "panel_id": "measure-monitoring",
    }


def unit_findings_panel(user: Any, unit: Any) -> tuple[str, dict[str, Any]] | None:
    cards, total = sel.unit_findings(unit)
    if not total:
        return None
    reader = _decorate(user, cards)
    return "participation/monitoring/_findings_panel.html", {
        "cards": cards,
        "total": total,
        "reader": reader,
        "panel_id": "unit-monitoring",
        "show_measure": True,
    }


def recommendation_source_panel(user: Any, recommendation: Any) -> tuple[str, dict[str, Any]] | None:
    cards = sel.recommendation_sources(recommendation)
    if not cards:
        return None
    _decorate(user, cards)
    return "participation/monitoring/_recommendation_source.html", {"cards": cards}
