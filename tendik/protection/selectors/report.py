"""The committee report: figures for a committee, municipality, rayon, oblast or the country, for any period.

A fixed number of aggregate queries whatever the number of committees. Case figures (cases, orders, referrals,
services) count only cases whose survivor consented to non-identifiable statistics; the report says how many cases
were left out. Outside the viewer's own committees the report covers whole calendar years and passes through
`tendik.core.disclosure` (see `report_for`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth, TruncQuarter
from django.utils.translation import gettext as _

from tendik.accounts.permissions import committee_ids
from tendik.accounts.roles import Perm
from tendik.core.disclosure import SMALL, Audience, Granularity, protect_values, whole_period
from tendik.geography.models import AdministrativeUnit
from tendik.protection import rollups
from tendik.protection.models import (
    Appeal,
    AtRiskFamily,
    Case,
    CaseFigureRollup,
    Committee,
    CommitteeMeeting,
    CommitteeMember,
    EventAttendance,
    EventKind,
    FamilyVisit,
    OrderExtension,
    OrderViolation,
    PreventionEvent,
    ProviderKind,
    Referral,
    ServiceDelivery,
    ServiceKind,
    Sex,
)
from tendik.protection.models.events import PREVENTION_KINDS
from tendik.protection.selectors.report_table import protect_report

SUPPRESSED = SMALL  # kept for callers of the old name
# Regions of the seed's training figures, by the first five digits of the oblast's SOATE code.
NORTH = ("41702", "41704", "41707", "41708", "41711")  # Issyk-Kul, Naryn, Talas, Chui; Bishkek
SOUTH = ("41703", "41705", "41706", "41721")  # Jalal-Abad, Batken, Osh; Osh city


def region_of(code: str | None) -> str:
    if not code:
        return "unknown"
    if code[:5] in NORTH:
        return "north"
    if code[:5] in SOUTH:
        return "south"
    return "unknown"


@dataclass(frozen=True)
class ReportScope:
    unit: AdministrativeUnit | None = None  # None with committee None: the country
    committee: Committee | None = None

    def committee_q(self, prefix: str = "committee__") -> Q:
        if self.committee is not None:
            return Q(**{f"{prefix}id": self.committee.pk})
        if self.unit is not None:
            return Q(**{f"{prefix}municipality__path__startswith": self.unit.path})
        return Q()

    def event_q(self) -> Q:
        if self.committee is not None:
            return Q(committee_id=self.committee.pk)
        if self.unit is not None:
            return Q(unit__path__startswith=self.unit.path)
        return Q()

    def label(self) -> str:
        if self.committee is not None:
            return str(self.committee)
        if self.unit is not None:
            return self.unit.name
        return str(_("Kyrgyz Republic"))


def _counts(qs: Any, field: str, *, distinct: str | None = None) -> dict[str, int]:
    agg = Count(distinct, distinct=True) if distinct else Count("pk")
    return {row[field]: row["n"] for row in qs.values(field).annotate(n=agg).order_by(field) if row[field] is not None}


def report_data(*, scope: ReportScope, date_from: dt.date, date_to: dt.date) -> dict[str, Any]:
    """All figures, unsuppressed. Callers showing them to people go through `report_for`."""
    period = {"gte": date_from, "lte": date_to}

    def between(field: str) -> Q:
        return Q(**{f"{field}__gte": period["gte"], f"{field}__lte": period["lte"]})

    cq = scope.committee_q()
    committees = Committee.objects.filter(
        scope.committee_q("") if scope.committee is None else Q(pk=scope.committee.pk)
    )
    committees = committees.filter(Q(decision_date__isnull=True) | Q(decision_date__lte=date_to))
    members = CommitteeMember.objects.filter(cq).filter(
        Q(joined_on__isnull=True) | Q(joined_on__lte=date_to), Q(left_on__isnull=True) | Q(left_on__gt=date_to)
    )
    appeals = Appeal.objects.filter(cq, between("received_on"))
    families = AtRiskFamily.objects.filter(cq)
    visits = FamilyVisit.objects.filter(scope.committee_q("family__committee__"), between("done_on"))

    # The additive case figures come from the sums per committee and month (ADR 0006); the rest, which count
    # distinct cases or orders over the whole period, from the tables, through the one consent test.
    flat, exact = _case_figures(scope, date_from, date_to)
    if exact:  # whole months: the distinct counts come from the sums too
        orders_extended = int(flat.get("orders.extended", 0))
        orders_violated = int(flat.get("orders.violated", 0))
        women_sheltered = int(flat.get("referrals.women_to_crisis_centres_and_shelters", 0))
        people_by_kind = _part(flat, "services.people_by_kind")
    else:  # partial months: counted in the tables, through the one consent test
        counted_ids = Case.objects.filter(cq).annotate(ok=rollups.consented()).filter(ok=True).values("pk")
        orders_extended = OrderExtension.objects.filter(between("extended_on"), order__case__in=counted_ids).aggregate(
            n=Count("order", distinct=True)
        )["n"]
        orders_violated = OrderViolation.objects.filter(between("occurred_on"), order__case__in=counted_ids).aggregate(
            n=Count("order", distinct=True)
        )["n"]
        shelter_kinds = (ProviderKind.CRISIS_CENTRE, ProviderKind.SHELTER)
        women_sheltered = Referral.objects.filter(
            between("sent_on"), case__in=counted_ids, provider__kind__in=shelter_kinds, case__survivor_sex=Sex.FEMALE
        ).aggregate(n=Count("case", distinct=True))["n"]
        services = ServiceDelivery.objects.filter(between("started_on"), case__in=counted_ids)
        people_by_kind = _counts(services, "kind", distinct="case")

    meetings = CommitteeMeeting.objects.filter(cq, between("held_on"))
    meeting_row = meetings.aggregate(held=Count("pk"), violence=Count("pk", filter=Q(on_violence_facts=True)))

    events = PreventionEvent.objects.filter(scope.event_q(), between("held_on"))
    prevention = events.filter(kind__in=PREVENTION_KINDS)
    attendance = EventAttendance.objects.filter(event__in=prevention.values("pk"))
    training_att = EventAttendance.objects.filter(event__in=events.filter(kind=EventKind.TRAINING).values("pk"))
    by_length: dict[str, int] = {"1": 0, "2": 0}
    by_region: dict[str, int] = {"north": 0, "south": 0, "unknown": 0}
    for row in training_att.values("event__training_days", "oblast__code").annotate(n=Sum("count")).order_by():
        by_length[str(row["event__training_days"])] = by_length.get(str(row["event__training_days"]), 0) + row["n"]
        by_region[region_of(row["oblast__code"])] += row["n"]

    activity = _activity(meetings, prevention, events.filter(kind=EventKind.TRAINING), date_from, date_to)
    family_active = families.filter(added_on__lte=date_to).filter(
        Q(removed_on__isnull=True) | Q(removed_on__gt=date_to)
    )
    return {
        "committees": {
            "count": committees.count(),
            "members": members.count(),
            "members_by_sector": _counts(members, "sector"),
            "members_by_sex": _counts(members, "sex"),
        },
        "appeals": {
            "total": appeals.count(),
            "by_channel": _counts(appeals, "channel"),
            "by_outcome": _counts(appeals, "outcome"),
        },
        "families": {
            "active": family_active.count(),
            "added": families.filter(between("added_on")).count(),
            "removed": families.filter(between("removed_on")).count(),
            "visits": _counts(visits, "kind"),
        },
        "cases": {
            "included": int(flat.get("cases.included", 0)),
            "left_out": int(flat.get("cases.left_out", 0)),
            "by_form": _part(flat, "cases.by_form"),
            "by_gbvims_type": _part(flat, "cases.by_gbvims_type"),
            "by_sex": _part(flat, "cases.by_sex"),
            "by_age_group": _part(flat, "cases.by_age_group"),
            "by_relationship": _part(flat, "cases.by_relationship"),
            "with_disability": int(flat.get("cases.with_disability", 0)),
        },
        "orders": {
            "issued": int(flat.get("orders.issued", 0)),
            "extended": orders_extended,
            "violated": orders_violated,
        },
        "referrals": {
            "total": int(flat.get("referrals.total", 0)),
            "by_provider_kind": _part(flat, "referrals.by_provider_kind"),
            "by_status": _part(flat, "referrals.by_status"),
            "women_to_crisis_centres_and_shelters": women_sheltered,
        },
        "services": {
            "by_kind": _part(flat, "services.by_kind"),
            "people_by_kind": people_by_kind,
            "cash_aid_recipients": people_by_kind.get(ServiceKind.CASH_AID, 0),
            "cash_aid_total_som": flat.get(CASH_AMOUNTS) or Decimal("0"),
        },
        "meetings": {"held": meeting_row["held"], "on_violence_facts": meeting_row["violence"]},
        "prevention": {
            "events": prevention.count(),
            "by_kind": _counts(prevention, "kind"),
            "people": attendance.aggregate(n=Sum("count"))["n"] or 0,
            "people_by_sex": {r["sex"]: r["n"] for r in attendance.values("sex").annotate(n=Sum("count")).order_by()},
        },
        "training": {
            "events": events.filter(kind=EventKind.TRAINING).count(),
            "people": sum(by_length.values()),
            "by_length": by_length,
            "by_region": by_region,
        },
        "activity": activity,
    }


def activity_periods(date_from: dt.date, date_to: dt.date) -> tuple[str, list[str]]:
    """Months ("2025-03") when the report spans at most a year, else quarters ("2025-Q1"): the periods of the
    committee activity chart, first to last."""
    by_month = (date_to.year - date_from.year) * 12 + date_to.month - date_from.month < 12
    keys: list[str] = []
    year, month = date_from.year, date_from.month if by_month else 3 * ((date_from.month - 1) // 3) + 1
    while (year, month) <= (date_to.year, date_to.month):
        keys.append(f"{year}-{month:02d}" if by_month else f"{year}-Q{(month - 1) // 3 + 1}")
        month += 1 if by_month else 3
        if month > 12:
            year, month = year + 1, month - 12
    return ("month" if by_month else "quarter"), keys


def _activity(meetings: Any, prevention: Any, trainings: Any, date_from: dt.date, date_to: dt.date) -> dict[str, Any]:
    """Committee meetings, prevention events and trainings held, per month or quarter (three grouped queries)."""
    unit, keys = activity_periods(date_from, date_to)
    trunc = TruncMonth if unit == "month" else TruncQuarter

    def key(d: dt.date) -> str:
        return f"{d.year}-{d.month:02d}" if unit == "month" else f"{d.year}-Q{(d.month - 1) // 3 + 1}"

    def per_period(qs: Any) -> dict[str, int]:
        counts = dict.fromkeys(keys, 0)
        for row in qs.annotate(p=trunc("held_on")).values("p").annotate(n=Count("pk")).order_by():
            k = key(row["p"])
            if k in counts:
                counts[k] += row["n"]
        return counts

    return {
        "unit": unit,
        "periods": keys,
        "meetings": per_period(meetings),
        "prevention": per_period(prevention),
        "training": per_period(trainings),
    }


def _month_after(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def whole_months(date_from: dt.date, date_to: dt.date) -> tuple[dt.date, dt.date] | None:
    """The first and last whole months (their first days) inside the period, if any."""
    first = date_from if date_from.day == 1 else _month_after(date_from)
    end = date_to if (date_to + dt.timedelta(days=1)).day == 1 else date_to.replace(day=1) - dt.timedelta(days=1)
    if first > end:
        return None
    return first, end.replace(day=1)


CASH_AMOUNTS = "_cash_amounts"  # the cash-aid amount is a total, not a count: kept apart in the flat figures


def _case_figures(scope: ReportScope, date_from: dt.date, date_to: dt.date) -> tuple[dict[str, Any], bool]:
    """The case figures ({"cases.by_sex.female": 12, …}): the sums of the whole months of the period (one query)
    plus, for the days of a partial first or last month, a count over those days (ten small queries). The second
    value says whether the period is made of whole months only: then the distinct counts in the sums are exact."""
    flat: dict[str, Any] = {}
    months = whole_months(date_from, date_to)
    windows: list[tuple[dt.date, dt.date]] = []
    if months is None:
        windows.append((date_from, date_to))
    else:
        first, last = months
        rows = (
            CaseFigureRollup.objects.filter(
                scope=_sums_scope(scope), month__gte=first, month__lte=last, since__lt=first
            )
            .values("figure")
            .annotate(n=Sum("n"), total=Sum("total"))
            .order_by()
        )
        for row in rows:
            flat[row["figure"]] = row["n"]
            if row["figure"] == rollups.CASH_TOTAL:
                flat[CASH_AMOUNTS] = Decimal(row["total"] or 0)
        if date_from < first:
            windows.append((date_from, first - dt.timedelta(days=1)))
        if date_to >= _month_after(last):
            windows.append((_month_after(last), date_to))
    if windows:

        def when(field: str) -> Q:
            q = Q(pk__in=[])
            for start, end in windows:
                q |= Q(**{f"{field}__gte": start, f"{field}__lte": end})
            return q

        for _c, _m, _s, figure, total, n in rollups.figure_rows(Case.objects.filter(scope.committee_q()), when):
            flat[figure] = flat.get(figure, 0) + n
            if figure == rollups.CASH_TOTAL:
                flat[CASH_AMOUNTS] = flat.get(CASH_AMOUNTS, Decimal(0)) + Decimal(total)
    return flat, not windows


def _sums_scope(scope: ReportScope) -> str:
    if scope.committee is not None:
        return rollups.committee_scope(scope.committee.pk)
    return scope.unit.path if scope.unit is not None else ""


def _part(flat: dict[str, Any], prefix: str) -> dict[str, int]:
    """One breakdown of the flat figures, by its values in order, without zeros (as the grouped queries gave it)."""
    start = prefix + "."
    return {k[len(start) :]: int(v) for k, v in sorted(flat.items()) if k.startswith(start) and v}


def suppress(value: Any) -> Any:
    """Primary suppression only (1–4 → "<5"; nested dicts are walked), through `tendik.core.disclosure`.

    Kept for callers of the earlier API. Figures published beside their totals or other breakdowns need the whole
    table: build a `tendik.core.disclosure.Table` with its relations instead.
    """
    if isinstance(value, dict):
        return {k: suppress(v) for k, v in value.items()}
    if isinstance(value, bool) or not isinstance(value, int):
        return value
    figure = protect_values({"v": value})["v"]
    return figure.display if figure.hidden else value


def is_own_scope(*, user: Any, scope: ReportScope) -> bool:
    """The report covers only committees the user belongs to (so nothing needs suppressing)."""
    own = committee_ids(user, Perm.PROTECTION_VIEW)
    if not own:
        return False
    if scope.committee is not None:
        return scope.committee.pk in own
    if scope.unit is None:
        return False
    in_scope = set(
        Committee.objects.filter(municipality__path__startswith=scope.unit.path).values_list("pk", flat=True)
    )
    return bool(in_scope) and in_scope <= own


def report_for(*, user: Any, scope: ReportScope, date_from: dt.date, date_to: dt.date) -> dict[str, Any]:
    """The report as `user` may see it (the caller has checked PROTECTION_REPORT for the scope).

    The committee itself sees exact figures for any dates. Everyone else sees the whole calendar year that contains
    `date_from` (so that moving a start date cannot isolate one case), through `tendik.core.disclosure`: counts from
    1 to 4 as "<5", the figures that would give them away as "–", the cash-aid amount with its recipients.
    """
    own = is_own_scope(user=user, scope=scope)
    requested = (date_from, date_to)
    if not own:
        period = whole_period(date_from, Granularity.YEAR)
        date_from, date_to = period.start, period.end
    data = report_data(scope=scope, date_from=date_from, date_to=date_to)
    shown, protected = protect_report(data, audience=Audience.EXACT if own else Audience.CROSS_SCOPE)
    return {
        "scope": {
            "unit": scope.unit.code if scope.unit else None,
            "committee": scope.committee.pk if scope.committee else None,
            "name": scope.label(),
        },
        "period": {"from": date_from.isoformat(), "to": date_to.isoformat()},
        "period_widened": not own and requested != (date_from, date_to),
        "suppressed": not own,
        "any_hidden": protected.any_hidden,
        **shown,
    }
