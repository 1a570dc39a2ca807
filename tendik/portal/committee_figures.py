"""Committee figures for the public: one protected table of the whole country per calendar year.

Every territory's figure equals the sum over the territories inside it (plus what is recorded at the territory
itself), so the figures of an oblast, its rayons and their municipalities are protected together by
`tendik.core.disclosure`: no page can be subtracted from another to reveal a hidden figure. Years are whole and
never summed on the portal, so neighbouring periods cannot be subtracted either. The table is cached for a few
minutes (it is the same for every visitor).
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.core.cache import cache

from tendik.core.disclosure import Audience, Figure, Protected, Table, protect_values
from tendik.protection.selectors.public import EXACT_FIGURES, FIGURES, figures_by_place
from tendik.protection.selectors.public import years_with_figures as _years

CACHE_SECONDS = 300
COUNTRY = ""  # the path key of the whole country


def _ancestors(path: str) -> list[str]:
    parts = [p for p in path.split("/") if p]
    return ["/".join(parts[:i]) + "/" for i in range(1, len(parts))]


def build_table(by_place: dict[str, dict[str, int]], figure: str) -> tuple[Table, dict[str, int]]:
    """The table of one figure: every place with data, every territory above it and the country."""
    totals: dict[str, int] = defaultdict(int)
    children: dict[str, set[str]] = defaultdict(set)
    for path, values in by_place.items():
        value = values.get(figure, 0)
        if not value:
            continue
        chain = [COUNTRY, *_ancestors(path), path]
        for node in chain:
            totals[node] += value
        for parent, child in zip(chain, chain[1:], strict=False):
            children[parent].add(child)
    table = Table()
    for node, value in totals.items():
        table.count((figure, node), value)
    for parent, kids in children.items():
        table.relation((figure, parent), [(figure, k) for k in sorted(kids)])
    return table, dict(totals)


def cache_keys(year: int) -> tuple[str, str]:
    """The cache keys of the year's public table and of the time it was computed (they expire together)."""
    key = f"portal:committee-figures:{year}"
    return key, f"{key}:at"


def protected_year(year: int) -> dict[str, dict[str, Figure]]:
    """{figure: {path ("" for the country): Figure}} for the whole year, as the public may see it. Places without
    a figure are absent (read them as 0)."""
    key, at_key = cache_keys(year)
    cached = cache.get(key)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    by_place = figures_by_place(year=year)
    out: dict[str, dict[str, Figure]] = {}
    for figure in FIGURES:
        table, totals = build_table(by_place, figure)
        shown: Protected = (
            protect_values({(figure, p): v for p, v in totals.items()}, audience=Audience.EXACT)
            if figure in EXACT_FIGURES
            else table.protect(audience=Audience.PUBLIC)
        )
        out[figure] = {path: shown[(figure, path)] for path in totals}
    cache.set_many({key: out, at_key: time.time()}, CACHE_SECONDS)
    return out


def stamp(year: int | None) -> float | None:
    """When the year's public table now in the cache was computed (it is computed if absent): a cached page part
    that shows it is rendered again once the table is (tendik.portal.views.public)."""
    if year is None:
        return None
    at_key = cache_keys(year)[1]
    at = cache.get(at_key)
    if at is None:
        protected_year(year)
        at = cache.get(at_key)
    return at  # type: ignore[no-any-return]


def figures_for(year: int, paths: Iterable[str]) -> dict[str, dict[str, Figure]]:
    """{path: {figure: Figure}} for the places asked for (0 where nothing was recorded)."""
    table = protected_year(year)
    zero = Figure(0)
    return {path: {f: table[f].get(path, zero) for f in FIGURES} for path in paths}


def years() -> list[int]:
    return _years()


def definitions() -> list[dict[str, Any]]:
    return [{"key": k, "title": str(t), "definition": str(d)} for k, (t, d) in FIGURES.items()]
