"""Derived indicator sources: figures that another module computes from its own records (plans never imports it).

A module above plans registers, in its AppConfig.ready(), a source that feeds some indicators by code:

    register_indicator_source("participation.bodies", indicators={"local_kenesh_deputies"}, fn=my_fn,
                              models={"participation.body": "unit__path", "participation.bodytype": None, ...})

`fn(*, indicator_codes, territory, dates)` returns `{(indicator_code, date): {combo: value}}` — for each requested
date, the figures of the territory (None: the country) broken down as the indicator is ("sex=female", "" for the
total). It must run a fixed number of queries (never one per row). `models` ("app.model") are those its figures are
computed from: a change to them raises the plans dashboards' cache generation (tendik.core.pagecache), so the
dashboards show it at once; given as a mapping, each model's value is the lookup to the path of the place its rows
belong to (None: rows of no one place), so that a change raises only the territories above that place.

`indicator_series` reads the sources for every yearly reporting period: figures entered for the territory itself
(published statistics) win; derived figures come next; municipalities' reported figures are added up only where
neither exists. So a number a module already holds is never typed again into a report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

DerivedFigures = dict[tuple[str, dt.date], dict[str, Decimal]]
SourceFn = Callable[..., DerivedFigures]


@dataclass(frozen=True)
class IndicatorSource:
    key: str
    indicators: frozenset[str]
    fn: SourceFn


_sources: dict[str, IndicatorSource] = {}


def register_indicator_source(
    key: str,
    *,
    indicators: set[str] | frozenset[str],
    fn: SourceFn,
    models: Iterable[str] | Mapping[str, str | None] = (),
) -> None:
    """Add (or replace, by `key`) a source feeding the indicators with these codes, computed from these models."""
    from tendik.core import pagecache
    from tendik.plans.rollups import PAGES

    _sources[key] = IndicatorSource(key=key, indicators=frozenset(indicators), fn=fn)
    paths = {m: p for m, p in models.items() if p is not None} if isinstance(models, Mapping) else {}
    pagecache.watch(PAGES, models=models, paths=paths)


def unregister_indicator_source(key: str) -> None:
    _sources.pop(key, None)


def fed_indicators() -> frozenset[str]:
    """Codes of every indicator some source feeds."""
    return frozenset(code for s in _sources.values() for code in s.indicators)


def derived_figures(*, indicator_codes: set[str], territory: Any, dates: list[dt.date]) -> DerivedFigures:
    """The figures every registered source derives for these indicators, territory and dates."""
    out: DerivedFigures = {}
    if not dates:
        return out
    for source in _sources.values():
        wanted = source.indicators & indicator_codes
        if wanted:
            out.update(source.fn(indicator_codes=wanted, territory=territory, dates=dates))
    return out
