"""Public tables: every figure on the portal is a row of a dataset with a definition, source, period and extraction
date, downloadable as CSV, Excel and JSON, served by the open-data API and packed into the data package.

A dataset is built by a function of (territory, year); the registry `DATASETS` lists them. Hidden (protected)
figures are `None` in JSON and "<5" / "–" in CSV and Excel (declared as missing values in the Table Schema).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tendik.core.disclosure import DASH, SMALL, Figure
from tendik.geography.models import AdministrativeUnit

MISSING = ["", SMALL, DASH]


@dataclass(frozen=True)
class Column:
    name: str  # machine name (CSV header, JSON key)
    title: Any  # what people read
    type: str = "string"  # Table Schema type: string, integer, number, year
    description: Any = ""


@dataclass
class Dataset:
    key: str
    title: Any
    definition: Any
    source: Any
    period: str
    columns: list[Column]
    rows: list[dict[str, Any]]
    extracted: dt.datetime = field(default_factory=timezone.now)
    note: Any = ""

    def cell(self, row: dict[str, Any], column: Column) -> Any:
        """The value for files: numbers as numbers, hidden figures as their label."""
        value = row.get(column.name)
        if isinstance(value, Figure):
            return value.display if value.hidden else value.value
        return value

    def json_cell(self, row: dict[str, Any], column: Column) -> Any:
        value = row.get(column.name)
        if isinstance(value, Figure):
            return value.value if not value.hidden else None
        return value

    def table_rows(self) -> list[list[Any]]:
        return [[self.cell(r, c) for c in self.columns] for r in self.rows]

    def as_json(self) -> dict[str, Any]:
        hidden = {
            c.name: [i for i, r in enumerate(self.rows) if isinstance(r.get(c.name), Figure) and r[c.name].hidden]
            for c in self.columns
        }
        return {
            "key": self.key,
            "title": str(self.title),
            "definition": str(self.definition),
            "source": str(self.source),
            "period": self.period,
            "extracted": self.extracted.isoformat(),
            "note": str(self.note),
            "columns": [
                {"name": c.name, "title": str(c.title), "type": c.type, "description": str(c.description)}
                for c in self.columns
            ],
            "rows": [{c.name: self.json_cell(r, c) for c in self.columns} for r in self.rows],
            "suppressed": {k: v for k, v in hidden.items() if v},
        }


Builder = Callable[[AdministrativeUnit | None, int | None], Dataset]
DATASETS: dict[str, tuple[Any, Builder]] = {}


B = TypeVar("B", bound=Callable[..., Dataset])


def register(key: str, title: Any) -> Callable[[B], B]:
    def wrap(builder: B) -> B:
        DATASETS[key] = (title, builder)
        return builder

    return wrap


def build(key: str, *, unit: AdministrativeUnit | None = None, year: int | None = None) -> Dataset:
    """The dataset `key` for a territory (None: the country) and year (None: the latest)."""
    from tendik.portal import tables  # noqa: F401  (fills the registry)

    return DATASETS[key][1](unit, year)


PROTECTED_NOTE = _(
    "Figures from 1 to 4 are shown as “<5”; “–” marks figures hidden so that a small number cannot be worked out."
)
