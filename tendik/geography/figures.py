"""Figures that a thematic map can show, registered by the apps that own them (geography imports none of them).

An app registers a provider in its AppConfig.ready():

    from tendik.geography import figures
    figures.register_provider(my_figures)   # my_figures(user) -> list[figures.MapFigure]

Each `MapFigure` names itself (`key`, `label`), says how its values read (`value_label`, `percent`, `decimals`,
`note`: definition, source, period) and computes them: `values(user, units)` returns {SOATE code: figure} for the
given units, each figure covering the unit and everything under it, scoped to what `user` may see (a figure the
user may not see at all is simply not returned by the provider). `group_by_units` does the grouping in the database.
The territories' map page (`geography:map`, `?figure=<key>`) lists every figure the user has and draws it with
`tendik.geography.choropleth`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Aggregate, QuerySet
from django.db.models.functions import Substr

from tendik.geography.models import AdministrativeUnit

Number = float | int | None
# {code: figure}; a text instead of a figure (e.g. "<5", suppressed) is shown as it is, coloured as "no data".
Values = Callable[[Any, Sequence[AdministrativeUnit]], Mapping[str, Number | str]]
PATH_SEGMENT = 15  # a 14-digit SOATE code and its slash


@dataclass(frozen=True)
class MapFigure:
    key: str
    label: str
    value_label: str
    values: Values
    percent: bool = False
    decimals: int = 0
    note: str = ""
    group: str = ""  # heading the figure is listed under (its module)


Provider = Callable[[Any], list[MapFigure]]
_PROVIDERS: list[Provider] = []


def register_provider(provider: Provider) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def figures_for(user: Any) -> list[MapFigure]:
    """Every figure `user` may put on a map, in the order the apps registered them."""
    return [f for provider in _PROVIDERS for f in provider(user)]


def figure_get(user: Any, key: str) -> MapFigure | None:
    return next((f for f in figures_for(user) if f.key == key), None)


def group_by_units(
    qs: QuerySet[Any], *, path_field: str, units: Sequence[AdministrativeUnit], **aggregates: Aggregate
) -> dict[str, dict[str, Any]]:
    """{unit code: {name: aggregate}} of the rows of `qs` lying in each of `units` (by `path_field`, the
    materialised path of the row's unit). One grouped query per depth among `units` (usually one)."""
    out: dict[str, dict[str, Any]] = defaultdict(dict)
    by_depth: dict[int, dict[str, str]] = defaultdict(dict)
    for u in units:
        by_depth[u.depth][u.path] = u.code
    for depth, paths in by_depth.items():
        length = PATH_SEGMENT * (depth + 1)
        rows = (
            qs.annotate(_territory=Substr(path_field, 1, length)).values("_territory").annotate(**aggregates).order_by()
        )
        for row in rows:
            code = paths.get(row["_territory"])
            if code is not None:
                out[code] = {name: row[name] for name in aggregates}
    return dict(out)
