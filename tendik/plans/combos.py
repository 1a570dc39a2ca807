"""Breakdown combinations: "age_group=18-29;sex=female" (parts sorted by category code); "" is the total."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Combo:
    key: str
    labels: tuple[str, ...]  # option names, in category order

    @property
    def label(self) -> str:
        return " · ".join(self.labels)


def parse(key: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in key.split(";") if "=" in part)


def make_key(parts: dict[str, str]) -> str:
    return ";".join(f"{k}={parts[k]}" for k in sorted(parts))


def matches(key: str, filter_key: str) -> bool:
    """Does a value's combination fall under `filter_key` ("" matches everything)?"""
    if not filter_key:
        return True
    parts = parse(key)
    return all(parts.get(k) == v for k, v in parse(filter_key).items())


def indicator_combos(indicator: Any) -> list[Combo]:
    """Every combination an indicator is reported by (the cross product of its categories' options).

    Expects `categories` and their `options` prefetched when called in a loop.
    """
    categories = sorted(indicator.categories.all(), key=lambda c: (c.order, c.code))
    if not categories:
        return [Combo("", ())]
    options = [[(c.code, o.code, o.name) for o in c.options.all()] for c in categories]
    combos = []
    for choice in itertools.product(*options):
        key = make_key({cat: opt for cat, opt, _ in choice})
        combos.append(Combo(key, tuple(name for _, _, name in choice)))
    return combos


def total(values: Iterable[tuple[str, Any]], filter_key: str = "") -> Any:
    """Sum of the values whose combination matches `filter_key`; None when there is none."""
    result = None
    for key, value in values:
        if value is not None and matches(key, filter_key):
            result = value if result is None else result + value
    return result


def option_names() -> dict[tuple[str, str], str]:
    """(category code, option code) → option name in the current language (one query)."""
    from tendik.plans.models import CategoryOption

    return {(o.category.code, o.code): o.name for o in CategoryOption.objects.select_related("category")}


def label(key: str, names: dict[tuple[str, str], str]) -> str:
    return " · ".join(names.get((k, v), v) for k, v in sorted(parse(key).items()))
