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

from django.db import connection
from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from tendik.accounts.permissions import committee_ids
from tendik.accounts.roles import Perm
from tendik.core.disclosure import SMALL, Audience, Granularity, protect_values, whole_period
from tendik.geography.models import AdministrativeUnit
from tendik.protection import rollups
from tendik.protection.models import Case, CaseFigureRollup, Committee, EventKind, ServiceKind
from tendik.protection.models.events import PREVENTION_KINDS
from tendik.protection.selectors.report_parts import Compiled, Edges, Rows, by_key, collect, parts_query, total
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


def report_data(*, scope: ReportScope, date_from: dt.date, date_to: dt.date) -> dict[str, Any]:
    """All figures, unsuppressed. Callers showing them to people go through `report_for`.

    Two queries for a period of whole months: the case figures from their sums (ADR 0008) and every other part in
    one `UNION ALL` (`report_parts`). A period that starts or ends inside a month also counts the case figures of
    those days in the tables (six small queries), and their distinct counts in the same `UNION ALL`."""
    flat, edges = _case_figures(scope, date_from, date_to)
    unit, keys = activity_periods(date_from, date_to)
    rows = _other_parts(scope, date_from, date_to, unit == "month", edges)
    # Distinct cases (orders) over the period: those of the whole months from the sums, plus those of the partial
    # days that do not occur in a whole month.
    people_by_kind = dict(_part(flat, "services.people_by_kind"))
    for kind, n in by_key(rows, "services.people_by_kind").items():
        people_by_kind[kind] = people_by_kind.get(kind, 0) + n
    people_by_kind = {k: people_by_kind[k] for k in sorted(people_by_kind) if people_by_kind[k]}

    def distinct(figure: str) -> int:
        return int(flat.get(figure, 0)) + total(rows, figure)

    by_length: dict[str, int] = {"1": 0, "2": 0}
    by_region: dict[str, int] = {"north": 0, "south": 0, "unknown": 0}
    for days, oblast, _p, n in rows.get("attendance.training", ()):
        by_length[str(days)] = by_length.get(str(days), 0) + n
        by_region[region_of(oblast)] += n

    def prevention(kind: str) -> bool:
        return kind in PREVENTION_KINDS

    return {
        "committees": {
            "count": total(rows, "committees"),
            "members": total(rows, "members"),
            "members_by_sector": by_key(rows, "members"),
            "members_by_sex": by_key(rows, "members", 1),
        },
        "appeals": {
            "total": total(rows, "appeals"),
            "by_channel": by_key(rows, "appeals"),
            "by_outcome": by_key(rows, "appeals", 1),
        },
        "families": {
            "active": total(rows, "families.active"),
            "added": total(rows, "families.added"),
            "removed": total(rows, "families.removed"),
            "visits": by_key(rows, "visits"),
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
            "extended": distinct("orders.extended"),
            "violated": distinct("orders.violated"),
        },
        "referrals": {
            "total": int(flat.get("referrals.total", 0)),
            "by_provider_kind": _part(flat, "referrals.by_provider_kind"),
            "by_status": _part(flat, "referrals.by_status"),
            "women_to_crisis_centres_and_shelters": distinct("referrals.women_to_crisis_centres_and_shelters"),
        },
        "services": {
            "by_kind": _part(flat, "services.by_kind"),
            "people_by_kind": people_by_kind,
            "cash_aid_recipients": people_by_kind.get(ServiceKind.CASH_AID, 0),
            "cash_aid_total_som": flat.get(CASH_AMOUNTS) or Decimal("0"),
        },
        "meetings": {"held": total(rows, "meetings"), "on_violence_facts": total(rows, "meetings.on_violence_facts")},
        "prevention": {
            "events": sum(by_key(rows, "events", keep=prevention).values()),
            "by_kind": by_key(rows, "events", keep=prevention),
            "people": total(rows, "attendance.prevention"),
            "people_by_sex": by_key(rows, "attendance.prevention"),
        },
        "training": {
            "events": by_key(rows, "events").get(EventKind.TRAINING, 0),
            "people": sum(by_length.values()),
            "by_length": by_length,
            "by_region": by_region,
        },
        "activity": _activity(rows, unit, keys),
    }


_COMPILED: dict[tuple[Any, ...], Compiled] = {}


def _parts_query(scope: ReportScope, date_from: dt.date, date_to: dt.date, by_month: bool, edges: Edges | None) -> Any:
    return parts_query(
        committee_q=lambda prefix: (
            scope.committee_q(prefix) if prefix or scope.committee is None else Q(pk=scope.committee.pk)
        ),
        event_q=scope.event_q(),
        date_from=date_from,
        date_to=date_to,
        by_month=by_month,
        edges=edges,
    )


def _other_parts(scope: ReportScope, date_from: dt.date, date_to: dt.date, by_month: bool, edges: Edges | None) -> Rows:
    """The report's other parts (`report_parts`): one query, compiled once per shape of report and process."""
    compiled, values = _compiled_parts(scope, date_from, date_to, by_month, edges)
    return collect(compiled.rows(**values))


def _compiled_parts(
    scope: ReportScope, date_from: dt.date, date_to: dt.date, by_month: bool, edges: Edges | None
) -> tuple[Compiled, dict[str, Any]]:
    kind = "committee" if scope.committee is not None else "unit" if scope.unit is not None else "country"
    shape = None if edges is None else (len(edges.windows), edges.whole is None)
    key = (connection.alias, connection.vendor, kind, by_month, shape)
    marks = iter(Compiled.DATES)
    real: dict[dt.date, dt.date] = {}

    def mark(day: dt.date) -> dt.date:
        marker = next(marks)
        real[marker] = day
        return marker

    marked_from, marked_to = mark(date_from), mark(date_to)
    marked_edges = None
    if edges is not None:
        windows = tuple((mark(a), mark(b)) for a, b in edges.windows)
        whole = (mark(edges.whole[0]), mark(edges.whole[1])) if edges.whole is not None else None
        marked_edges = Edges(windows=windows, whole=whole)
    compiled = _COMPILED.get(key)
    if compiled is None:
        marked = ReportScope(
            committee=Committee(pk=Compiled.COMMITTEE) if kind == "committee" else None,
            unit=AdministrativeUnit(path=Compiled.PATH) if kind == "unit" else None,
        )
        compiled = _COMPILED[key] = Compiled(_parts_query(marked, marked_from, marked_to, by_month, marked_edges))
    return compiled, {
        "dates": real,
        "committee": scope.committee.pk if scope.committee is not None else None,
        "path": scope.unit.path if scope.unit is not None else None,
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


def _activity(rows: Rows, unit: str, keys: list[str]) -> dict[str, Any]:
    """Committee meetings, prevention events and trainings held, per month or quarter (from `other_parts`)."""

    def key(d: dt.date) -> str:
        return f"{d.year}-{d.month:02d}" if unit == "month" else f"{d.year}-Q{(d.month - 1) // 3 + 1}"

    def per_period(part: str, kinds: tuple[str, ...] | None = None) -> dict[str, int]:
        counts = dict.fromkeys(keys, 0)
        for kind, _b, p, n in rows.get(part, ()):
            if p is not None and (kinds is None or kind in kinds) and key(p) in counts:
                counts[key(p)] += n
        return counts

    return {
        "unit": unit,
        "periods": keys,
        "meetings": per_period("meetings"),
        "prevention": per_period("events", tuple(PREVENTION_KINDS)),
        "training": per_period("events", (EventKind.TRAINING,)),
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


def _case_figures(scope: ReportScope, date_from: dt.date, date_to: dt.date) -> tuple[dict[str, Any], Edges | None]:
    """The case figures ({"cases.by_sex.female": 12, …}): the sums of the whole months of the period (one query)
    plus, for the days of a partial first or last month, a count over those days (six small queries). The figures
    that count distinct cases or orders are those of the whole months only; the partial days', if any, are in the
    `Edges` returned (counted with the report's other parts)."""
    flat: dict[str, Any] = {}
    months = whole_months(date_from, date_to)
    windows: list[tuple[dt.date, dt.date]] = []
    whole: tuple[dt.date, dt.date] | None = None
    if months is None:
        windows.append((date_from, date_to))
    else:
        first, last = months
        whole = (first, _month_after(last) - dt.timedelta(days=1))
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
        if date_to > whole[1]:
            windows.append((whole[1] + dt.timedelta(days=1), date_to))
    if not windows:
        return flat, None
    edges = Edges(windows=tuple(windows), whole=whole)
    cases = Case.objects.filter(scope.committee_q())
    for _c, _m, _s, figure, amount, n in rollups.figure_rows(cases, edges.days, distinct=False):
        flat[figure] = flat.get(figure, 0) + n
        if figure == rollups.CASH_TOTAL:
            flat[CASH_AMOUNTS] = flat.get(CASH_AMOUNTS, Decimal(0)) + Decimal(amount)
    return flat, edges


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
