"""Committee activity on the territories' thematic map (tendik.geography.figures): meetings, prevention events and
trainings held by the committees the reader may report on, over the last twelve whole months. The counts go through
the committee report's small-number rule (`selectors.report.suppress`): a territory with 1 to 4 shows "<5"."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db.models import Count
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tendik.accounts.permissions import committee_q, has_perm
from tendik.accounts.roles import Perm
from tendik.geography.figures import MapFigure, group_by_units
from tendik.geography.models import AdministrativeUnit
from tendik.protection.models import CommitteeMeeting, PreventionEvent
from tendik.protection.selectors.report import suppress


def last_whole_year(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The twelve whole months before the current one (a fixed window: shifting it cannot isolate one event)."""
    today = today or timezone.localdate()
    end = today.replace(day=1) - dt.timedelta(days=1)
    start = dt.date(end.year, 1, 1) if end.month == 12 else dt.date(end.year - 1, end.month + 1, 1)
    return start, end


def activity_values(user: Any, units: Sequence[AdministrativeUnit]) -> dict[str, int | str | None]:
    start, end = last_whole_year()
    meetings = CommitteeMeeting.objects.filter(
        committee_q(user, Perm.PROTECTION_REPORT), held_on__gte=start, held_on__lte=end
    )
    events = PreventionEvent.objects.filter(
        committee_q(user, Perm.PROTECTION_REPORT), held_on__gte=start, held_on__lte=end
    )
    totals: dict[str, int] = {}
    for qs, path in ((meetings, "committee__municipality__path"), (events, "unit__path")):
        for code, row in group_by_units(qs, path_field=path, units=units, n=Count("pk")).items():
            totals[code] = totals.get(code, 0) + row["n"]
    return {code: suppress(n) for code, n in totals.items()}


def map_figures(user: Any) -> list[MapFigure]:
    if not has_perm(user, Perm.PROTECTION_REPORT):
        return []
    start, end = last_whole_year()
    return [
        MapFigure(
            key="protection.activity",
            label=_("Committee activity"),
            value_label=_("Meetings and events held"),
            values=activity_values,
            note=_(
                "Committee meetings, prevention events and trainings held from %(start)s to %(end)s; "
                "figures from 1 to 4 are shown as “<5”."
            )
            % {"start": date_format(start, "SHORT_DATE_FORMAT"), "end": date_format(end, "SHORT_DATE_FORMAT")},
            group=_("Protection from family violence"),
        )
    ]
