"""Word (.docx) versions of the resolution and the consolidated report (python-docx). Call inside
`translation.override(lang)`."""

from __future__ import annotations

import io
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from tendik.consultations.documents.data import Report, Resolution


def _document() -> Any:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "DejaVu Sans"
    style.font.size = Pt(10)
    for section in doc.sections:
        section.left_margin = section.right_margin = Cm(2)
    return doc


def _bytes(doc: Any) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _title(doc: Any, title: str, subtitle: str) -> None:
    h = doc.add_heading(title, level=0)
    h.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p = doc.add_paragraph(subtitle)
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _table(doc: Any, header: list[str], rows: list[list[Any]]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = str(text)
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = str(value)


def resolution_docx(res: Resolution) -> bytes:
    doc = _document()
    _title(doc, res.title.upper(), res.subtitle)
    for plan in res.plans:
        doc.add_heading(plan.title, level=1)
        if not plan.areas:
            doc.add_paragraph(_("No recommendation of this consultation is linked to a measure of this plan."))
        for area in plan.areas:
            doc.add_heading(area.title, level=2)
            for goal in area.goals:
                if goal.title:
                    doc.add_heading(goal.title, level=3)
                for level, items in goal.levels:
                    if level:
                        doc.add_paragraph(f"{level}:").runs[0].italic = True
                    for item in items:
                        p = doc.add_paragraph(style="List Number")
                        p.add_run(f"{item.number} ").bold = True
                        p.add_run(item.text)
                        p.add_run(f" ({_('recommendations')}: {', '.join(item.codes)})").italic = True
        if plan.unlinked:
            doc.add_heading(_("Recommendations not yet linked to a measure"), level=2)
            for rec in plan.unlinked:
                p = doc.add_paragraph(style="List Bullet")
                p.add_run(f"{rec.code} ").bold = True
                p.add_run(rec.text)
    return _bytes(doc)


def _date(value: Any) -> str:
    return date_format(value, "DATE_FORMAT") if value else pgettext("date", "not recorded")


def report_docx(rep: Report) -> bytes:
    doc = _document()
    period = _date(rep.series.start_date) + (f" – {_date(rep.series.end_date)}" if rep.series.end_date else "")
    _title(doc, _("Consolidated report of the consultations"), f"{rep.title}\n{period}")
    if rep.intro:
        doc.add_heading(_("Introduction"), level=1)
        for line in rep.intro.split("\n"):
            if line.strip():
                doc.add_paragraph(line.strip())
    doc.add_heading(_("Aims and tasks"), level=1)
    if rep.aims:
        doc.add_heading(_("Aims"), level=2)
        for a in rep.aims:
            doc.add_paragraph(a, style="List Bullet")
    if rep.tasks:
        doc.add_heading(_("Tasks"), level=2)
        for t in rep.tasks:
            doc.add_paragraph(t, style="List Number")
    doc.add_heading(_("Places and dates"), level=1)
    _table(
        doc,
        [_("Meeting"), _("Date"), _("Place"), _("Oblasts covered")],
        [
            [m.title, _date(m.start_date), m.place.name, ", ".join(o.name for o in m.oblasts_covered.all())]
            for m, _a in rep.meetings
        ],
    )
    doc.add_heading(_("Organisers"), level=2)
    for o in rep.organisers or [pgettext("organisers", "not recorded")]:
        doc.add_paragraph(o, style="List Bullet")
    doc.add_heading(_("Participation"), level=1)
    rows = [[m.place.name, a.total, a.women, a.men, a.women_share] for m, a in rep.meetings]
    rows.append([_("All meetings"), rep.total.total, rep.total.women, rep.total.men, rep.total.women_share])
    _table(doc, [_("Meeting"), _("Total"), _("Women"), _("Men"), _("Women, %")], rows)
    if rep.total.by_role:
        doc.add_heading(_("By role"), level=2)
        _table(doc, [_("Role"), _("People")], [[label, n] for label, n in rep.total.role_rows])
    if rep.total.by_oblast:
        doc.add_heading(_("By oblast"), level=2)
        _table(doc, [_("Oblast"), _("People")], [[u.name, n] for u, n in rep.total.by_oblast])
    doc.add_heading(_("Problems by region"), level=1)
    for region, problems in rep.problems:
        doc.add_heading(region, level=2)
        for p in problems:
            doc.add_paragraph(p.text + (f" ({p.get_theme_display()})" if p.theme else ""), style="List Bullet")
    doc.add_heading(_("Recommendations by region and theme"), level=1)
    _table(doc, [_("Region"), *rep.theme_labels, _("Total")], [[t, *row, total] for t, row, total in rep.theme_table])
    for section in rep.recommendations:
        doc.add_heading(section.title, level=2)
        for theme, recs in section.themes:
            doc.add_heading(theme, level=3)
            for r in recs:
                refs = [r.code]
                numbers = [m.number for m in r.measures.all()]
                if numbers:
                    refs.append(f"{_('measures')} {', '.join(numbers)}")
                if r.published_answer:
                    refs.append(r.published_answer.state.name)
                p = doc.add_paragraph(style="List Bullet")
                p.add_run(r.text + " ")
                p.add_run(f"[{'; '.join(refs)}]").italic = True
    if rep.results:
        doc.add_heading(_("Results"), level=1)
        for line in rep.results:
            doc.add_paragraph(line, style="List Bullet")
    return _bytes(doc)
