"""Excel export and import of recommendations (openpyxl). Import is all-or-nothing: every row is checked first,
each error names its sheet, row and column, and nothing is saved unless the whole file is valid."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from tendik.accounts.permissions import has_perm
from tendik.accounts.roles import Perm
from tendik.consultations import permissions as cperm
from tendik.consultations.models import (
    ConsultationSeries,
    EventKind,
    Level,
    Meeting,
    Recommendation,
    RecommendationScope,
    Theme,
)
from tendik.consultations.services.recommendations import event_record, recommendation_create, recommendation_update
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
MAX_ROWS = 5000


def _split(value: Any) -> list[str]:
    return [p.strip() for p in str(value or "").replace(",", ";").split(";") if p.strip()]


def export_recommendations(recs: Any) -> bytes:
    """An .xlsx of the given recommendations (a queryset from selectors.recommendations)."""
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append([h for _k, h in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    recs = recs.prefetch_related("measures__plan")
    for r in recs:
        answer = r.current_answer
        ws.append(
            [
                r.code,
                r.series.code,
                r.meeting.code if r.meeting_id else "",
                r.scope,
                "; ".join(u.code for u in r.regions.all()),
                r.theme,
                r.level,
                "; ".join(p.code for p in r.plans.all()),
                "; ".join(m.number for m in r.measures.all()),
                r.text_ru,
                r.text_ky,
                r.text_en,
                answer.state.code if answer else "",
                answer.text if answer else "",
            ]
        )
    widths = {"text_ru": 60, "text_ky": 60, "text_en": 60, "answer": 40, "regions": 24, "measures": 24}
    for key, i in COL.items():
        ws.column_dimensions[get_column_letter(i)].width = widths.get(key, 16)
    ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@dataclass(frozen=True)
class CellError:
    sheet: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("Sheet “%(sheet)s”, row %(row)s, column %(column)s: %(message)s") % {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


class SpreadsheetError(Exception):
    def __init__(self, errors: list[CellError]) -> None:
        super().__init__("; ".join(str(e) for e in errors[:5]))
        self.errors = errors


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    codes: list[str] = field(default_factory=list)


def _col(key: str) -> str:
    return f"{get_column_letter(COL[key])} ({key})"


def import_recommendations(*, data: bytes, actor: Any) -> ImportResult:
    """Create or update recommendations from an .xlsx laid out like the export (columns by header name).

    Raises SpreadsheetError listing every problem; then nothing is saved.
    """
    from tendik.plans.models import Measure, Plan

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 — any unreadable file is one clear error
        raise SpreadsheetError([CellError("—", 0, "—", _("This is not an .xlsx file."))]) from exc
    if SHEET not in wb.sheetnames:
        raise SpreadsheetError([CellError(SHEET, 0, "—", _("The workbook has no sheet named “%(s)s”.") % {"s": SHEET})])
    ws = wb[SHEET]
    rows = list(ws.iter_rows(values_only=True))
    errors: list[CellError] = []
    if not rows:
        raise SpreadsheetError([CellError(SHEET, 1, "—", _("The sheet is empty."))])
    header = [str(h or "").strip() for h in rows[0]]
    index: dict[str, int] = {}
    for key, title in COLUMNS:
        if title in header:
            index[key] = header.index(title)
        elif key in header:
            index[key] = header.index(key)
        elif key not in (
            "status",
            "answer",
            "code",
            "text_ky",
            "text_en",
            "measures",
            "plans",
            "meeting",
            "regions",
            "theme",
        ):
            errors.append(CellError(SHEET, 1, _col(key), _("Missing column “%(c)s”.") % {"c": title}))
    if errors:
        raise SpreadsheetError(errors)
    if len(rows) - 1 > MAX_ROWS:
        raise SpreadsheetError(
            [CellError(SHEET, MAX_ROWS + 2, "—", _("Too many rows (at most %(n)s).") % {"n": MAX_ROWS})]
        )

    series_by_code = {s.code: s for s in ConsultationSeries.objects.all()}
    meetings_by_code = {m.code: m for m in Meeting.objects.select_related("place")}
    plans_by_code = {p.code: p for p in Plan.objects.all()}
    units_by_code = {
        u.code: u for u in AdministrativeUnit.objects.filter(level__in=["oblast", "city"], parent__isnull=True)
    }
    existing = {r.code: r for r in Recommendation.objects.select_related("meeting__place")}
    plan_for_ref = lambda ref: "wps1325" if ref.split(".")[0] in {"I", "II", "III", "IV", "V"} else "gender"  # noqa: E731

    planned: list[tuple[int, Recommendation | None, dict[str, Any]]] = []
    seen_codes: set[str] = set()
    for n, raw in enumerate(rows[1:], start=2):
        get = lambda key: raw[index[key]] if key in index and index[key] < len(raw) else None  # noqa: B023, E731
        if all(v in (None, "") for v in raw):
            continue
        row_errors: list[CellError] = []

        def err(key: str, message: str) -> None:
            row_errors.append(CellError(SHEET, n, _col(key), message))  # noqa: B023

        code = str(get("code") or "").strip()
        rec = existing.get(code) if code else None
        if code and code in seen_codes:
            err("code", _("The code %(c)s appears twice in the file.") % {"c": code})
        seen_codes.add(code)
        if rec is not None and rec.merged_into_id:
            err("code", _("%(c)s was merged into another recommendation.") % {"c": code})
        series = series_by_code.get(str(get("series") or "").strip())
        if series is None:
            err("series", _("Unknown series “%(v)s”.") % {"v": get("series") or ""})
        meeting = None
        if get("meeting"):
            meeting = meetings_by_code.get(str(get("meeting")).strip())
            if meeting is None:
                err("meeting", _("Unknown meeting “%(v)s”.") % {"v": get("meeting")})
            elif series is not None and meeting.series_id != series.pk:
                err("meeting", _("The meeting belongs to another series."))
        scope = str(get("scope") or "").strip()
        if scope not in RecommendationScope.values:
            err("scope", _("Must be one of: %(v)s.") % {"v": ", ".join(RecommendationScope.values)})
        regions = []
        for c in _split(get("regions")):
            unit = units_by_code.get(c)
            if unit is None:
                err("regions", _("Unknown oblast code “%(v)s”.") % {"v": c})
            else:
                regions.append(unit)
        theme = str(get("theme") or "").strip()
        if theme and theme not in Theme.values:
            err("theme", _("Must be one of: %(v)s.") % {"v": ", ".join(Theme.values)})
        level = str(get("level") or "").strip()
        if level not in Level.values:
            err("level", _("Must be one of: %(v)s.") % {"v": ", ".join(Level.values)})
        plans = []
        for c in _split(get("plans")):
            if c not in plans_by_code:
                err("plans", _("Unknown plan “%(v)s”.") % {"v": c})
            else:
                plans.append(plans_by_code[c])
        measures = []
        refs = _split(get("measures"))
        if refs:
            kinds = {p.kind: p for p in plans} or {p.kind: p for p in plans_by_code.values() if p.is_current}
            for ref in refs:
                plan = kinds.get(plan_for_ref(ref))
                m = Measure.objects.filter(plan=plan, number=ref).first() if plan else None
                if m is None:
                    err("measures", _("No measure %(v)s in the plans of this row.") % {"v": ref})
                else:
                    measures.append(m)
        texts = {k: str(get(k) or "").strip() for k in ("text_ru", "text_ky", "text_en")}
        if not any(texts.values()):
            err("text_ru", _("Write the recommendation in at least one language."))
        if scope == RecommendationScope.REGIONAL and not regions and meeting is None:
            err("regions", _("A regional recommendation needs a region or a meeting."))
        if not row_errors:
            allowed = (
                cperm.can_manage_recommendation(actor, rec)
                if rec is not None
                else (
                    cperm.can_manage_meeting(actor, meeting)
                    if meeting is not None
                    else cperm.can_manage_series(actor)
                    or (bool(regions) and all(has_perm(actor, Perm.CONSULTATIONS_MANAGE, unit=u) for u in regions))
                )
            )
            if not allowed:
                err("code", _("You may not record or change this recommendation."))
        errors.extend(row_errors)
        planned.append(
            (
                n,
                rec,
                {
                    "series": series,
                    "meeting": meeting,
                    "scope": scope,
                    "regions": regions,
                    "theme": theme,
                    "level": level,
                    "plans": plans,
                    "measures": measures,
                    "code": code,
                    **texts,
                },
            )
        )
    if errors:
        raise SpreadsheetError(errors)
    result = ImportResult()
    with transaction.atomic():
        for n, rec, d in planned:
            try:
                if rec is None:
                    new = recommendation_create(actor=actor, **d)
                    event_record(recommendation=new, kind=EventKind.IMPORTED, actor=actor)
                    result.created += 1
                    result.codes.append(new.code)
                else:
                    d.pop("series"), d.pop("code")
                    recommendation_update(recommendation=rec, actor=actor, **d)
                    result.updated += 1
                    result.codes.append(rec.code)
            except ValidationError as exc:
                raise SpreadsheetError([CellError(SHEET, n, "—", " ".join(exc.messages))]) from exc
    return result
