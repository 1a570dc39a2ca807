"""Committee figures for publication, by place and whole calendar year, before small-number protection.

The public portal passes them through `tendik.core.disclosure` as one table of the whole country (a territory equals
the places inside it), so no page can be subtracted from another. No identities, only counts; case figures count
only cases whose survivor consented to non-identifiable statistics. Six grouped queries whatever the size.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils.translation import gettext_lazy as _

from tendik.protection.models import (
    AtRiskFamily,
    Case,
    CaseFigureRollup,
    Committee,
    CommitteeMeeting,
    CommitteeMember,
    Consent,
    ConsentKind,
    EventAttendance,
)
from tendik.protection.models.events import PREVENTION_KINDS

# figure -> (title, definition); "committees" is a count of bodies, published exactly; the rest count people,
# families or cases and are protected.
FIGURES = {
    "committees": (
        _("Committees"),
        _("Local committees for protection from family violence working in the place at the end of the year."),
    ),
    "members": (
        _("Committee members"),
        _("People sitting on the committees at the end of the year."),
    ),
    "cases": (
        _("Cases counted"),
        _("Family-violence cases opened in the year whose survivor agreed to non-identifiable statistics."),
    ),
    "violence_meetings": (
        _("Meetings on facts of family violence"),
        _("Committee meetings held in the year on facts of family violence."),
    ),
    "families": (
        _("At-risk families"),
        _("Families on the committees' lists for regular preventive work at the end of the year."),
    ),
    "people_reached": (
        _("People reached by prevention"),
        _("People who attended preventive meetings, talks and other prevention events held in the place in the year."),
    ),
}
EXACT_FIGURES = frozenset({"committees"})
CASE_COUNTS = ("cases.included", "cases.left_out")  # every case is in one of them (tendik.protection.rollups)


def figures_by_place(*, year: int) -> dict[str, dict[str, int]]:
    """{unit path: {figure: count}} for the whole calendar year `year` (counts at the end of the year for lists)."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    out: dict[str, dict[str, int]] = defaultdict(dict)

    def put(rows: object, figure: str, path_field: str, value: str = "n") -> None:
        for row in rows:  # type: ignore[attr-defined]
            if row[value]:
                out[row[path_field]][figure] = row[value]

    committees = Committee.objects.filter(Q(decision_date__isnull=True) | Q(decision_date__lte=end))
    put(committees.values("municipality__path").annotate(n=Count("pk")).order_by(), "committees", "municipality__path")
    members = CommitteeMember.objects.filter(
        Q(joined_on__isnull=True) | Q(joined_on__lte=end), Q(left_on__isnull=True) | Q(left_on__gt=end)
    )
    put(
        members.values("committee__municipality__path").annotate(n=Count("pk")).order_by(),
        "members",
        "committee__municipality__path",
    )
    consented = Exists(
        Consent.objects.filter(case=OuterRef("pk"), kind=ConsentKind.STATISTICS, withdrawn_on__isnull=True)
    )
    cases = Case.objects.filter(consented, opened_on__gte=start, opened_on__lte=end)
    put(
        cases.values("committee__municipality__path").annotate(n=Count("pk")).order_by(),
        "cases",
        "committee__municipality__path",
    )
    meetings = CommitteeMeeting.objects.filter(held_on__gte=start, held_on__lte=end, on_violence_facts=True)
    put(
        meetings.values("committee__municipality__path").annotate(n=Count("pk")).order_by(),
        "violence_meetings",
        "committee__municipality__path",
    )
    families = AtRiskFamily.objects.filter(added_on__lte=end).filter(Q(removed_on__isnull=True) | Q(removed_on__gt=end))
    put(
        families.values("committee__municipality__path").annotate(n=Count("pk")).order_by(),
        "families",
        "committee__municipality__path",
    )
    attendance = EventAttendance.objects.filter(
        event__kind__in=PREVENTION_KINDS, event__held_on__gte=start, event__held_on__lte=end
    )
    put(
        attendance.values("event__unit__path").annotate(n=Sum("count")).order_by(),
        "people_reached",
        "event__unit__path",
    )
    return dict(out)


def years_with_figures() -> list[int]:
    """Years in which committees recorded cases or meetings (newest first). The cases' years come from the
    country's monthly case counts (ADR 0008: every case, consenting or not, is in "cases.included" or
    "cases.left_out" of its opening month), a few hundred rows, instead of truncating every case's date."""
    years = {d.year for d in CommitteeMeeting.objects.dates("held_on", "year")}
    months = CaseFigureRollup.objects.filter(scope="", figure__in=CASE_COUNTS, n__gt=0).values_list("month", flat=True)
    years |= {m.year for m in months.distinct()}
    return sorted(years, reverse=True)
