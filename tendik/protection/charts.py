"""The committee report's chart of activity over time, drawn by the one renderer (tendik.core.charts) from the
report's figures as published: suppressed counts ("<5") stay suppressed, shown as their text and not drawn."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from tendik.core import charts


def period_label(key: str) -> str:
    """ "2025-03" → "March 2025" (as the language writes it); "2025-Q1" → "Q1 2025"."""
    year, rest = key.split("-")
    if rest.startswith("Q"):
        return _("Q%(quarter)s %(year)s") % {"quarter": rest[1:], "year": year}
    return date_format(dt.date(int(year), int(rest), 1), "YEAR_MONTH_FORMAT")


def short_label(key: str) -> str:
    """The period under the chart's axis: "Mar" (with the year in January), or "Q1 2025"."""
    year, rest = key.split("-")
    if rest.startswith("Q"):
        return period_label(key)
    d = dt.date(int(year), int(rest), 1)
    return date_format(d, "M Y" if d.month == 1 else "M")


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
            _series(pgettext("activity chart", "Committee meetings"), activity["meetings"], keys),
            _series(pgettext("activity chart", "Prevention events"), activity["prevention"], keys),
            _series(pgettext("activity chart", "Trainings"), activity["training"], keys),
        ],
        axis_labels=[short_label(k) for k in keys],
        period_label=_("Month") if activity["unit"] == "month" else _("Quarter"),
    )
