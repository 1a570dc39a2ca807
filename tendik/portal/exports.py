"""A public dataset as CSV, Excel or JSON (the same rows and columns as on the page, with its metadata)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext as _

from tendik.portal.datasets import Dataset

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def to_csv(dataset: Dataset, *, titles: bool = False) -> bytes:
    """Machine names in the header (or people's titles); hidden figures as "<5" / "–"."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([str(c.title) if titles else c.name for c in dataset.columns])
    for row in dataset.table_rows():
        writer.writerow(["" if v is None else v for v in row])
    return out.getvalue().encode("utf-8")


def to_json(dataset: Dataset) -> bytes:
    return json.dumps(dataset.as_json(), cls=DjangoJSONEncoder, ensure_ascii=False, indent=1).encode("utf-8")


def to_xlsx(dataset: Dataset) -> bytes:
    """The dataset and its metadata as a workbook, through the one formula-safe writer (tendik.core.spreadsheets)."""
    from tendik.core.spreadsheets import XlsxWriter

    book = XlsxWriter()
    book.sheet(_("Data"), headers=[str(c.title) for c in dataset.columns]).extend(
        [_plain(v) for v in row] for row in dataset.table_rows()
    )
    about = book.sheet(_("About"), widths=(20, 100), freeze=False)
    for label, value in (
        (_("Title"), dataset.title),
        (_("Definition"), dataset.definition),
        (_("Source"), dataset.source),
        (_("Period"), dataset.period),
        (_("Extracted"), dataset.extracted.strftime("%d.%m.%Y %H:%M")),
        (_("Note"), dataset.note),
    ):
        about.append([str(label), str(value)])
    return book.to_bytes()


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, int | float | str):
        return value
    return float(value) if hasattr(value, "as_tuple") else str(value)


RENDERERS = {"csv": to_csv, "json": to_json, "xlsx": to_xlsx}
