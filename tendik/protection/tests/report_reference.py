"""The committee report as it was computed before the rolled-up sums (a scan of every case, incident, referral and
service): the reference the sums are compared with (test_rollups.py). A frozen copy of report_data; do not change."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, Sum, TextField
from django.db.models.functions import Cast, TruncMonth, TruncQuarter

from tendik.protection.models import (
    Appeal,
    AtRiskFamily,
    Case,
    Committee,
    CommitteeMeeting,
    CommitteeMember,
    Consent,
    ConsentKind,
    EventAttendance,
    EventKind,
    FamilyVisit,
    Incident,
    OrderExtension,
    OrderViolation,
    PreventionEvent,
    ProtectionOrder,
    ProviderKind,
    Referral,
    ServiceDelivery,
    ServiceKind,
    Sex,
    ViolenceForm,
)
from tendik.protection.models.events import PREVENTION_KINDS
from tendik.protection.selectors.report import ReportScope, activity_periods, region_of


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

    # The consent test is written once: every case figure counts only cases with consent to statistics.
    consented = Exists(
        Consent.objects.filter(case=OuterRef("pk"), kind=ConsentKind.STATISTICS, withdrawn_on__isnull=True)
    )
    in_scope = Case.objects.filter(cq).annotate(ok=consented)
    case_split = {
        row["ok"]: row["n"]
        for row in in_scope.filter(between("opened_on")).values("ok").annotate(n=Count("pk")).order_by("ok")
    }
    counted = in_scope.filter(ok=True)  # whenever they were opened
    counted_ids = counted.values("pk")
    cases = counted.filter(between("opened_on"))
    forms = _forms_per_case(cases)
    gbvims = _counts(Incident.objects.filter(case__in=cases.values("pk")), "gbvims_type")

    orders_issued = ProtectionOrder.objects.filter(between("issued_on"), case__in=counted_ids).count()
    orders_extended = OrderExtension.objects.filter(between("extended_on"), order__case__in=counted_ids).aggregate(
        n=Count("order", distinct=True)
    )["n"]
    orders_violated = OrderViolation.objects.filter(between("occurred_on"), order__case__in=counted_ids).aggregate(
        n=Count("order", distinct=True)
    )["n"]

    referrals = Referral.objects.filter(between("sent_on"), case__in=counted_ids)
    shelter_kinds = (ProviderKind.CRISIS_CENTRE, ProviderKind.SHELTER)
    women_sheltered = referrals.filter(provider__kind__in=shelter_kinds, case__survivor_sex=Sex.FEMALE).aggregate(
        n=Count("case", distinct=True)
    )["n"]

    services = ServiceDelivery.objects.filter(between("started_on"), case__in=counted_ids)
    cash = services.filter(kind=ServiceKind.CASH_AID).aggregate(total=Sum("amount_som"), n=Count("case", distinct=True))

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
            "included": case_split.get(True, 0),
            "left_out": case_split.get(False, 0),
            "by_form": forms,
            "by_gbvims_type": gbvims,
            "by_sex": _counts(cases, "survivor_sex"),
            "by_age_group": _counts(cases, "survivor_age_group"),
            "by_relationship": _counts(cases.exclude(relationship=""), "relationship"),
            "with_disability": cases.filter(survivor_disability=True).count(),
        },
        "orders": {"issued": orders_issued, "extended": orders_extended, "violated": orders_violated},
        "referrals": {
            "total": referrals.count(),
            "by_provider_kind": _counts(referrals, "provider__kind"),
            "by_status": _counts(referrals, "status"),
            "women_to_crisis_centres_and_shelters": women_sheltered,
        },
        "services": {
            "by_kind": _counts(services, "kind"),
            "people_by_kind": _counts(services, "kind", distinct="case"),
            "cash_aid_recipients": cash["n"],
            "cash_aid_total_som": cash["total"] or Decimal("0"),
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


def _forms_per_case(cases: Any) -> dict[str, int]:
    """Cases per form of violence (a case counts once per form, whatever its number of incidents): one query,
    counted in the database. `forms` is a JSON list; its text holds each form as a quoted word."""
    incidents = Incident.objects.annotate(forms_text=Cast("forms", TextField()))
    row = cases.aggregate(
        **{
            form: Count("pk", filter=Q(Exists(incidents.filter(case=OuterRef("pk"), forms_text__contains=f'"{form}"'))))
            for form in ViolenceForm.values
        }
    )
    return {form: row[form] for form in sorted(row) if row[form]}


def _activity(meetings: Any, prevention: Any, trainings: Any, date_from: dt.date, date_to: dt.date) -> dict[str, Any]:
    """Committee meetings, prevention events and trainings held, per month or quarter (three grouped queries).
    (Frozen with report_data: the report now reads these from one query, `report_parts.other_parts`.)"""
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
