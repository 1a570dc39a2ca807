"""Listeners to other modules' signals (connected in apps.ready)."""

from __future__ import annotations

from typing import Any

from tendik.consultations.services.informing import inform_measure_progress


def on_measure_progress_changed(
    sender: Any, measure: Any = None, local_measure: Any = None, report: Any = None, status: Any = None, **kwargs: Any
) -> None:
    """plans.measure_progress_changed (sent after commit): tell the participants of recommendations it implements."""
    inform_measure_progress(measure=measure, local_measure=local_measure, report=report, status=status)
