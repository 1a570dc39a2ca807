"""The committee report's chart of activity over time, drawn by the one renderer (tendik.core.charts) from the
report's figures as published: suppressed counts ("<5") stay suppressed, shown as their text and not drawn."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tendik.core import charts


def period_label(key: str) -> str:
    """ "2025-03" → "March 2025" (as the language writes it); "2025-Q1" → "Q1 2025"."""
    year, rest = key.split("-")
    if rest.startswith("Q"):
        return _("Q%(quarter)s %(year)s") % {"quarter": rest[1:], "year": year}
    return date_format(dt.date(int(year), int(rest), 1), "YEAR_MONTH_FORMAT")


def _series(label: str, counts: dict[str, Any], keys: list[str]) -> charts.Series:
    values = [counts.get(k) if isinstance(counts.get(k), int) else None for k in keys]
    display = [None if isinstance(counts.get(k), int) else str(counts.get(k, "")) for k in keys]
    return charts.Series(label, values, display=display)


def activity_chart(report: dict[str, Any]) -> charts.Chart | None:
    """Meetings, prevention events and trainings per month (or quarter) of the report's period."""
    activity = report.get("activity")
    if not activity or not activity["periods"]:
        return None
    keys = activity["periods"]
    return charts.line_chart(
        title=_("Committee activity over time"),
        periods=[period_label(k) for k in keys],
        series=[
            _series(_("Committee meetings"), activity["meetings"], keys),
            _series(_("Prevention events"), activity["prevention"], keys),
            _series(_("Trainings"), activity["training"], keys),
        ],
        period_label=_("Month") if activity["unit"] == "month" else _("Quarter"),
    )
