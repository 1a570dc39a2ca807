"""Signals other modules listen to.

`measure_progress_changed` is sent after commit whenever a municipality's reported status or progress for a measure
changes in an approved or accepted report. kwargs: `measure` (the national Measure, or None for a municipality's own
local measure), `local_measure`, `report`, `status`.
"""

import django.dispatch

measure_progress_changed = django.dispatch.Signal()
