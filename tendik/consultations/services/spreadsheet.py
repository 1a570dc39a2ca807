"""Excel export and import of recommendations, on the shared mechanisms: `tendik.core.spreadsheets` writes
(streamed, formula-safe), `tendik.core.tabular` reads (columns by header, errors by sheet/row/column, all or
nothing). The import checks a whole file with a handful of queries, then writes it in bulk in one short
transaction, with one audit entry per recommendation created or changed and the timeline events."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from tendik.accounts.permissions import has_perm, is_national
from tendik.accounts.roles import Perm
from tendik.audit.services import audited_bulk_create, audited_bulk_update
from tendik.consultations.models import (
    ConsultationSeries,
    EventKind,
    Level,
    Meeting,
    Recommendation,
    RecommendationEvent,
    RecommendationScope,
    Theme,
)
from tendik.consultations.similarity import stems_for_storage
from tendik.core import tabular
from tendik.core.bulk import insert_rows
from tendik.core.spreadsheets import XlsxWriter
from tendik.core.tabular import CellError, Column, Importer, ImportInvalid, Row, SheetSpec
from tendik.geography.models import AdministrativeUnit

SHEET = "Recommendations"
# (key, header) — the header row is in English so that files round-trip whatever the interface language.
COLUMNS = [
    ("code", "code"),
    ("series", "series"),
    ("meeting", "meeting"),
    ("scope", "scope"),
    ("regions", "regions"),
    ("theme", "theme"),
    ("level", "level"),
    ("plans", "plans"),
    ("measures", "measures"),
    ("text_ru", "text_ru"),
    ("text_ky", "text_ky"),
    ("text_en", "text_en"),
    ("status", "status (not imported)"),
    ("answer", "answer (not imported)"),
]
COL = {key: i + 1 for i, (key, _h) in enumerate(COLUMNS)}
MAX_ROWS = 60_000  # issue 11: at least 50,000 in one file; the check keeps one small tuple per row
CHUNK = 2000
WIDTHS = {"text_ru": 60, "text_ky": 60, "text_en": 60, "answer": 40, "regions": 24, "measures": 24}
TEXT_FIELDS = ("text_ru", "text_ky", "text_en")
EDITABLE = ("meeting_id", "scope", "theme", "level", *TEXT_FIELDS)

# Kept for callers that use the old names.
SpreadsheetError = ImportInvalid
__all__ = ["CellError", "SpreadsheetError"]


def export_recommendations(recs: Any) -> bytes:
    """An .xlsx of the given recommendations (a queryset from selectors.recommendations), streamed in chunks.

    Rows are read as tuples (no model instance per row, no parent record's large fields), their regions, plans and
    measures with three queries per chunk of CHUNK rows; the workbook is written as it goes (write-only mode).
    """
    from tendik.core.i18n import current_lang

    lang = current_lang()
    fields = ["pk", "code", "series__code", "meeting__code", "scope", "theme", "level", *TEXT_FIELDS,
              "current_answer__state__code", f"current_answer__text_{lang}", "current_answer__text_ru"]  # fmt: skip
    rows = recs.select_related(None).prefetch_related(None).values_list(*fields)
    book = XlsxWriter()
    sheet = book.sheet(SHEET, headers=[h for _k, h in COLUMNS], widths=[WIDTHS.get(k, 16) for k, _h in COLUMNS])
    # name → (through model, the value shown, its order as the linked model orders itself)
    links = {
        "regions": (Recommendation.regions.through, "administrativeunit__code", ("administrativeunit__path",)),
        "plans": (Recommendation.plans.through, "plan__code", ("plan__code",)),
        "measures": (Recommendation.measures.through, "measure__number", ("measure__plan", "measure__order")),
    }

    def flush(chunk: list[tuple[Any, ...]]) -> None:
        ids = [r[0] for r in chunk]
        joined: dict[str, dict[int, list[str]]] = {}
        for name, (model, column, order) in links.items():
            found: dict[int, list[str]] = defaultdict(list)
            for rec_id, value in (
                model._default_manager.filter(recommendation_id__in=ids)
                .order_by(*order, "pk")
                .values_list("recommendation_id", column)
            ):
                found[rec_id].append(value)
            joined[name] = found
        for pk, code, series, meeting, scope, theme, level, ru, ky, en, state, answer, answer_ru in chunk:
            sheet.append(
                [code, series, meeting or "", scope, "; ".join(joined["regions"].get(pk, [])), theme, level,
                 "; ".join(joined["plans"].get(pk, [])), "; ".join(joined["measures"].get(pk, [])),
                 ru, ky, en, state or "", (answer or answer_ru or "") if state else ""]
            )  # fmt: skip

    chunk: list[tuple[Any, ...]] = []
    for row in rows.iterator(chunk_size=CHUNK):
        chunk.append(row)
        if len(chunk) == CHUNK:
            flush(chunk)
            chunk = []
    if chunk:
        flush(chunk)
    return book.to_bytes()


def _plan_model() -> Any:
    from tendik.plans.models import Plan

    return Plan


def _measure_model() -> Any:
    from tendik.plans.models import Measure

    return Measure


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    codes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"created": self.created, "updated": self.updated}


@dataclass(slots=True)
class _Item:
    row: int
    rec_id: int | None
    code: str
    series_id: int
    meeting_id: int | None
    scope: str
    theme: str
    level: str
    texts: tuple[str, str, str]
    regions: tuple[int, ...]
    plans: tuple[int, ...]
    measures: tuple[int, ...]


def _choice(values: Sequence[str]) -> tabular.Parser:
    return tabular.choice({v: v for v in values}, shown=values)


def _columns() -> list[Column]:
    text = tabular.text()
    return [
        Column("code", "code", parse=tabular.text(max_length=60)),
        Column("series", "series", required=True, parse=text),
        Column("meeting", "meeting", parse=text),
        Column("scope", "scope", required=True, blank=False, parse=_choice(RecommendationScope.values)),
        Column("regions", "regions", parse=tabular.split_list, default=[]),
        Column("theme", "theme", parse=_choice(Theme.values), default=""),
        Column("level", "level", required=True, blank=False, parse=_choice(Level.values)),
        Column("plans", "plans", parse=tabular.split_list, default=[]),
        Column("measures", "measures", parse=tabular.split_list, default=[]),
        *[Column(k, k, required=(k == "text_ru"), parse=text, default="") for k in TEXT_FIELDS],
    ]


class RecommendationImport(Importer[_Item]):
    """Create or update recommendations from a sheet laid out like the export (columns by header name)."""

    sheets = [SheetSpec(names=(SHEET,), columns=_columns())]
    max_rows = MAX_ROWS
    streaming = True  # each row is checked as it is read; memory holds the items, not the file

    def __init__(self, *, actor: Any) -> None:
        self.actor = actor

    def prefetch(self, rows: list[Row]) -> None:
        from tendik.plans.models import Measure, Plan

        self.series = dict(ConsultationSeries.objects.values_list("code", "pk"))
        self.meetings = {m.code: m for m in Meeting.objects.select_related("place").only("code", "series_id", "place")}
        self.plans = {p.code: p for p in Plan.objects.only("code", "kind", "is_current")}
        self.measures = {(m.plan_id, m.number): m.pk for m in Measure.objects.only("plan_id", "number")}
        self.measure_plan = {pk: plan_id for (plan_id, _n), pk in self.measures.items()}
        self.units = {
            u.code: u
            for u in AdministrativeUnit.objects.filter(level__in=["oblast", "city"], parent__isnull=True).only(
                "code", "path"
            )
        }
        self.units_by_pk = {u.pk: u for u in self.units.values()}
        self.existing = {
            code: (pk, merged, meeting_id)
            for code, pk, merged, meeting_id in Recommendation.objects.values_list(
                "code", "pk", "merged_into_id", "meeting_id"
            )
        }
        self.meeting_by_pk = {m.pk: m for m in self.meetings.values()}
        regions: dict[int, list[int]] = defaultdict(list)
        through = Recommendation.regions.through.objects.values_list("recommendation_id", "administrativeunit_id")
        for rec_id, unit_id in through.iterator(chunk_size=5000):
            regions[rec_id].append(unit_id)
        self.regions_of = regions
        self.national = is_national(self.actor, Perm.CONSULTATIONS_MANAGE)
        self.may_anywhere = has_perm(self.actor, Perm.CONSULTATIONS_MANAGE)
        self.codes_seen: set[str] = set()

    def _may(self, units: list[Any]) -> bool:
        return bool(units) and any(has_perm(self.actor, Perm.CONSULTATIONS_MANAGE, unit=u) for u in units)

    def check_row(self, row: Row) -> _Item | None:
        code = row.get("code", "")
        found = self.existing.get(code) if code else None
        if code and code in self.codes_seen:
            row.error("code", _("The code %(c)s appears twice in the file.") % {"c": code})
        self.codes_seen.add(code)
        if found is not None and found[1]:
            row.error("code", _("%(c)s was merged into another recommendation.") % {"c": code})
        series_id = self.series.get(row.get("series", ""))
        if series_id is None and "series" not in row.bad:
            row.error("series", _("Unknown series “%(v)s”.") % {"v": row.get("series", "")})
        meeting = None
        if row.get("meeting"):
            meeting = self.meetings.get(row["meeting"])
            if meeting is None:
                row.error("meeting", _("Unknown meeting “%(v)s”.") % {"v": row["meeting"]})
            elif series_id is not None and meeting.series_id != series_id:
                row.error("meeting", _("The meeting belongs to another series."))
        regions = []
        for c in row.get("regions", []):
            unit = self.units.get(c)
            if unit is None:
                row.error("regions", _("Unknown oblast code “%(v)s”.") % {"v": c})
            else:
                regions.append(unit)
        plans = []
        for c in row.get("plans", []):
            if c not in self.plans:
                row.error("plans", _("Unknown plan “%(v)s”.") % {"v": c})
            else:
                plans.append(self.plans[c])
        measures = []
        refs = row.get("measures", [])
        if refs:
            kinds = {p.kind: p for p in plans} or {p.kind: p for p in self.plans.values() if p.is_current}
            for ref in refs:
                kind = "wps1325" if ref.split(".")[0] in {"I", "II", "III", "IV", "V"} else "gender"
                plan = kinds.get(kind)
                pk = self.measures.get((plan.pk, ref)) if plan else None
                if pk is None:
                    row.error("measures", _("No measure %(v)s in the plans of this row.") % {"v": ref})
                else:
                    measures.append(pk)
        texts = (row.get("text_ru", ""), row.get("text_ky", ""), row.get("text_en", ""))
        if not any(texts):
            row.error("text_ru", _("Write the recommendation in at least one language."))
        scope = row.get("scope", "")
        if scope == RecommendationScope.REGIONAL and not regions and meeting is None and "regions" not in row.bad:
            row.error("regions", _("A regional recommendation needs a region or a meeting."))
        if not row.ok or series_id is None:
            return None
        if not self.national:
            if found is not None:
                current = [self.units_by_pk[u] for u in self.regions_of.get(found[0], []) if u in self.units_by_pk]
                if found[2] in self.meeting_by_pk:
                    current.append(self.meeting_by_pk[found[2]].place)
                allowed = self._may(current)
            elif meeting is not None:
                allowed = has_perm(self.actor, Perm.CONSULTATIONS_MANAGE, unit=meeting.place)
            else:
                allowed = self._may(regions)
            if not allowed:
                row.error("code", _("You may not record or change this recommendation."))
                return None
        all_plans = {p.pk for p in plans} | {self.measure_plan[m] for m in measures}
        return _Item(
            row=row.number,
            rec_id=found[0] if found else None,
            code=code,
            series_id=series_id,
            meeting_id=meeting.pk if meeting else None,
            scope=scope,
            theme=row.get("theme", ""),
            level=row["level"],
            texts=texts,
            regions=tuple(sorted(u.pk for u in regions)),
            plans=tuple(sorted(all_plans)),
            measures=tuple(sorted(set(measures))),
        )

    def preview(self, items: list[_Item]) -> dict[str, Any]:
        created = sum(1 for i in items if i.rec_id is None)
        return {"rows": len(items), "created": created, "updated": len(items) - created}

    def write(self, items: list[_Item]) -> dict[str, Any]:
        return _write(items, self.actor).as_dict()


def _new_codes(items: list[_Item]) -> dict[int, str]:
    """Codes for new rows without one: <series>-rNNN after the series' count, skipping codes in use."""
    taken = set(Recommendation.objects.values_list("code", flat=True)) | {i.code for i in items if i.code}
    counts: dict[int, int] = defaultdict(int)
    for series_id, n in _series_counts():
        counts[series_id] = n
    series_code = dict(ConsultationSeries.objects.values_list("pk", "code"))
    out = {}
    for i in items:
        if i.rec_id is None and not i.code:
            n = counts[i.series_id] + 1
            while (code := f"{series_code[i.series_id]}-r{n:03d}"[:60]) in taken:
                n += 1
            counts[i.series_id] = n
            taken.add(code)
            out[i.row] = code
    return out


def _series_counts() -> list[tuple[int, int]]:
    from django.db.models import Count

    return list(Recommendation.objects.values("series_id").annotate(n=Count("pk")).values_list("series_id", "n"))


def _write(items: list[_Item], actor: Any) -> ImportResult:
    """Bulk create and update; m2m links replaced where they differ; timeline events in bulk."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    result = ImportResult()
    codes = _new_codes(items)
    new_items = [i for i in items if i.rec_id is None]
    for first in range(0, len(new_items), CHUNK):  # in chunks: memory holds one chunk of model instances
        chunk = new_items[first : first + CHUNK]
        created = audited_bulk_create(
            Recommendation,
            [
                Recommendation(
                    series_id=i.series_id,
                    code=i.code or codes[i.row],
                    meeting_id=i.meeting_id,
                    scope=i.scope,
                    theme=i.theme,
                    level=i.level,
                    text_ru=i.texts[0].strip(),
                    text_ky=i.texts[1].strip(),
                    text_en=i.texts[2].strip(),
                    stems=stems_for_storage(text_ru=i.texts[0], text_ky=i.texts[1]),
                    created_by=user,
                )
                for i in chunk
            ],
        )
        events = []
        chunk_links: dict[str, list[tuple[int, int]]] = {"regions": [], "plans": [], "measures": []}
        for item, rec in zip(chunk, created, strict=True):
            events.append(RecommendationEvent(recommendation=rec, kind=EventKind.CREATED, actor=user, is_public=True))
            events.append(RecommendationEvent(recommendation=rec, kind=EventKind.IMPORTED, actor=user))
            for name in chunk_links:
                chunk_links[name].extend((rec.pk, v) for v in getattr(item, name))
            result.codes.append(rec.code)
        insert_rows(RecommendationEvent, events)
        _replace_links({"regions": [], "plans": [], "measures": []}, chunk_links)
        result.created += len(created)

    events = []
    links: dict[str, list[tuple[int, int]]] = {"regions": [], "plans": [], "measures": []}
    old_items = {i.rec_id: i for i in items if i.rec_id is not None}
    ids = list(old_items)
    old = [
        rec
        for first in range(0, len(ids), 500)  # no IN list as long as the file
        for rec in Recommendation.objects.filter(pk__in=ids[first : first + 500]).only("pk", "code", "stems", *EDITABLE)
    ]
    changed_recs = []
    for rec in old:
        item = old_items[rec.pk]
        fields = dict(
            zip(
                EDITABLE,
                (item.meeting_id, item.scope, item.theme, item.level, *(t.strip() for t in item.texts)),
                strict=True,
            )
        )
        changed = [k.removesuffix("_id") for k, v in fields.items() if getattr(rec, k) != v]
        for k, v in fields.items():
            setattr(rec, k, v)
        if changed:
            rec.stems = stems_for_storage(text_ru=rec.text_ru, text_ky=rec.text_ky)
            changed_recs.append((rec, changed))
        result.codes.append(rec.code)
    audited_bulk_update([r for r, _c in changed_recs], [*EDITABLE, "stems"])
    changed_by_pk = {r.pk: c for r, c in changed_recs}

    current = _current_links(list(old_items))
    replace: dict[str, list[int]] = {"regions": [], "plans": [], "measures": []}
    for pk, item in old_items.items():
        for name in replace:
            if set(getattr(item, name)) != current[name].get(pk, set()):
                replace[name].append(pk)
                links[name].extend((pk, v) for v in getattr(item, name))
        fields_changed = changed_by_pk.get(pk, []) + (["regions"] if pk in replace["regions"] else [])
        if fields_changed:
            events.append(RecommendationEvent(recommendation_id=pk, kind=EventKind.UPDATED, actor=user,
                                              data={"fields": fields_changed}))  # fmt: skip
    linked = set(replace["plans"]) | set(replace["measures"])
    _replace_links(replace, links)
    if linked:
        numbers = _measure_numbers(linked)
        events.extend(
            RecommendationEvent(
                recommendation_id=pk,
                kind=EventKind.LINKED,
                actor=user,
                is_public=True,
                data={"measures": numbers.get(pk, [])},
            )  # fmt: skip
            for pk in sorted(linked)
        )
    insert_rows(RecommendationEvent, events)
    result.updated = len(old_items)
    return result


_THROUGH_COLUMNS = {"regions": "administrativeunit_id", "plans": "plan_id", "measures": "measure_id"}


def _current_links(rec_ids: list[int]) -> dict[str, dict[int, set[int]]]:
    wanted = set(rec_ids)
    out: dict[str, dict[int, set[int]]] = {}
    for name, column in _THROUGH_COLUMNS.items():
        through = getattr(Recommendation, name).through
        found: dict[int, set[int]] = defaultdict(set)
        if wanted:
            for rec_id, other in through.objects.values_list("recommendation_id", column).iterator(chunk_size=5000):
                if rec_id in wanted:
                    found[rec_id].add(other)
        out[name] = found
    return out


def _replace_links(replace: dict[str, list[int]], links: dict[str, list[tuple[int, int]]]) -> None:
    """Links of the changed recommendations are deleted and written again; those of new ones are written."""
    for name, column in _THROUGH_COLUMNS.items():
        through = getattr(Recommendation, name).through
        ids = replace[name]
        for start in range(0, len(ids), 500):
            through.objects.filter(recommendation_id__in=ids[start : start + 500]).delete()
        insert_rows(through, [through(recommendation_id=r, **{column: v}) for r, v in links[name]])


def _measure_numbers(rec_ids: set[int]) -> dict[int, list[str]]:
    through = Recommendation.measures.through
    numbers = dict(_measure_model().objects.values_list("pk", "number"))
    out: dict[int, list[str]] = defaultdict(list)
    for rec_id, measure_id in through.objects.values_list("recommendation_id", "measure_id"):
        if rec_id in rec_ids:
            out[rec_id].append(numbers[measure_id])
    return {k: sorted(v) for k, v in out.items()}


def import_recommendations(*, data: bytes, actor: Any, progress: tabular.Progress | None = None) -> ImportResult:
    """Check the whole file, then create or update every recommendation in it, or nothing.

    Raises ImportInvalid (alias SpreadsheetError) listing every problem by sheet, row and column.
    """
    importer = RecommendationImport(actor=actor)
    checked = tabular.check(importer, data=data, filename="recommendations.xlsx", progress=progress)
    checked.raise_if_invalid()
    result = ImportResult()
    summary = tabular.apply(importer, checked, progress)
    result.created, result.updated = summary["created"], summary["updated"]
    return result
