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

from tendik.core import pagecache
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


def cache_key(year: int) -> str:
    """The cache key of the year's public table and of the time it was computed (kept together)."""
    return f"portal:committee-figures:{year}"


def _computed(year: int) -> tuple[dict[str, dict[str, Figure]], float]:
    """The year's table, from the cache, or computed once for every process (tendik.core.pagecache.get_or_build:
    when it expires, the readers who come at that moment wait for one of them to compute it)."""
    value, _built = pagecache.get_or_build(cache_key(year), lambda: (_build_year(year), time.time()), CACHE_SECONDS)
    return value  # type: ignore[no-any-return]


def protected_year(year: int) -> dict[str, dict[str, Figure]]:
    """{figure: {path ("" for the country): Figure}} for the whole year, as the public may see it. Places without
    a figure are absent (read them as 0)."""
    return _computed(year)[0]


def _build_year(year: int) -> dict[str, dict[str, Figure]]:
    """Compute the year's table from the committees' figures, every place protected together."""
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
    return out


def stamp(year: int | None) -> float | None:
    """When the year's public table now in the cache was computed (it is computed if absent): a cached page part
    that shows it is rendered again once the table is (tendik.portal.views.public)."""
    if year is None:
        return None
    return _computed(year)[1]


def figures_for(year: int, paths: Iterable[str]) -> dict[str, dict[str, Figure]]:
    """{path: {figure: Figure}} for the places asked for (0 where nothing was recorded)."""
    table = protected_year(year)
    zero = Figure(0)
    return {path: {f: table[f].get(path, zero) for f in FIGURES} for path in paths}


def years() -> list[int]:
    return _years()


def definitions() -> list[dict[str, Any]]:
    return [{"key": k, "title": str(t), "definition": str(d)} for k, (t, d) in FIGURES.items()]
