"""Panels that consultations adds to the plans pages (plans never imports consultations; see plans.extensions)."""

from __future__ import annotations

from typing import Any

from tendik.consultations import selectors
from tendik.consultations.services.answers import initial_state


def measure_recommendations_panel(user: Any, measure: Any) -> tuple[str, dict[str, Any]]:
    """The recommendations linked to a measure: code, text, published status; no personal data.

    Everyone gets the public page of a recommendation; a signed-in user who may see it gets the internal page.
    """
    recs, internal = selectors.measure_panel_recommendations(user, measure)
    for rec in recs:
        rec.panel_internal = rec.pk in internal  # type: ignore[attr-defined]
    return "consultations/_measure_panel.html", {
        "recommendations": recs,
        "initial_state": initial_state() if recs else None,
    }
