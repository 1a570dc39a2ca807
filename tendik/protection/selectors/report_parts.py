"""The committee report's figures that are not case figures, in ONE query.

Committees and members, appeals, at-risk families and visits, meetings, prevention events and trainings with their
attendance, activity per month or quarter, and — when the period starts or ends inside a month — the partial days'
share of the four distinct counts (ADR 0008, `Edges`): each is a grouped count over its own table, sent together as one
`UNION ALL` of uniform rows (part, a, b, period, n) instead of about twenty round trips. Each part is grouped by at
most two keys and a period; the few totals over those groups (members by sector and by sex, events per kind and per
period) are added from the grouped counts. The tables behind these parts are small (one row per member, appeal,
meeting, event …); what made them cost was the number of round trips, not the rows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import CharField, Count, DateField, Exists, Expression, F, OuterRef, Q, QuerySet, Sum, Value
from django.db.models.functions import Cast, TruncMonth, TruncQuarter

from tendik.protection import rollups
from tendik.protection.models import (
    Appeal,
    AtRiskFamily,
    Case,
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
    Sex,
)
from tendik.protection.models.events import PREVENTION_KINDS

Rows = dict[str, list[tuple[Any, Any, dt.date | None, int]]]  # part → (a, b, period, n)
_COLUMNS = ("rp_part", "rp_a", "rp_b", "rp_p")


def _branch(
    qs: QuerySet[Any],
    part: str,
    *,
    a: Expression | F | None = None,
    b: Expression | F | None = None,
    p: Expression | None = None,
    n: Any = None,
) -> QuerySet[Any]:
    """One part as rows (part, a, b, period, n): grouped by the keys given, the others NULL."""
    # typed, so that PostgreSQL unites the branches' columns (text, date) whichever branch comes first
    none_text, none_date = Cast(Value(None), CharField()), Cast(Value(None), DateField())
    return (
        qs.annotate(
            rp_part=Value(part, output_field=CharField()),
            rp_a=a if a is not None else none_text,
            rp_b=b if b is not None else none_text,
            rp_p=Cast(p, DateField()) if p is not None else none_date,
        )
        .values(*_COLUMNS)
        .annotate(rp_n=n if n is not None else Count("pk"))
        .order_by()
    )


def _day(value: Any) -> dt.date | None:
    """A period's first day as the database gave it (a date, a timestamp or, on SQLite, ISO text)."""
    if value is None or isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.datetime):
        return value.date()
    return dt.date.fromisoformat(str(value)[:10])


def parts_query(
    *,
    committee_q: Callable[[str], Q],
    event_q: Q,
    date_from: dt.date,
    date_to: dt.date,
    by_month: bool,
    edges: Edges | None,
) -> QuerySet[Any]:
    """Every non-case figure of the report, grouped, as one query. `committee_q(prefix)` limits a table to the
    report's committees through the relation `prefix` ("committee__", "" for committees themselves). `edges`, for
    a period that starts or ends inside a month, adds the distinct counts of its partial days (`_edge_branches`)."""

    def between(field: str) -> Q:
        return Q(**{f"{field}__gte": date_from, f"{field}__lte": date_to})

    trunc = TruncMonth if by_month else TruncQuarter
    cq = committee_q("committee__")
    members = CommitteeMember.objects.filter(cq).filter(
        Q(joined_on__isnull=True) | Q(joined_on__lte=date_to), Q(left_on__isnull=True) | Q(left_on__gt=date_to)
    )
    families = AtRiskFamily.objects.filter(cq)
    events = PreventionEvent.objects.filter(event_q, between("held_on"))
    counted_events = events.filter(kind__in=(*PREVENTION_KINDS, EventKind.TRAINING))
    attendance = EventAttendance.objects.filter(event__in=counted_events.values("pk"))
    meetings = CommitteeMeeting.objects.filter(cq, between("held_on"))
    committees = Committee.objects.filter(committee_q(""))
    branches = [
        _branch(committees.filter(Q(decision_date__isnull=True) | Q(decision_date__lte=date_to)), "committees"),
        _branch(members, "members", a=F("sector"), b=F("sex")),
        _branch(Appeal.objects.filter(cq, between("received_on")), "appeals", a=F("channel"), b=F("outcome")),
        _branch(
            families.filter(added_on__lte=date_to).filter(Q(removed_on__isnull=True) | Q(removed_on__gt=date_to)),
            "families.active",
        ),
        _branch(families.filter(between("added_on")), "families.added"),
        _branch(families.filter(between("removed_on")), "families.removed"),
        _branch(
            FamilyVisit.objects.filter(committee_q("family__committee__"), between("done_on")), "visits", a=F("kind")
        ),
        _branch(meetings, "meetings", p=trunc("held_on")),
        _branch(meetings.filter(on_violence_facts=True), "meetings.on_violence_facts"),
        _branch(counted_events, "events", a=F("kind"), p=trunc("held_on")),
        _branch(
            attendance.filter(event__kind__in=PREVENTION_KINDS), "attendance.prevention", a=F("sex"), n=Sum("count")
        ),
        _branch(
            attendance.filter(event__kind=EventKind.TRAINING),
            "attendance.training",
            a=Cast("event__training_days", CharField()),
            b=F("oblast__code"),
            n=Sum("count"),
        ),
    ]
    if edges is not None:
        branches += _edge_branches(edges, committee_q("committee__"))
    return branches[0].union(*branches[1:], all=True)


@dataclass(frozen=True)
class Edges:
    """The partial first and last month of a period, for its distinct counts: each case (or order) counts once over
    the period, and the sums of the whole months inside it (`since` before the first, ADR 0008) already hold those
    that occur in a whole month; what the tables add is the partial days' cases (or orders) that do not."""

    windows: tuple[tuple[dt.date, dt.date], ...]  # the partial days: one or two (first day, last day)
    whole: tuple[dt.date, dt.date] | None  # the first and last day of the whole months, if any

    def days(self, field: str) -> Q:
        q = Q(pk__in=[])
        for start, end in self.windows:
            q |= Q(**{f"{field}__gte": start, f"{field}__lte": end})
        return q


def _edge_branches(edges: Edges, cases_q: Q) -> list[QuerySet[Any]]:
    """The distinct counts of the partial days, less the cases (orders) that also occur in the whole months:
    only the rows of those few days are read (and, for each, an indexed probe for the same case in the whole
    months). Added to the whole months' sums, they give the count over the whole period, exactly. `cases_q`: the
    report's cases; counted through the one consent test (`rollups.consented`)."""

    def counted(case: str) -> Q:  # the report's cases counted in statistics, as the table reaches them
        return Q(**{f"{case}__in": Case.objects.filter(cases_q).values("pk")}) & Q(rollups.consented(case))

    def elsewhere(model: Any, field: str, same: tuple[str, ...], **also: Any) -> Q:
        if edges.whole is None:
            return Q()
        inner = model.objects.filter(**{f"{field}__range": edges.whole}, **{k: OuterRef(k) for k in same}, **also)
        return ~Q(Exists(inner))

    shelters = {"provider__kind__in": (ProviderKind.CRISIS_CENTRE, ProviderKind.SHELTER)}
    one_order = Count("order", distinct=True)
    return [
        _branch(
            OrderExtension.objects.filter(
                edges.days("extended_on"),
                counted("order__case"),
                elsewhere(OrderExtension, "extended_on", ("order",)),
            ),
            "orders.extended",
            n=one_order,
        ),
        _branch(
            OrderViolation.objects.filter(
                edges.days("occurred_on"),
                counted("order__case"),
                elsewhere(OrderViolation, "occurred_on", ("order",)),
            ),
            "orders.violated",
            n=one_order,
        ),
        _branch(
            Referral.objects.filter(
                edges.days("sent_on"),
                counted("case"),
                elsewhere(Referral, "sent_on", ("case",), **shelters),
                case__survivor_sex=Sex.FEMALE,
                **shelters,
            ),
            "referrals.women_to_crisis_centres_and_shelters",
            n=Count("case", distinct=True),
        ),
        _branch(
            ServiceDelivery.objects.filter(
                edges.days("started_on"),
                counted("case"),
                elsewhere(ServiceDelivery, "started_on", ("case", "kind")),
            ),
            "services.people_by_kind",
            a=F("kind"),
            n=Count("case", distinct=True),
        ),
    ]


class Compiled:
    """A query compiled once with marker values in place of the report's dates and scope, then run with the real
    ones: building and compiling the twenty-branch `UNION ALL` in the ORM costs more than running it. Its shape
    depends only on the kind of scope, months or quarters and the partial days (`report.py` keys the cache on
    them); a test compares each substituted query with a fresh compile of the same report."""

    DATES = tuple(dt.date(1, 1, 2 + i) for i in range(8))  # never a real date of the report
    COMMITTEE = -7_000_000_001
    PATH = "~path~"

    def __init__(self, qs: QuerySet[Any]) -> None:
        self.sql, params = qs.query.get_compiler(connection.alias).as_sql()
        self.params = list(params)
        ops = connection.ops
        self.slots: list[tuple[int, str, Any]] = []  # (position, what, marker)
        for i, p in enumerate(self.params):
            for d in self.DATES:
                if p == d or p == ops.adapt_datefield_value(d):
                    self.slots.append((i, "date", d))
            if p == self.COMMITTEE:
                self.slots.append((i, "committee", p))
            if isinstance(p, str) and self.PATH in p:
                self.slots.append((i, "path", p))

    def bind(self, *, dates: dict[dt.date, dt.date], committee: int | None, path: str | None) -> tuple[str, list[Any]]:
        """The query with each marker date replaced by `dates[marker]`, and the committee or territory path."""
        ops = connection.ops
        params = list(self.params)
        for i, what, marker in self.slots:
            if what == "date":
                params[i] = ops.adapt_datefield_value(dates[marker])
            elif what == "committee":
                params[i] = committee
            else:
                real = path or ""
                params[i] = marker.replace(self.PATH, real if marker == self.PATH else ops.prep_for_like_query(real))
        return self.sql, params

    def rows(self, **values: Any) -> list[tuple[Any, ...]]:
        with connection.cursor() as cursor:
            cursor.execute(*self.bind(**values))
            return cursor.fetchall()


def collect(rows: list[tuple[Any, ...]]) -> Rows:
    out: Rows = defaultdict(list)
    for part, a, b, p, n in rows:
        out[part].append((a, b, _day(p), int(n or 0)))
    return out


def total(rows: Rows, part: str) -> int:
    return sum(n for _a, _b, _p, n in rows.get(part, ()))


def by_key(rows: Rows, part: str, index: int = 0, keep: Callable[[Any], bool] | None = None) -> dict[str, int]:
    """The counts of one part by its first (index 0) or second key, keys in order, None left out."""
    counts: dict[str, int] = defaultdict(int)
    for row in rows.get(part, ()):
        key, n = row[index], row[3]
        if key is not None and (keep is None or keep(key)):
            counts[str(key)] += n
    return {k: counts[k] for k in sorted(counts)}
