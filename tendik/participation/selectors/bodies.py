"""Reads of bodies and the quota: scoped by the user, composition on a date and the rules computed in the database.

The rules (docs/modules/participation.md, "Bodies and the quota"):

* share rule — a body breaks it when one sex holds MORE than `max_share` % of the FILLED seats (exactly 70% is
  compliant), and only when the body has at least `min_seats` seats AND at least `min_seats` of them filled
  (default 3: a body of one seat is always 100% one sex; a body of two is left to the head/deputy rule unless its
  type sets `min_seats` to 2; a body of 7 seats with one member is a vacancy problem, not a balance one).
  Integer arithmetic (women × 100 > max_share × filled), so 7 of 10 is never rounded into a breach.
* head/deputy rule — where the type asks for it, a body breaks it when both the head and the deputy are known and
  of the same sex; a missing head or deputy is a vacancy, not a breach.
* vacancies — seats minus filled seats; flagged on their own, never counted as a breach.

Everything here runs a fixed number of queries whatever the number of bodies.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection, connections
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, Substr
from django.utils import timezone

from tendik.accounts.permissions import has_perm, scope_paths, unit_q
from tendik.accounts.roles import Perm
from tendik.geography.models import AdministrativeUnit, UnitLevel
from tendik.participation.models import Body, BodyMember, BodySeats, BodyType, CompositionCount, Position, Recording

# The path of a unit is its codes joined by "/": each level adds 15 characters ("41705000000000/").
_SEGMENT = 15


def body_types(*, active_only: bool = True) -> QuerySet[BodyType]:
    qs = BodyType.objects.all()
    return qs.filter(is_active=True) if active_only else qs


def bodies_for(user: Any, perm: Perm = Perm.PARTICIPATION_VIEW) -> QuerySet[Body]:
    """Bodies at territories in the user's scope for `perm`."""
    return Body.objects.filter(unit_q(user, perm)).select_related("body_type", "unit")


def body_or_none(user: Any, pk: int) -> Body | None:
    return bodies_for(user).filter(pk=pk).first()


def may_edit(user: Any, body: Body) -> bool:
    return has_perm(user, Perm.BODIES_EDIT, unit=body.unit)


def active_on(qs: QuerySet[Body], on: dt.date) -> QuerySet[Body]:
    """Bodies that existed on `on` (established on or before, not yet dissolved)."""
    return qs.filter(Q(established_on__isnull=True) | Q(established_on__lte=on)).filter(
        Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=on)
    )


def _held_on(on: dt.date) -> Q:
    return Q(term_start__lte=on) & (Q(term_end__isnull=True) | Q(term_end__gt=on))


def _member_count(on: dt.date, sex: str) -> Subquery:
    members = (
        BodyMember.objects.filter(_held_on(on), body=OuterRef("pk"), sex=sex)
        .order_by()
        .values("body")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Subquery(members, output_field=IntegerField())


def _member_sex(on: dt.date, position: str) -> Subquery:
    holder = BodyMember.objects.filter(_held_on(on), body=OuterRef("pk"), position=position).order_by(
        "-term_start", "-pk"
    )
    return Subquery(holder.values("sex")[:1], output_field=CharField())


def _count_fact(on: dt.date, column: str) -> Subquery:
    latest = CompositionCount.objects.filter(body=OuterRef("pk"), as_of__lte=on).order_by("-as_of")
    return Subquery(latest.values(column)[:1])


def with_composition(qs: QuerySet[Body], *, on: dt.date) -> QuerySet[Any]:
    """Annotate each body with its composition on `on` and the rule flags (one query, however many bodies).

    Annotations: c_seats, c_women, c_men, c_filled, c_vacancies, c_head_sex, c_deputy_sex, share_applies,
    breaks_share, breaks_head_deputy, has_vacancy, breaks_rule (share or head/deputy).
    """
    by_members = Q(recording=Recording.MEMBERS)
    seats = BodySeats.objects.filter(body=OuterRef("pk"), valid_from__lte=on).order_by("-valid_from")
    qs = qs.annotate(
        c_women=Coalesce(
            Case(
                When(by_members, then=_member_count(on, "female")),
                default=_count_fact(on, "women"),
                output_field=IntegerField(),
            ),
            0,
        ),
        c_men=Coalesce(
            Case(
                When(by_members, then=_member_count(on, "male")),
                default=_count_fact(on, "men"),
                output_field=IntegerField(),
            ),
            0,
        ),
        c_head_sex=Coalesce(
            Case(
                When(by_members, then=_member_sex(on, Position.HEAD)),
                default=_count_fact(on, "head_sex"),
                output_field=CharField(),
            ),
            Value(""),
        ),
        c_deputy_sex=Coalesce(
            Case(
                When(by_members, then=_member_sex(on, Position.DEPUTY)),
                default=_count_fact(on, "deputy_sex"),
                output_field=CharField(),
            ),
            Value(""),
        ),
    )
    qs = qs.annotate(c_filled=F("c_women") + F("c_men"))
    # Seats unknown: the filled seats are all we know of.
    qs = qs.annotate(c_seats=Coalesce(Subquery(seats.values("seats")[:1], output_field=IntegerField()), "c_filled"))
    qs = qs.annotate(
        c_vacancies=Greatest(F("c_seats") - F("c_filled"), Value(0)),
        c_women_x100=F("c_women") * 100,
        c_men_x100=F("c_men") * 100,
        c_limit=F("body_type__max_share") * F("c_filled"),
    )
    share_applies = Q(c_seats__gte=F("body_type__min_seats")) & Q(c_filled__gte=F("body_type__min_seats"))
    qs = qs.annotate(
        share_applies=Case(When(share_applies, then=Value(True)), default=Value(False), output_field=BooleanField()),
        breaks_share=Case(
            When(
                share_applies & Q(c_filled__gt=0) & (Q(c_women_x100__gt=F("c_limit")) | Q(c_men_x100__gt=F("c_limit"))),
                then=Value(True),
            ),
            default=Value(False),
            output_field=BooleanField(),
        ),
        breaks_head_deputy=Case(
            When(
                Q(body_type__head_deputy_rule=True)
                & ~Q(c_head_sex="")
                & ~Q(c_deputy_sex="")
                & Q(c_head_sex=F("c_deputy_sex")),
                then=Value(True),
            ),
            default=Value(False),
            output_field=BooleanField(),
        ),
        has_vacancy=Case(When(c_vacancies__gt=0, then=Value(True)), default=Value(False), output_field=BooleanField()),
    )
    return qs.annotate(
        breaks_rule=Case(
            When(Q(breaks_share=True) | Q(breaks_head_deputy=True), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


@dataclass(frozen=True)
class Composition:
    on: dt.date
    seats: int
    women: int
    men: int
    vacancies: int
    head_sex: str
    deputy_sex: str
    share_applies: bool
    breaks_share: bool
    breaks_head_deputy: bool

    @property
    def filled(self) -> int:
        return self.women + self.men

    @property
    def women_share(self) -> Decimal | None:
        return share(self.women, self.filled)

    @property
    def breaks_rule(self) -> bool:
        return self.breaks_share or self.breaks_head_deputy


def composition_on(body: Body, on: dt.date) -> Composition:
    """The composition of one body on a date and its rule flags (the same computation as every list)."""
    row: Any = with_composition(Body.objects.filter(pk=body.pk), on=on).get()
    return Composition(
        on=on,
        seats=row.c_seats,
        women=row.c_women,
        men=row.c_men,
        vacancies=row.c_vacancies,
        head_sex=row.c_head_sex,
        deputy_sex=row.c_deputy_sex,
        share_applies=row.share_applies,
        breaks_share=row.breaks_share,
        breaks_head_deputy=row.breaks_head_deputy,
    )


def share(part: int | None, whole: int | None) -> Decimal | None:
    """part / whole in per cent, one decimal; None when there is nothing to divide."""
    if not whole:
        return None
    return (Decimal(part or 0) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def territory_bodies(
    user: Any, *, unit: AdministrativeUnit | None, on: dt.date, body_type: BodyType | None = None
) -> QuerySet[Any]:
    """Bodies in scope that existed on `on` under `unit` (None: all in scope), with composition, breaches first."""
    qs = active_on(bodies_for(user), on)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if body_type is not None:
        qs = qs.filter(body_type=body_type)
    return with_composition(qs, on=on).order_by("-breaks_rule", "-has_vacancy", "unit__path", "body_type__order", "pk")


@dataclass
class QuotaSummary:
    """Women's share and rule breaches of the bodies in a territory on a date."""

    on: dt.date
    bodies: int = 0
    seats: int = 0
    women: int = 0
    men: int = 0
    vacancies: int = 0
    breaking_share: int = 0
    breaking_head_deputy: int = 0
    breaking_any: int = 0
    with_vacancy: int = 0
    breaches: list[Any] = field(default_factory=list)

    @property
    def filled(self) -> int:
        return self.women + self.men

    @property
    def women_share(self) -> Decimal | None:
        return share(self.women, self.filled)


def _totals(qs: QuerySet[Any]) -> dict[str, int]:
    agg = qs.aggregate(
        n=Count("pk"),
        seats=Sum("c_seats"),
        women=Sum("c_women"),
        men=Sum("c_men"),
        vacancies=Sum("c_vacancies"),
        b_share=Count("pk", filter=Q(breaks_share=True)),
        b_hd=Count("pk", filter=Q(breaks_head_deputy=True)),
        b_any=Count("pk", filter=Q(breaks_rule=True)),
        vac=Count("pk", filter=Q(has_vacancy=True)),
    )
    return {k: int(v or 0) for k, v in agg.items()}


def quota_summary(
    *, user: Any, unit: AdministrativeUnit | None, on: dt.date | None = None, breaches: int = 10
) -> QuotaSummary:
    """Women's share and rule breaches of the bodies in `unit` (None: the user's whole scope) on `on` (today).

    Two queries (three with the user's grants not yet loaded), whatever the number of bodies; `breaches` bodies
    that break a rule are listed, worst first.
    """
    on = on or timezone.localdate()
    qs = territory_bodies(user, unit=unit, on=on)
    t = _totals(qs)
    listed = list(qs.filter(breaks_rule=True)[:breaches]) if breaches and t["b_any"] else []
    return QuotaSummary(
        on=on,
        bodies=t["n"],
        seats=t["seats"],
        women=t["women"],
        men=t["men"],
        vacancies=t["vacancies"],
        breaking_share=t["b_share"],
        breaking_head_deputy=t["b_hd"],
        breaking_any=t["b_any"],
        with_vacancy=t["vac"],
        breaches=listed,
    )


@dataclass(frozen=True)
class SharePoint:
    on: dt.date
    women: int
    filled: int

    @property
    def women_share(self) -> Decimal | None:
        return share(self.women, self.filled)


def share_over_time(
    user: Any, *, unit: AdministrativeUnit | None, dates: list[dt.date], body_type: BodyType | None = None
) -> list[SharePoint]:
    """Women's share of filled seats on each date (one query per date, whatever the number of bodies)."""
    points = []
    for on in dates:
        qs = territory_bodies(user, unit=unit, on=on, body_type=body_type)
        agg = qs.aggregate(women=Sum("c_women"), men=Sum("c_men"))
        women, men = int(agg["women"] or 0), int(agg["men"] or 0)
        if women + men:
            points.append(SharePoint(on=on, women=women, filled=women + men))
    return points


def year_ends(*, first_year: int | None = None, last: dt.date | None = None, years: int = 6) -> list[dt.date]:
    """31 December of the last `years` years (from `first_year` if given) and `last` (today) at the end."""
    last = last or timezone.localdate()
    start = first_year if first_year is not None else last.year - years
    dates = [dt.date(y, 12, 31) for y in range(start, last.year)]
    return [*dates, last]


def first_fact_year(user: Any) -> int | None:
    """The year of the earliest seats or count fact or term among bodies in scope (one query)."""
    scoped = bodies_for(user).order_by()
    first = BodySeats.objects.filter(body__in=scoped.values("pk")).order_by("valid_from").values("valid_from").first()
    return first["valid_from"].year if first else None


@dataclass(frozen=True)
class AreaShare:
    code: str
    women: int
    filled: int
    breaking: int

    @property
    def women_share(self) -> Decimal | None:
        return share(self.women, self.filled)


def share_by_area(user: Any, *, level: str, on: dt.date, within: AdministrativeUnit | None = None) -> list[AreaShare]:
    """Women's share of filled seats by oblast (level "oblast") or rayon ("rayon"), keyed by SOATE code.

    One query: bodies grouped by the prefix of their unit's path. Cities of republican significance (Bishkek, Osh)
    are their own oblast-level area.
    """
    depth = 1 if level == UnitLevel.OBLAST else 2
    qs = active_on(bodies_for(user), on)
    if within is not None:
        qs = qs.filter(unit__path__startswith=within.path)
    rows = (
        with_composition(qs, on=on)
        .annotate(area=Substr("unit__path", 1 + (depth - 1) * _SEGMENT, _SEGMENT - 1))
        .values("area")
        .annotate(w=Sum("c_women"), m=Sum("c_men"), b=Count("pk", filter=Q(breaks_rule=True)))
        .order_by("area")
    )
    return [
        AreaShare(code=r["area"], women=int(r["w"] or 0), filled=int(r["w"] or 0) + int(r["m"] or 0), breaking=r["b"])
        for r in rows
        if r["area"]
    ]


def units_for(user: Any, perm: Perm = Perm.BODIES_EDIT) -> QuerySet[AdministrativeUnit]:
    """Current units where the user may record bodies (for form choices and API look-ups)."""
    paths = scope_paths(user, perm)
    units = AdministrativeUnit.objects.current()
    if paths is None:
        return units
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(path__startswith=path)
    return units.filter(q)


def composition_history(body: Body) -> dict[str, Any]:
    """The dated facts of one body: seats, counts, members (by term start) and events, newest first."""
    return {
        "seats": list(body.seat_facts.order_by("-valid_from")),
        "counts": list(body.counts.order_by("-as_of")),
        "members": list(body.members.order_by("-term_start", "position", "pk")),
        "events": list(body.events.select_related("member").order_by("-on", "-pk")),
    }


# A date no composition is ever recorded on: the query of `indicator_figures` is built once with it, then run for
# every date asked for by replacing it among the compiled parameters.
_ANY_DAY = dt.date(1, 1, 2)


@functools.lru_cache(maxsize=256)
def _indicator_figures_sql(
    alias: str, codes: frozenset[str], path: str | None
) -> tuple[str, tuple[Any, ...], list[int]]:
    """The compiled query of `indicator_figures` for these indicators and territory, with the date as a placeholder
    (its positions among the parameters). Compiling it costs about 40 ms of Python for a query that runs in a few:
    it is compiled once per process and territory (the SQL depends only on the models; the data is read anew on
    every call)."""
    base = Body.objects.using(alias).filter(body_type__indicator_code__in=sorted(codes))
    if path is not None:
        base = base.filter(unit__path__startswith=path)
    qs = (
        with_composition(active_on(base, _ANY_DAY), on=_ANY_DAY)
        .values("body_type__indicator_code")
        .annotate(w=Sum("c_women"), m=Sum("c_men"))
        .order_by()
    )
    sql, params = qs.query.sql_with_params()
    marker = connections[alias].ops.adapt_datefield_value(_ANY_DAY)
    slots = [i for i, p in enumerate(params) if p == marker or p == _ANY_DAY]
    if not slots:  # pragma: no cover - the composition always depends on the date
        raise RuntimeError("indicator_figures: the date is not a parameter of the composition query")
    return sql, tuple(params), slots


def indicator_figures(*, indicator_codes: set[str], territory: Any, dates: list[dt.date]) -> dict[Any, Any]:
    """Members of bodies by sex for the plan indicators their types feed (BodyType.indicator_code), on each date,
    in `territory` (None: the country) — the derived indicator source of tendik.plans.indicator_sources.

    Aggregate counts only, nothing personal; ONE query for all the dates (the same computation as
    `with_composition`, whose expression tree costs far more to build in Python than to run: it is built and
    compiled once, then run for every date at once: on PostgreSQL LATERAL over a VALUES table of the dates, planned
    once; elsewhere as a UNION ALL). A date on which no body of a type has a composition
    gives nothing (so published statistics or reports are used instead).
    """
    out: dict[Any, Any] = {}
    if not dates:
        return out
    sql, params, slots = _indicator_figures_sql(
        connection.alias, frozenset(indicator_codes), None if territory is None else territory.path
    )
    ops = connection.ops
    if connection.vendor == "postgresql":
        # The dates as a VALUES table and the query once, LATERAL: PostgreSQL plans it once (planning ten copies
        # of it as a UNION ALL cost 5 ms, four times running it).
        pieces = sql.split("%s")
        if len(pieces) != len(params) + 1:  # pragma: no cover - a literal "%s" in the compiled SQL
            raise RuntimeError("indicator_figures: cannot place the dates in the composition query")
        text, values = pieces[0], []
        for i, piece in enumerate(pieces[1:]):
            if i in slots:
                text += "d.on_day"
            else:
                text += "%s"
                values.append(params[i])
            text += piece
        days = ", ".join(["(%s, %s::date)"] * len(dates))
        day_values = [v for index, on in enumerate(dates) for v in (index, ops.adapt_datefield_value(on))]
        query = f"SELECT d.i, t.* FROM (VALUES {days}) AS d(i, on_day) CROSS JOIN LATERAL ({text}) t"  # noqa: S608
        values = day_values + values
    else:
        parts, values = [], []
        for index, on in enumerate(dates):
            per_date = list(params)
            for i in slots:
                per_date[i] = ops.adapt_datefield_value(on)
            parts.append(f"SELECT %s, t.* FROM ({sql}) t")  # noqa: S608 - Django-compiled SQL, values as parameters
            values += [index, *per_date]
        query = " UNION ALL ".join(parts)
    with connection.cursor() as cursor:
        cursor.execute(query, values)
        rows = cursor.fetchall()
    for index, code, w, m in rows:
        women, men = int(w or 0), int(m or 0)
        if women + men:
            out[(code, dates[index])] = {"sex=female": Decimal(women), "sex=male": Decimal(men)}
    return out


def map_figures(user: Any) -> list[Any]:
    """The women's share in bodies, for the territories' thematic map (tendik.geography.figures)."""
    from django.utils.translation import gettext as _

    from tendik.geography.figures import MapFigure, group_by_units

    if not has_perm(user, Perm.PARTICIPATION_VIEW):
        return []

    def values(user: Any, units: Any) -> dict[str, float | int | None]:
        on = timezone.localdate()
        qs = with_composition(active_on(bodies_for(user), on), on=on)
        grouped = group_by_units(qs, path_field="unit__path", units=units, w=Sum("c_women"), m=Sum("c_men"))
        out: dict[str, float | int | None] = {}
        for code, row in grouped.items():
            value = share(int(row["w"] or 0), int(row["w"] or 0) + int(row["m"] or 0))
            out[code] = float(value) if value is not None else None
        return out

    return [
        MapFigure(
            key="participation.women_share_bodies",
            label=_("Women's share of seats in councils and other bodies"),
            value_label=_("Women, %"),
            values=values,
            percent=True,
            decimals=1,
            note=_("Filled seats of the bodies recorded in Tendik, today."),
            group=_("Participation"),
        )
    ]
