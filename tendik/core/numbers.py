"""Numbers and amounts as the active language writes them: one place for every page, document and message.

ru/ky: "12 345,5" (a no-break space between thousands, a decimal comma); en: "12,345.5". An amount carries the
unit of the national currency in the language's own word ("12 500 сом", "12,500 som").
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import pgettext

NO_VALUE = "–"


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return value if isinstance(value, Decimal) else Decimal(str(value))
    except ArithmeticError:
        return None


def format_number(value: Any, decimals: int | None = None) -> str:
    """`value` grouped by thousands; `decimals` None shows up to two decimals and none for a whole number."""
    exact = _decimal(value)
    if exact is None or not exact.is_finite():
        return NO_VALUE
    if decimals is None:
        decimals = 0 if exact == exact.to_integral() else 2
        if decimals:
            exact = exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP).normalize()
            decimals = max(0, -exact.as_tuple().exponent)  # type: ignore[operator]
    exact = exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return number_format(exact, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def format_amount(value: Any, *, unit: bool = True) -> str:
    """An amount of money in whole som: "12 500 сом" (with `unit`) or "12 500" (under a header that names it)."""
    text = format_number(value, 0)
    if not unit or text == NO_VALUE:
        return text
    return pgettext("currency, after an amount", "%(amount)s som") % {"amount": text}
