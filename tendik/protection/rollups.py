"""Keep `CaseFigureRollup` exact and current: the committee report's case figures per committee and month (ADR 0006).

The figures that add up over time live here: cases included in statistics or left out, and for the included ones
(an active consent to statistics) their survivors' sex, age group, relationship and disability, the forms of violence
(a case once per form), the incidents' GBVIMS types, orders issued, referrals (by provider kind and status),
services (by kind) and the cash-aid amount. A case counts in the month it was opened, an order in the month of its
issue, a referral when it was sent, a service when it started.

Figures that count distinct cases or orders over a period (people per service kind, women sent to crisis centres
and shelters, orders extended or violated) are kept per month of each occurrence with the month of the previous
one (`since`): the months a…b summed over the rows with since < a count each case or order once, exactly.

One function, `figure_rows`, counts them in the database (ten grouped queries) for any set of cases and dates; it
serves three purposes: a service's change (`tracking`: the case's figures before and after, the difference added in
the same transaction), the generator and `rebuild()` (every case from scratch), and the report's partial months at
the edges of a period (`report.py`). The upsert is `tendik.core.rollups.add`, as for the plan indicator sums.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum, TextField
from django.db.models.functions import Cast, TruncMonth

from tendik.core import rollups as core_rollups
from tendik.plans.rollups import prefixes
from tendik.protection.models import (
    Case,
    CaseFigureRollup,
    Committee,
    Consent,
    ConsentKind,
    Incident,
    OrderExtension,
    OrderViolation,
    ProtectionOrder,
    ProviderKind,
    Referral,
    ServiceDelivery,
    ServiceKind,
    Sex,
    ViolenceForm,
)

Row = tuple[int, dt.date, dt.date, str, Decimal | int, int]  # committee, month, since, figure, total, n
EVER = dt.date(1, 1, 1)  # "since" of the figures that simply add up
When = Callable[[str], Q]  # a date field's name → the dates counted (everything if None)
KEYS = ("scope", "month", "since", "figure")
CASH_TOTAL = "services.cash_aid_total_som"
# The figures that count distinct cases or orders over a period (kept with `since`, see the module's docstring).
DISTINCT = (
    "services.people_by_kind",  # .<kind>
    "referrals.women_to_crisis_centres_and_shelters",
    "orders.extended",
    "orders.violated",
)


def consented(case: str = "pk") -> Exists:
    """The one test of what counts: an active (not withdrawn) consent to non-identifiable statistics. `case`: the
    case as the outer query reaches it ("pk" on cases, "case" on a service, "order__case" on an order's event)."""
    return Exists(Consent.objects.filter(case=OuterRef(case), kind=ConsentKind.STATISTICS, withdrawn_on__isnull=True))


def _month(value: Any) -> dt.date:
    value = value.date() if isinstance(value, dt.datetime) else value
    return value.replace(day=1)


def figure_rows(cases: QuerySet[Case], when: When | None = None, *, distinct: bool = True) -> Iterator[Row]:
    """The case figures of `cases`, per committee and month, counted in the database (ten queries).
    `when(field)` limits each figure to its dates (the case's opening, the order's issue …). `distinct=False`
    leaves out the figures that count distinct cases or orders (`DISTINCT`; four of the ten queries), for a
    caller that counts those over its own period."""

    def dated(qs: QuerySet[Any], field: str) -> QuerySet[Any]:
        return qs.filter(when(field)) if when is not None else qs

    annotated = cases.annotate(ok=consented())
    counted = annotated.filter(ok=True)
    counted_ids = counted.values("pk")
    opened = dated(counted, "opened_on").annotate(m=TruncMonth("opened_on"))

    for r in (
        dated(annotated, "opened_on")
        .annotate(m=TruncMonth("opened_on"))
        .values("committee_id", "m", "ok", "survivor_sex", "survivor_age_group", "relationship", "survivor_disability")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        c, m, n = r["committee_id"], _month(r["m"]), r["n"]
        if not r["ok"]:
            yield c, m, EVER, "cases.left_out", 0, n
            continue
        yield c, m, EVER, "cases.included", 0, n
        yield c, m, EVER, f"cases.by_sex.{r['survivor_sex']}", 0, n
        yield c, m, EVER, f"cases.by_age_group.{r['survivor_age_group']}", 0, n
        if r["relationship"]:
            yield c, m, EVER, f"cases.by_relationship.{r['relationship']}", 0, n
        if r["survivor_disability"]:
            yield c, m, EVER, "cases.with_disability", 0, n

    # A case counts once per form of violence, whatever its number of incidents. `forms` is a JSON list; its text
    # holds each form as a quoted word.
    incidents = Incident.objects.annotate(forms_text=Cast("forms", TextField()))
    forms = {
        form: Count("pk", filter=Q(Exists(incidents.filter(case=OuterRef("pk"), forms_text__contains=f'"{form}"'))))
        for form in ViolenceForm.values
    }
    for r in opened.values("committee_id", "m").annotate(**forms).order_by():
        for form in ViolenceForm.values:
            if r[form]:
                yield r["committee_id"], _month(r["m"]), EVER, f"cases.by_form.{form}", 0, r[form]

    for r in (
        Incident.objects.filter(case__in=opened.values("pk"))
        .annotate(m=TruncMonth("case__opened_on"))
        .values("case__committee_id", "m", "gbvims_type")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        yield r["case__committee_id"], _month(r["m"]), EVER, f"cases.by_gbvims_type.{r['gbvims_type']}", 0, r["n"]

    for r in (
        dated(ProtectionOrder.objects.filter(case__in=counted_ids), "issued_on")
        .annotate(m=TruncMonth("issued_on"))
        .values("case__committee_id", "m")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        yield r["case__committee_id"], _month(r["m"]), EVER, "orders.issued", 0, r["n"]

    for r in (
        dated(Referral.objects.filter(case__in=counted_ids), "sent_on")
        .annotate(m=TruncMonth("sent_on"))
        .values("case__committee_id", "m", "provider__kind", "status")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        c, m, n = r["case__committee_id"], _month(r["m"]), r["n"]
        yield c, m, EVER, "referrals.total", 0, n
        if r["provider__kind"] is not None:
            yield c, m, EVER, f"referrals.by_provider_kind.{r['provider__kind']}", 0, n
        yield c, m, EVER, f"referrals.by_status.{r['status']}", 0, n

    for r in (
        dated(ServiceDelivery.objects.filter(case__in=counted_ids), "started_on")
        .annotate(m=TruncMonth("started_on"))
        .values("case__committee_id", "m", "kind")
        .annotate(n=Count("pk"), amount=Sum("amount_som"))
        .order_by()
    ):
        c, m, n = r["case__committee_id"], _month(r["m"]), r["n"]
        yield c, m, EVER, f"services.by_kind.{r['kind']}", 0, n
        if r["kind"] == ServiceKind.CASH_AID:
            yield c, m, EVER, CASH_TOTAL, r["amount"] or Decimal(0), n

    if not distinct:
        return
    # Figures that count distinct cases (or orders) over a period: one row per occurrence month, with the month of
    # the previous one ("since"), so that summing the months a…b over rows with since < a counts each once.
    shelters = (ProviderKind.CRISIS_CENTRE, ProviderKind.SHELTER)
    occurrences = [
        (
            dated(ServiceDelivery.objects.filter(case__in=counted_ids), "started_on"),
            "started_on", "case_id", "case__committee_id", "kind", "services.people_by_kind.",
        ),
        (
            dated(Referral.objects.filter(case__in=counted_ids, provider__kind__in=shelters,
                                          case__survivor_sex=Sex.FEMALE), "sent_on"),
            "sent_on", "case_id", "case__committee_id", None, "referrals.women_to_crisis_centres_and_shelters",
        ),
        (
            dated(OrderExtension.objects.filter(order__case__in=counted_ids), "extended_on"),
            "extended_on", "order_id", "order__case__committee_id", None, "orders.extended",
        ),
        (
            dated(OrderViolation.objects.filter(order__case__in=counted_ids), "occurred_on"),
            "occurred_on", "order_id", "order__case__committee_id", None, "orders.violated",
        ),
    ]  # fmt: skip
    for qs, field, who, committee, kind, figure in occurrences:
        columns = [who, committee, "m", *([kind] if kind else [])]
        months: dict[tuple[Any, ...], list[dt.date]] = defaultdict(list)
        for r in qs.annotate(m=TruncMonth(field)).values_list(*columns).distinct().order_by():
            months[(r[0], r[1], *r[3:])].append(_month(r[2]))
        for (_who, c, *what), ms in months.items():
            since = EVER
            for m in sorted(ms):
                yield c, m, since, figure + (what[0] if what else ""), 0, 1
                since = m


Key = tuple[str, dt.date, dt.date, str]  # scope, month, since, figure
Sums = dict[Key, list[Any]]


def committee_scope(committee_id: int) -> str:
    return f"c{committee_id}"


def scopes_of(committee_ids: Iterable[int]) -> dict[int, list[str]]:
    """Each committee's scopes: itself, then the country and every territory down to its municipality (one query)."""
    paths = Committee.objects.filter(pk__in=sorted(set(committee_ids))).values_list("pk", "municipality__path")
    return {pk: [committee_scope(pk), *prefixes(path or "")] for pk, path in paths}


def _sum(rows: Iterable[Row], sign: int, into: Sums | None = None) -> Sums:
    out: Sums = into if into is not None else defaultdict(lambda: [Decimal(0), 0])
    rows = list(rows)
    scopes = scopes_of(r[0] for r in rows) if rows else {}
    for committee, month, since, figure, total, n in rows:
        for scope in scopes[committee]:
            d = out[(scope, month, since, figure)]
            d[0] += Decimal(total) * sign
            d[1] += n * sign
    return out


def apply(deltas: Sums) -> int:
    """Add the deltas to the sums (tendik.core.rollups.add). Returns the number of sums touched."""
    sums = {k: (t, n) for k, (t, n) in deltas.items()}
    return core_rollups.add(CaseFigureRollup, KEYS, sums, prune=("month", [k[1] for k in sums]))


def cases_added(cases: Iterable[int] | QuerySet[Case]) -> int:
    """New cases (with their incidents, consents, orders, referrals, services) were written in bulk: add them
    (`cases`: their ids, or a queryset such as a range of primary keys)."""
    qs = cases if isinstance(cases, QuerySet) else Case.objects.filter(pk__in=list(cases))
    return apply(_sum(figure_rows(qs), +1))


@contextmanager
def tracking(*case_ids: int | None) -> Iterator[None]:
    """Around a change to cases (or to what hangs off them): their figures before and after are counted and the
    difference added, in the caller's transaction. The cases' rows are locked first, so two changes to one case
    wait for each other instead of each adding a difference computed without the other."""
    ids = sorted({i for i in case_ids if i is not None})
    with transaction.atomic():
        list(Case.objects.select_for_update().filter(pk__in=ids).values_list("pk", flat=True))
        before = _sum(figure_rows(Case.objects.filter(pk__in=ids)), -1) if ids else None
        yield
        if before is not None:
            apply(_sum(figure_rows(Case.objects.filter(pk__in=ids)), +1, into=before))


def track_new_case(case: Case) -> int:
    """A case was just saved: add its figures (it had none before)."""
    return cases_added([case.pk])


@transaction.atomic
def rebuild(*, chunk: int = 5_000) -> int:
    """Recount every sum from the cases, `chunk` cases at a time. Returns the number of sums written."""
    CaseFigureRollup.objects.all().delete()
    ids = list(Case.objects.order_by("pk").values_list("pk", flat=True))
    sums: Sums = defaultdict(lambda: [Decimal(0), 0])
    for start in range(0, len(ids), chunk):
        part = ids[start : start + chunk]
        _sum(figure_rows(Case.objects.filter(pk__gte=part[0], pk__lte=part[-1])), +1, into=sums)
    return apply(sums)


def recount() -> dict[Key, tuple[Decimal, int]]:
    """Every sum as a full recount gives it (for tests and checks)."""
    sums = _sum(figure_rows(Case.objects.all()), +1)
    return {k: (Decimal(t), n) for k, (t, n) in sums.items() if n}


def stored() -> dict[Key, tuple[Decimal, int]]:
    return {
        (r.scope, r.month, r.since, r.figure): (Decimal(r.total), r.n)
        for r in CaseFigureRollup.objects.all().order_by()
    }
