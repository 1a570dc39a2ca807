"""The committee report as one protected table (tendik.core.disclosure): which figures add up to which.

Every count of the report is a figure; the relations say which breakdowns share a total, so that a hidden figure can
never be worked out as a total minus its visible parts or from another breakdown of the same total. The cash-aid
amount is hidden with the number of women who received it.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from tendik.core.disclosure import Audience, Figure, Protected, Table

# (total, breakdown) pairs whose parts add up to the total (a missing remainder is protected automatically).
ADDS_UP = [
    (("committees", "members"), ("committees", "members_by_sector")),
    (("committees", "members"), ("committees", "members_by_sex")),
    (("appeals", "total"), ("appeals", "by_channel")),
    (("appeals", "total"), ("appeals", "by_outcome")),
    (("cases", "included"), ("cases", "by_sex")),
    (("cases", "included"), ("cases", "by_age_group")),
    (("cases", "included"), ("cases", "by_relationship")),
    (("referrals", "total"), ("referrals", "by_provider_kind")),
    (("referrals", "total"), ("referrals", "by_status")),
    (("prevention", "events"), ("prevention", "by_kind")),
    (("prevention", "people"), ("prevention", "people_by_sex")),
    (("training", "people"), ("training", "by_length")),
    (("training", "people"), ("training", "by_region")),
]
# A part of a total, published alone.
PART_OF = [
    (("cases", "included"), ("cases", "with_disability")),
    (("meetings", "held"), ("meetings", "on_violence_facts")),
]
# The same figure published under two names.
SAME = [(("services", "cash_aid_recipients"), ("services", "people_by_kind", "cash_aid"))]
AMOUNT = (("services", "cash_aid_total_som"), ("services", "cash_aid_recipients"))


def _walk(data: Mapping[str, Any], path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Any]]:
    out = []
    for key, value in data.items():
        if isinstance(value, Mapping):
            out.extend(_walk(value, (*path, str(key))))
        else:
            out.append(((*path, str(key)), value))
    return out


def report_table(data: Mapping[str, Any]) -> Table:
    table = Table()
    for key, value in _walk(data):
        if key == AMOUNT[0]:
            continue
        if isinstance(value, bool) or not isinstance(value, int):
            continue
        table.count(key, value)
    for total, prefix in ADDS_UP:
        parts = [k for k in table.counts if isinstance(k, tuple) and len(k) == len(prefix) + 1 and k[:-1] == prefix]
        table.relation(total, parts)
    for total, part in PART_OF:
        table.relation(total, [part])
    for first, second in SAME:
        table.count(second, table.counts.get(second, 0))
        table.relation(first, [second])
    amount_key, count_key = AMOUNT
    table.amount(amount_key, _get(data, amount_key) or Decimal(0), count=count_key)
    return table


def _get(data: Mapping[str, Any], key: tuple[str, ...]) -> Any:
    node: Any = data
    for part in key:
        node = node.get(part) if isinstance(node, Mapping) else None
    return node


def protect_report(data: dict[str, Any], *, audience: Audience) -> tuple[dict[str, Any], Protected]:
    """The report's figures as `audience` may see them: numbers where shown, "<5" or "–" where hidden."""
    table = report_table(data)
    shown = table.protect(audience=audience)

    def rebuild(node: Mapping[str, Any], path: tuple[str, ...]) -> dict[str, Any]:
        return {
            key: rebuild(value, (*path, str(key)))
            if isinstance(value, Mapping)
            else _plain(shown.get((*path, str(key))), value)
            for key, value in node.items()
        }

    return rebuild(data, ()), shown


def _plain(figure: Figure | None, value: Any) -> Any:
    if figure is None:
        return value
    if figure.hidden:
        return figure.display
    if figure.is_amount:
        return f"{figure.value:.2f}"
    return figure.value
