"""Committee activity on the territories' thematic map (tendik.geography.figures): meetings, prevention events and
trainings held by the committees the reader may report on, in the current calendar year (a whole period, as in the
cross-committee report). The figures go through `tendik.core.disclosure` as one table whose parts add up to the
total of all territories: 1 to 4 shows "<5", and a figure that would give a hidden one away shows "–"."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from tendik.accounts.permissions import committee_q, has_perm
from tendik.accounts.roles import Perm
from tendik.core.disclosure import Audience, Granularity, Table, whole_period
from tendik.geography.figures import MapFigure, group_by_units
from tendik.geography.models import AdministrativeUnit
from tendik.protection.models import CommitteeMeeting, PreventionEvent


def activity_year(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The whole calendar year the map covers (a fixed window: shifting it cannot isolate one event)."""
    period = whole_period(today or timezone.localdate(), Granularity.YEAR)
    return period.start, period.end


def activity_values(user: Any, units: Sequence[AdministrativeUnit]) -> dict[str, int | str | None]:
    start, end = activity_year()
    meetings = CommitteeMeeting.objects.filter(
        committee_q(user, Perm.PROTECTION_REPORT), held_on__gte=start, held_on__lte=end
    )
    events = PreventionEvent.objects.filter(
        committee_q(user, Perm.PROTECTION_REPORT), held_on__gte=start, held_on__lte=end
    )
    totals = {u.code: 0 for u in units}
    for qs, path in ((meetings, "committee__municipality__path"), (events, "unit__path")):
        for code, row in group_by_units(qs, path_field=path, units=units, n=Count("pk")).items():
            totals[code] += row["n"]
    table = Table()
    table.breakdown("all", total=sum(totals.values()), parts=totals)
    shown = table.protect(audience=Audience.CROSS_SCOPE)
    out: dict[str, int | str | None] = {}
    for code in totals:
        figure = shown[("all", code)]
        if figure.hidden or totals[code]:
            out[code] = figure.display if figure.hidden else figure.value  # type: ignore[assignment]
    return out


def map_figures(user: Any) -> list[MapFigure]:
    if not has_perm(user, Perm.PROTECTION_REPORT):
        return []
    start, _end = activity_year()
    return [
        MapFigure(
            key="protection.activity",
            label=_("Committee activity"),
            value_label=_("Meetings and events held"),
            values=activity_values,
            note=_(
                "Committee meetings, prevention events and trainings held in %(year)s; figures from 1 to 4 are "
                "shown as “<5”, and “–” hides a figure that would give one of them away."
            )
            % {"year": start.year},
            group=_("Protection from family violence"),
        )
    ]
