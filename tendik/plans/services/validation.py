"""Checks on what a municipality reports for one measure: errors block saving, warnings ask for a second look.

Field keys: status, progress, narrative, spent_<source>, and value:<indicator code>:<combination> for figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from tendik.core.numbers import format_amount, format_number
from tendik.plans import combos
from tendik.plans.models import BUDGET_SOURCES, Indicator, IndicatorUnit, MeasureStatus

# A figure differing from the previous period's by more than this share (and by at least MIN_JUMP) is questioned.
JUMP_SHARE = Decimal("0.5")
MIN_JUMP = Decimal(10)


def value_key(indicator_code: str, combo: str) -> str:
    return f"value:{indicator_code}:{combo}"


@dataclass
class EntryData:
    """What is reported for one measure in one period."""

    status: str = MeasureStatus.NOT_STARTED
    progress: int | None = 0
    narrative: str = ""
    spent: dict[str, Decimal | None] = field(default_factory=dict)
    values: dict[tuple[str, str], Decimal | None] = field(default_factory=dict)  # (indicator code, combo) → value


@dataclass
class Outcome:
    errors: dict[str, list[str]] = field(default_factory=dict)
    warnings: dict[str, list[str]] = field(default_factory=dict)

    def error(self, key: str, message: str) -> None:
        self.errors.setdefault(key, []).append(message)

    def warn(self, key: str, message: str) -> None:
        self.warnings.setdefault(key, []).append(message)


def to_decimal(raw: Any) -> Decimal | None:
    """Parse a figure as typed (spaces and a decimal comma allowed); ValueError when it is not a number."""
    if raw is None:
        return None
    if isinstance(raw, Decimal):
        return raw
    if isinstance(raw, int | float):
        return Decimal(str(raw))
    text = str(raw).replace("\u00a0", "").replace(" ", "").replace(",", ".").strip()
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(text) from exc
    if not value.is_finite():
        raise ValueError(text)
    return value


def _fmt(value: Decimal) -> str:
    return f"{value.normalize():f}" if value == value.to_integral() else f"{value:.2f}"


_STATUSES = frozenset(MeasureStatus.values)  # once, not per entry


def validate_entry(
    *,
    data: EntryData,
    indicators: list[Indicator],
    all_indicators: dict[str, Indicator],
    previous: dict[tuple[str, str], Decimal],
    planned: Decimal,
    spent_elsewhere: Decimal,
    allowed: dict[str, set[str]] | None = None,
    ratios: list[Indicator] | None = None,
    measure: str = "",
) -> Outcome:
    """Check one entry. `indicators` are the measure's (categories prefetched); `previous` holds last period's
    figures by (indicator code, combo); `planned` is the measure's budget, `spent_elsewhere` what other reports
    already spent on it; `measure` (number and words) is named in the warnings, which are also read in a list away
    from the form (an upload's preview). Checking many entries, pass `allowed` (indicator code → its combinations)
    and `ratios` (the ratio indicators with both parts) computed once."""
    out = Outcome()
    about = measure or _("this measure")
    if data.status not in _STATUSES:
        out.error("status", _("Choose a status."))
    progress = data.progress
    if progress is None or not (0 <= progress <= 100):
        out.error("progress", _("Progress is a percentage from 0 to 100."))
    elif data.status == MeasureStatus.NOT_STARTED and progress > 0:
        out.error("progress", _("A measure that has not started cannot show progress."))
    elif data.status == MeasureStatus.DONE and progress < 100:
        out.error("progress", _("A measure that is done has progress 100."))
    if data.status in (MeasureStatus.DELAYED, MeasureStatus.CANCELLED) and not data.narrative.strip():
        out.error("narrative", _("Explain why the measure is delayed or cancelled."))
    spent_total = Decimal(0)
    for source in BUDGET_SOURCES:
        amount = data.spent.get(source)
        if amount is None:
            continue
        if amount < 0:
            out.error(f"spent_{source}", _("An amount cannot be negative."))
        else:
            spent_total += amount
    if planned and spent_total + spent_elsewhere > planned:
        out.warn(
            "spent_local",
            _("Measure %(measure)s: spending so far (%(spent)s) exceeds the planned budget (%(planned)s).")
            % {
                "measure": about,
                "spent": format_amount(spent_total + spent_elsewhere),
                "planned": format_amount(planned),
            },
        )

    mine = {i.code for i in indicators}
    if allowed is None:
        allowed = {i.code: {c.key for c in combos.indicator_combos(i)} for i in indicators}
    for (code, combo), value in data.values.items():
        key = value_key(code, combo)
        if code not in mine or combo not in allowed.get(code, ()):
            out.error(key, _("This figure is not reported for this measure."))
            continue
        if value is None:
            continue
        indicator = all_indicators[code]
        if value < 0:
            out.error(key, _("A figure cannot be negative."))
        elif indicator.unit == IndicatorUnit.COUNT and value != value.to_integral():
            out.error(key, _("A count is a whole number."))
        elif indicator.unit == IndicatorUnit.PERCENT and value > 100:
            out.error(key, _("A percentage cannot exceed 100."))
        prev = previous.get((code, combo))
        if prev is not None and key not in out.errors:
            jump = abs(value - prev)
            if jump >= MIN_JUMP and (prev == 0 or jump > prev * JUMP_SHARE):
                # Rare (a warning): the breakdown's words are looked up only here, not for every figure.
                breakdown = next((c.label for c in combos.indicator_combos(indicator) if c.key == combo), "")
                out.warn(
                    key,
                    _(
                        "Measure %(measure)s, indicator “%(indicator)s”%(breakdown)s: %(value)s is far from the "
                        "previous period's %(prev)s: please check the figure."
                    )
                    % {
                        "measure": about,
                        "indicator": indicator.name,
                        "breakdown": f" ({breakdown})" if breakdown else "",
                        "value": format_number(value),
                        "prev": format_number(prev),
                    },
                )

    # A part never exceeds its total: ratio indicators whose two parts are both reported here.
    reported = mine
    for ratio in all_indicators.values() if ratios is None else ratios:
        if not ratio.is_ratio or ratio.numerator is None or ratio.denominator is None:
            continue
        num, den = ratio.numerator.code, ratio.denominator.code
        if num not in reported or den not in reported:
            continue
        part = combos.total([(c, v) for (i, c), v in data.values.items() if i == num], ratio.numerator_filter)
        whole = combos.total([(c, v) for (i, c), v in data.values.items() if i == den], ratio.denominator_filter)
        if part is not None and whole is not None and part > whole:
            first = next(
                c
                for (i, c), v in data.values.items()
                if i == num and v is not None and combos.matches(c, ratio.numerator_filter)
            )
            out.error(
                value_key(num, first),
                _("“%(part)s” (%(pv)s) cannot exceed its total “%(whole)s” (%(wv)s).")
                % {
                    "part": ratio.numerator.name,
                    "pv": format_number(part),
                    "whole": ratio.denominator.name,
                    "wv": format_number(whole),
                },
            )
    return out
