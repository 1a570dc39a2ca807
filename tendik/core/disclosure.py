"""Small-number protection: the one mechanism every aggregate shown outside its owners goes through.

How to use it (protection report, VAWP and participation statistics, public portal, open data, API):

    table = Table()
    table.breakdown("cases", total=12, parts={"female": 11, "male": 1})          # 1-D, shares the total ...
    table.breakdown("cases", total=12, parts={"batken": 9, "osh": 3}, name="oblast")  # ... with another breakdown
    table.amount("cash_som", Decimal("13000"), count="cash_people")            # hidden whenever its count is
    shown = table.protect(audience=Audience.PUBLIC)
    shown["cases", "male"].display    -> "<5"          (reason: fewer than five people)
    shown["cases", "female"].display  -> "–"           (reason: hidden so that the small figure cannot be worked out)
    shown.nested()                    -> the same keys as a nested dict of `Figure`s, for templates / JSON

Rules (see docs/security.md):
1. **Primary suppression**: a count from 1 to 4 is hidden ("<5"). Zero stays visible: it identifies no one.
2. **Complementary suppression**: figures are linked by additive relations (a total and its parts; rows, columns and
   marginal totals of a cross table; several breakdowns of one total; a parent territory and its children; a year and
   its months when both are published). More figures are hidden ("–") until no hidden figure can be recovered from
   the visible ones: not by a total minus visible parts, not by any linear combination of relations, and not by the
   bounds an attacker knows (a "<5" is 1–4, a "–" is at least 5). Breakdowns whose parts do not add up to the total
   get an implicit remainder, which is protected like any other figure though it is never displayed.
3. **Amounts** (som) are hidden wherever the count of people behind them is hidden, and complementary amounts are
   hidden so that no hidden amount equals a visible total minus visible parts.
4. **Whole periods**: public and cross-committee figures cover whole calendar periods (`whole_period`), never an
   arbitrary window, so that moving a start date by a few weeks cannot isolate one case. Publish one granularity per
   population (or declare the year = its quarters relation in the same table).
5. **Audience**: `Audience.EXACT` (the owning committee; internal roles with the right permission) sees exact values,
   never identities; `CROSS_SCOPE` and `PUBLIC` see protected values.

A table is protected as a whole: publish every figure of one population from one protected table, so that the same
figure is never hidden in one place and shown in another.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Any

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

THRESHOLD = 5  # counts from 1 to THRESHOLD - 1 are hidden
SMALL = "<5"
DASH = "–"
INF = float("inf")

Key = Hashable


class Audience(StrEnum):
    EXACT = "exact"  # the owning committee, internal roles with the permission: exact aggregates
    CROSS_SCOPE = "cross_scope"  # staff outside the owning committee: protected
    PUBLIC = "public"  # anyone: protected


class Reason(StrEnum):
    NONE = ""
    SMALL = "small"  # primary: 1–4
    COMPLEMENTARY = "complementary"  # hidden so that a small figure cannot be worked out
    AMOUNT = "amount"  # an amount whose count is hidden (or a complement of one)


REASON_TEXT = {
    Reason.NONE: "",
    Reason.SMALL: _("Fewer than five people: the exact number is hidden to protect them."),
    Reason.COMPLEMENTARY: _("Hidden so that a small number cannot be worked out from the totals."),
    Reason.AMOUNT: _("Hidden because the number of people it concerns is hidden."),
}


@dataclass(frozen=True)
class Figure:
    """One published value: `value` is None when hidden; `display` is what people read."""

    value: int | Decimal | None
    reason: Reason = Reason.NONE
    is_amount: bool = False

    @property
    def hidden(self) -> bool:
        return self.reason != Reason.NONE

    @property
    def display(self) -> str:
        if self.reason == Reason.SMALL:
            return SMALL
        if self.hidden or self.value is None:
            return DASH
        if self.is_amount:
            return number_format(self.value, decimal_pos=0, use_l10n=True, force_grouping=True)
        return number_format(self.value, use_l10n=True, force_grouping=True)

    @property
    def reason_text(self) -> str:
        return str(REASON_TEXT[self.reason])

    def as_json(self) -> dict[str, Any]:
        """For APIs and open data: the number (or null) and why it is missing."""
        value: Any = self.value
        if isinstance(value, Decimal):
            value = str(value)
        return {"value": value, "display": self.display, "suppressed": self.hidden, "reason": str(self.reason)}

    def __str__(self) -> str:
        return self.display


def join(prefix: Key, *parts: Any) -> tuple[Any, ...]:
    """The key of a part: a tuple prefix is extended, anything else becomes the first element."""
    head = prefix if isinstance(prefix, tuple) else (prefix,)
    return (*head, *parts)


@dataclass
class _Relation:
    """sum(coef * cell) == 0 for the cells' true values (a total is -1, its parts +1)."""

    terms: tuple[tuple[Key, int], ...]


@dataclass
class Table:
    """Figures of one population and the additive relations between them; `protect` decides what is shown."""

    counts: dict[Key, int] = field(default_factory=dict)
    amounts: dict[Key, Decimal] = field(default_factory=dict)
    amount_count: dict[Key, Key] = field(default_factory=dict)
    relations: list[_Relation] = field(default_factory=list)
    amount_relations: list[_Relation] = field(default_factory=list)
    undisplayed: set[Key] = field(default_factory=set)  # implicit remainders: protected, never shown

    # -- building -------------------------------------------------------------------------------------------------
    def count(self, key: Key, value: int) -> Key:
        """A count of people / cases / events (subject to primary suppression)."""
        value = int(value or 0)
        if key in self.counts and self.counts[key] != value:
            raise ValueError(f"figure {key!r} given twice with different values")
        self.counts[key] = value
        return key

    def relation(self, total: Key, parts: Iterable[Key]) -> None:
        """`total` equals the sum of `parts` (all already added). A missing remainder is added automatically."""
        parts = list(parts)
        rest = self.counts[total] - sum(self.counts[p] for p in parts)
        if rest < 0:
            raise ValueError(f"parts of {total!r} add up to more than the total")
        if rest:
            remainder = self.count((total, "__rest__", len(self.relations)), rest)
            self.undisplayed.add(remainder)
            parts.append(remainder)
        self.relations.append(_Relation(((total, -1), *((p, 1) for p in parts))))

    def breakdown(self, prefix: Key, *, total: int, parts: Mapping[Any, int], name: str | None = None) -> None:
        """A total (key `prefix`) and its parts (keys `(*prefix, part)`, or `(*prefix, name, part)` when named)."""
        self.count(prefix, total)
        keys = []
        for part, value in parts.items():
            key = join(prefix, name, part) if name else join(prefix, part)
            keys.append(self.count(key, value))
        self.relation(prefix, keys)

    def cross(
        self, prefix: Key, rows: Mapping[Any, Mapping[Any, int]], *, columns: Iterable[Any] | None = None
    ) -> None:
        """A rows × columns table: row totals `(*prefix, row, None)`, column totals `(*prefix, None, col)`, the
        grand total `prefix`. Missing cells are zero."""
        cols = list(columns) if columns is not None else sorted({c for r in rows.values() for c in r}, key=str)
        grand = 0
        col_totals = dict.fromkeys(cols, 0)
        for row, cells in rows.items():
            for col in cols:
                self.count(join(prefix, row, col), cells.get(col, 0))
                col_totals[col] += cells.get(col, 0)
            row_total = sum(cells.get(c, 0) for c in cols)
            self.count(join(prefix, row, None), row_total)
            self.relation(join(prefix, row, None), [join(prefix, row, c) for c in cols])
            grand += row_total
        for col in cols:
            self.count(join(prefix, None, col), col_totals[col])
            self.relation(join(prefix, None, col), [join(prefix, r, col) for r in rows])
        self.count(prefix, grand)
        self.relation(prefix, [join(prefix, r, None) for r in rows])
        self.relation(prefix, [join(prefix, None, c) for c in cols])

    def amount(self, key: Key, value: Decimal | int | None, *, count: Key) -> Key:
        """An amount (som) that is hidden whenever the count `count` is hidden."""
        self.amounts[key] = Decimal(value or 0)
        self.amount_count[key] = count
        return key

    def amount_relation(self, total: Key, parts: Iterable[Key]) -> None:
        self.amount_relations.append(_Relation(((total, -1), *((p, 1) for p in parts))))

    # -- protecting -----------------------------------------------------------------------------------------------
    def protect(self, *, audience: Audience = Audience.PUBLIC) -> Protected:
        """The figures as `audience` may see them."""
        if audience == Audience.EXACT:
            reasons: dict[Key, Reason] = {}
        else:
            reasons = _suppress_counts(self.counts, self.relations)
            for key, count_key in self.amount_count.items():
                if count_key in reasons:
                    reasons[key] = Reason.AMOUNT
            amount_hidden = _complete(
                {k: v for k, v in self.amounts.items()},
                self.amount_relations,
                {k for k in self.amounts if k in reasons},
                bounds=False,
            )
            for key in amount_hidden:
                reasons.setdefault(key, Reason.AMOUNT)
        figures: dict[Key, Figure] = {}
        for key, value in self.counts.items():
            if key in self.undisplayed:
                continue
            reason = reasons.get(key, Reason.NONE)
            figures[key] = Figure(None if reason else value, reason)
        for key, amount in self.amounts.items():
            reason = reasons.get(key, Reason.NONE)
            figures[key] = Figure(None if reason else amount, reason, is_amount=True)
        return Protected(figures)


class Protected(Mapping[Key, Figure]):
    """The protected figures of a table, by key."""

    def __init__(self, figures: dict[Key, Figure]):
        self._figures = figures

    def __getitem__(self, key: Key) -> Figure:
        return self._figures[key]

    def __iter__(self) -> Iterator[Key]:
        return iter(self._figures)

    def __len__(self) -> int:
        return len(self._figures)

    @property
    def any_hidden(self) -> bool:
        return any(f.hidden for f in self._figures.values())

    def nested(self) -> dict[Any, Any]:
        """Tuple keys as nested dicts: {("cases", "male"): f} -> {"cases": {"male": f}}. A key that is both a leaf and
        a prefix keeps its own figure under "total"."""
        out: dict[Any, Any] = {}
        for key in sorted(self._figures, key=lambda k: len(k) if isinstance(k, tuple) else 1):
            path = [p for p in key if p is not None] if isinstance(key, tuple) else [key]
            node = out
            for part in path[:-1]:
                child = node.get(part)
                if isinstance(child, Figure):
                    child = node[part] = {"total": child}
                node = node.setdefault(part, {})
            if isinstance(node.get(path[-1]), dict):
                node[path[-1]]["total"] = self._figures[key]
            else:
                node[path[-1]] = self._figures[key]
        return out


def _suppress_counts(values: Mapping[Key, int], relations: list[_Relation]) -> dict[Key, Reason]:
    primary = {k for k, v in values.items() if 0 < v < THRESHOLD}
    hidden = _complete(dict(values), relations, primary, bounds=True)
    return {k: (Reason.SMALL if k in primary else Reason.COMPLEMENTARY) for k in hidden}


def _complete(
    values: Mapping[Key, int | Decimal], relations: list[_Relation], hidden: set[Key], *, bounds: bool
) -> set[Key]:
    """Grow `hidden` until no hidden value can be worked out. Only grows, so it ends."""
    hidden = set(hidden)
    primary = set(hidden)
    touching: dict[Key, list[_Relation]] = {}
    for rel in relations:
        for key, _coef in rel.terms:
            touching.setdefault(key, []).append(rel)
    while True:
        exposed = recoverable(values, relations, hidden, primary if bounds else None)
        if not exposed:
            return hidden
        # A relation with a single hidden figure gives it away: hide its smallest visible non-zero neighbour.
        single = [rel for rel in relations if sum(1 for k, _c in rel.terms if k in hidden) == 1]
        if single:
            candidates = _candidates(values, single[:1], hidden)
            if candidates:
                hidden.add(min(candidates)[-1])
                continue
        near = {id(rel): rel for key in exposed for rel in touching.get(key, [])}
        candidates = _candidates(values, list(near.values()), hidden)
        if not candidates:
            near = {id(rel): rel for key in hidden for rel in touching.get(key, [])}
            candidates = _candidates(values, list(near.values()), hidden)
        if not candidates:
            return hidden | {k for rel in relations for k, _c in rel.terms}
        # Look one step ahead: the candidate leaving the fewest figures exposed, then the smallest value.
        best = min(
            candidates[:24],
            key=lambda c: (len(recoverable(values, relations, hidden | {c[-1]}, primary if bounds else None)), c[:-1]),
        )
        hidden.add(best[-1])


def _candidates(
    values: Mapping[Key, int | Decimal], rels: list[_Relation], hidden: set[Key]
) -> list[tuple[Any, bool, str, Key]]:
    """Visible non-zero figures of `rels`, smallest first, parts before totals."""
    seen = {}
    for rel in rels:
        for k, coef in rel.terms:
            if k not in hidden and values[k] > 0:
                seen[k] = (values[k], coef == -1, str(k), k)
    return sorted(seen.values(), key=lambda c: c[:-1])


def recoverable(
    values: Mapping[Key, int | Decimal],
    relations: list[_Relation],
    hidden: set[Key],
    primary: set[Key] | None = None,
) -> set[Key]:
    """Hidden keys an attacker can pin to one value from the visible ones: by linear algebra over the relations and,
    when `primary` is given, by the bounds they know (primary 1..4, other hidden counts >= 5, amounts >= 0)."""
    order = sorted(hidden, key=str)
    index = {k: i for i, k in enumerate(order)}
    rows: list[tuple[list[Fraction], Fraction]] = []
    for rel in relations:
        coefs = [Fraction(0)] * len(order)
        const = Fraction(0)
        for key, coef in rel.terms:
            if key in index:
                coefs[index[key]] += coef
            else:
                const -= coef * Fraction(values[key])
        if any(coefs):
            rows.append((coefs, const))
    if not rows:
        return set()
    reduced = _rref(rows)
    found = set()
    for coefs, _const in reduced:
        nonzero = [i for i, c in enumerate(coefs) if c]
        if len(nonzero) == 1:
            found.add(order[nonzero[0]])
    if found:
        return found
    # Bounds: interval propagation over the original and the reduced rows.
    lo: list[float] = []
    hi: list[float] = []
    for key in order:
        if primary is None:
            lo.append(0.0)
            hi.append(INF)
        elif key in primary:
            lo.append(1.0)
            hi.append(float(THRESHOLD - 1))
        else:
            lo.append(float(THRESHOLD))
            hi.append(INF)
    system = rows + reduced
    for _round in range(60):
        changed = False
        for coefs, const in system:
            terms = [(i, float(c)) for i, c in enumerate(coefs) if c]
            for i, ci in terms:
                # ci * x_i = const - sum_{j != i} cj * x_j
                rest_lo, rest_hi = 0.0, 0.0
                for j, cj in terms:
                    if j == i:
                        continue
                    a, b = cj * lo[j], cj * hi[j]
                    rest_lo += min(a, b)
                    rest_hi += max(a, b)
                low, high = float(const) - rest_hi, float(const) - rest_lo
                if ci < 0:
                    low, high = high / ci, low / ci
                else:
                    low, high = low / ci, high / ci
                new_lo = max(lo[i], _ceil(low))
                new_hi = min(hi[i], _floor(high))
                if new_lo > lo[i] + 1e-9 or new_hi < hi[i] - 1e-9:
                    lo[i], hi[i] = new_lo, new_hi
                    changed = True
        if not changed:
            break
    return {order[i] for i in range(len(order)) if hi[i] - lo[i] < 0.5}


def _ceil(x: float) -> float:
    if x in (INF, -INF):
        return x
    return float(round(x)) if abs(x - round(x)) < 1e-9 else float(-(-x // 1))


def _floor(x: float) -> float:
    if x in (INF, -INF):
        return x
    return float(round(x)) if abs(x - round(x)) < 1e-9 else float(x // 1)


def _rref(rows: list[tuple[list[Fraction], Fraction]]) -> list[tuple[list[Fraction], Fraction]]:
    """Reduced row echelon form of the augmented rows (exact arithmetic)."""
    matrix = [(list(c), k) for c, k in rows]
    width = len(matrix[0][0])
    pivot_row = 0
    for col in range(width):
        pick = next((r for r in range(pivot_row, len(matrix)) if matrix[r][0][col]), None)
        if pick is None:
            continue
        matrix[pivot_row], matrix[pick] = matrix[pick], matrix[pivot_row]
        coefs, const = matrix[pivot_row]
        factor = coefs[col]
        coefs = [c / factor for c in coefs]
        const = const / factor
        matrix[pivot_row] = (coefs, const)
        for r in range(len(matrix)):
            if r != pivot_row and matrix[r][0][col]:
                f = matrix[r][0][col]
                matrix[r] = ([a - f * b for a, b in zip(matrix[r][0], coefs, strict=True)], matrix[r][1] - f * const)
        pivot_row += 1
        if pivot_row == len(matrix):
            break
    return [row for row in matrix if any(row[0])]


# -- whole periods ----------------------------------------------------------------------------------------------------


class Granularity(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


QUARTER_LABEL = {
    1: pgettext_lazy("quarter", "Q1"),
    2: pgettext_lazy("quarter", "Q2"),
    3: pgettext_lazy("quarter", "Q3"),
    4: pgettext_lazy("quarter", "Q4"),
}


@dataclass(frozen=True)
class Period:
    """A whole calendar month, quarter or year."""

    start: dt.date
    end: dt.date
    granularity: Granularity

    @property
    def label(self) -> str:
        if self.granularity == Granularity.YEAR:
            return str(self.start.year)
        if self.granularity == Granularity.QUARTER:
            return f"{QUARTER_LABEL[(self.start.month - 1) // 3 + 1]} {self.start.year}"
        return date_format(self.start, "YEAR_MONTH_FORMAT")

    def next(self) -> Period:
        return whole_period(self.end + dt.timedelta(days=1), self.granularity)

    def previous(self) -> Period:
        return whole_period(self.start - dt.timedelta(days=1), self.granularity)

    def __str__(self) -> str:
        return self.label


def whole_period(day: dt.date, granularity: Granularity | str = Granularity.YEAR) -> Period:
    """The whole calendar period of `granularity` that contains `day`."""
    granularity = Granularity(granularity)
    if granularity == Granularity.YEAR:
        return Period(dt.date(day.year, 1, 1), dt.date(day.year, 12, 31), granularity)
    if granularity == Granularity.QUARTER:
        first = 3 * ((day.month - 1) // 3) + 1
        start = dt.date(day.year, first, 1)
    else:
        start = dt.date(day.year, day.month, 1)
    months = 3 if granularity == Granularity.QUARTER else 1
    nxt = dt.date(start.year + (start.month + months - 1) // 12, (start.month + months - 1) % 12 + 1, 1)
    return Period(start, nxt - dt.timedelta(days=1), granularity)


def periods_between(start: dt.date, end: dt.date, granularity: Granularity | str) -> list[Period]:
    """The whole periods from the one containing `start` to the one containing `end`."""
    out = [whole_period(start, granularity)]
    while out[-1].end < end:
        out.append(out[-1].next())
    return out


def protect_values(values: Mapping[Key, int], *, audience: Audience = Audience.PUBLIC) -> Protected:
    """Unrelated counts (no totals published beside them): primary suppression only."""
    table = Table()
    for key, value in values.items():
        table.count(key, value)
    return table.protect(audience=audience)


__all__ = [
    "DASH",
    "SMALL",
    "THRESHOLD",
    "Audience",
    "Figure",
    "Granularity",
    "Period",
    "Protected",
    "Reason",
    "Table",
    "periods_between",
    "protect_values",
    "recoverable",
    "join",
    "whole_period",
]
