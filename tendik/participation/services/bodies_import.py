"""Import of composition counts from Excel/CSV through the shared tabular mechanism (tendik.core.tabular).

One row = one dated count of a body recorded by counts: body number (as in the export), date, what happened,
seats (only if they change), women, men, sex of the head and of the deputy, note. Every problem names its cell;
nothing is written unless the whole file is right.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override, pgettext_lazy

from tendik.accounts.permissions import unit_q
from tendik.accounts.roles import Perm
from tendik.core.tabular import Column, Errors, Importer, Row, SheetSpec, choice, date, integer, text
from tendik.participation.models import Body, BodySeats, EventKind, Recording, Sex
from tendik.participation.services import bodies as services


def _labels(options: Any) -> dict[str, str]:
    """Codes and their labels in every language → code."""
    out: dict[str, str] = {}
    for value, label in options:
        out[value] = value
        for lang in ("ru", "ky", "en"):
            with override(lang):
                out[str(label)] = value
    return out


KINDS = _labels([(k.value, k.label) for k in EventKind if k in services.COUNT_KINDS])
SEXES = _labels(Sex.choices)

COLUMNS = [
    Column("body", gettext_lazy("Body number"), aliases=("id", "№"), required=True, blank=False, parse=integer()),
    Column("as_of", gettext_lazy("Date"), required=True, blank=False, parse=date),
    Column("kind", gettext_lazy("What happened"), parse=choice(KINDS), default=EventKind.COUNT),
    Column("seats", gettext_lazy("Seats"), parse=integer(min_value=1, max_value=500)),
    Column("women", gettext_lazy("Women"), required=True, blank=False, parse=integer(max_value=500)),
    Column("men", gettext_lazy("Men"), required=True, blank=False, parse=integer(max_value=500)),
    Column("head_sex", pgettext_lazy("body position", "Head"), parse=choice(SEXES), default=""),
    Column("deputy_sex", pgettext_lazy("body position", "Deputy head"), parse=choice(SEXES), default=""),
    Column("note", gettext_lazy("Note"), parse=text(max_length=1000), default=""),
]


@dataclass
class CountRow:
    row: Row
    body: Body
    as_of: dt.date
    kind: str
    seats: int | None
    women: int
    men: int
    head_sex: str
    deputy_sex: str
    note: str


class CompositionImport(Importer[CountRow]):
    sheets = [SheetSpec(columns=COLUMNS)]
    max_rows = 5000

    def __init__(self, *, actor: Any) -> None:
        self.actor = actor
        self.bodies: dict[int, Body] = {}
        self.seats: dict[int, list[tuple[dt.date, int]]] = defaultdict(list)

    def prefetch(self, rows: list[Row]) -> None:
        ids = {r["body"] for r in rows if r["body"] is not None}
        editable = Body.objects.filter(unit_q(self.actor, Perm.BODIES_EDIT), pk__in=ids).select_related("unit")
        self.bodies = {b.pk: b for b in editable}
        for fact in BodySeats.objects.filter(body_id__in=self.bodies).order_by("valid_from"):
            self.seats[fact.body_id].append((fact.valid_from, fact.seats))

    def check_row(self, row: Row) -> CountRow | None:
        if not row.ok:
            return None
        body = self.bodies.get(row["body"])
        if body is None:
            row.error("body", _("No body with this number that you may record."))
            return None
        if body.recording != Recording.COUNTS:
            row.error("body", _("This body's composition is recorded member by member, not as counts."))
            return None
        on = row["as_of"]
        if (body.established_on and on < body.established_on) or (body.dissolved_on and on >= body.dissolved_on):
            row.error("as_of", _("The body did not exist on that date."))
            return None
        return CountRow(
            row=row,
            body=body,
            as_of=on,
            kind=row.get("kind", EventKind.COUNT),
            seats=row["seats"],
            women=row["women"],
            men=row["men"],
            head_sex=row.get("head_sex", ""),
            deputy_sex=row.get("deputy_sex", ""),
            note=row.get("note", ""),
        )

    def check_file(self, items: list[tuple[Row, CountRow]], errors: Errors) -> None:
        seen: set[tuple[int, dt.date]] = set()
        seats = {k: list(v) for k, v in self.seats.items()}
        for row, item in sorted(items, key=lambda p: (p[1].as_of, p[0].number)):
            key = (item.body.pk, item.as_of)
            if key in seen:
                row.error("as_of", _("This body already has a row for this date in the file."))
                continue
            seen.add(key)
            if item.seats:
                seats.setdefault(item.body.pk, []).append((item.as_of, item.seats))
            known = [n for on, n in sorted(seats.get(item.body.pk, [])) if on <= item.as_of]
            if known and item.women + item.men > known[-1]:
                row.error(
                    "men",
                    _("Women and men together (%(n)s) exceed the %(seats)s seats.")
                    % {"n": item.women + item.men, "seats": known[-1]},
                )

    def write(self, items: list[CountRow]) -> dict[str, int]:
        for item in sorted(items, key=lambda i: i.as_of):
            services.count_record(
                body=item.body,
                actor=self.actor,
                as_of=item.as_of,
                women=item.women,
                men=item.men,
                head_sex=item.head_sex,
                deputy_sex=item.deputy_sex,
                seats=item.seats,
                kind=item.kind,
                note=item.note,
            )
        return {"counts": len(items), "bodies": len({i.body.pk for i in items})}

    def preview(self, items: list[CountRow]) -> dict[str, Any]:
        return {"counts": len(items), "bodies": len({i.body.pk for i in items})}
