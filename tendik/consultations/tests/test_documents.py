import io

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from docx import Document

from tendik.consultations.documents import build
from tendik.consultations.services.meetings import problem_save
from tendik.consultations.services.participants import attendance_counts_set


def _docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(c.text for c in row.cells)
    return "\n".join(parts)


@pytest.fixture
def filled(world):
    attendance_counts_set(
        meeting=world["batken_m"],
        total=30,
        by_sex={"female": 28, "male": 2},
        by_role={"deputy": 12},
        by_oblast={world["t"]["batken"]: 30},
    )
    attendance_counts_set(meeting=world["naryn_m"], total=20, by_sex={"female": 20, "male": 0})
    problem_save(
        series=world["series"],
        regions=[world["t"]["naryn"]],
        theme="violence_protection",
        text_ru="Домашнее насилие и трудовая миграция",
        text_en="Domestic violence and labour migration",
    )
    s = world["series"]
    s.aims_ru, s.results_ru = "Усилить лидерский потенциал", "Повышен потенциал участниц"
    s.tasks = [{"ru": "Провести четыре встречи", "en": "Hold four meetings"}]
    s.save()
    return world


def test_resolution_word_groups_by_plan_area_goal_and_level(filled):
    w = filled
    f = build.resolution_file(w["series"], fmt="docx", lang="ru")
    assert f.filename.endswith(".docx") and f.content[:2] == b"PK"
    text = _docx_text(f.content)
    # gender plan → area → goal → measure with the recommendation's code
    assert "II Национальный план" in text and "Расширение экономических возможностей женщин" in text
    assert "Содействие росту занятости женщин" in text and "1.1 Содействовать созданию рабочих мест" in text
    assert "rec-b" in text
    # 1325 plan: section II, national level
    assert "Участие женщин в процессах принятия решений" in text and "II.N.1" in text and "rec-n" in text
    assert text.index("II Национальный план") < text.index("1.1 ") < text.index("V НПД 1325") < text.index("II.N.1")
    # the general recommendation has no measure: listed as not yet linked under the plan it addresses
    assert "rec-g" not in text


def test_resolution_of_one_meeting_and_one_plan(filled):
    text = _docx_text(
        build.resolution_file(
            filled["series"], fmt="docx", lang="ru", meeting=filled["naryn_m"], plan_code="wps1325-2025-2027"
        ).content
    )
    assert "II.N.1" in text and "1.1 Содействовать" not in text and "rec-b" not in text


def test_resolution_html_has_levels_for_1325(filled):
    with translation.override("en"):
        ctx = build.resolution_context(filled["series"])
        html = render_to_string(ctx["body_template"], ctx)
    assert "National level" in html and "Ensure participation" in html


def test_report_word_in_english_has_every_section(filled):
    f = build.report_file(filled["series"], fmt="docx", lang="en")
    text = _docx_text(f.content)
    for expected in (
        "Hold four meetings",
        "Встреча в Баткене",
        "Айдаркен",
        "28",
        "50",
        "Domestic violence and labour migration",
        "General recommendations for all regions",
        "Economic empowerment",
        "rec-g",
        "Повышен потенциал участниц",
    ):
        assert expected in text, expected
    doc = Document(io.BytesIO(f.content))
    assert len(doc.inline_shapes) == 0  # the figures are in the participation table: no picture in Word


def test_report_pdf_is_a_pdf_and_its_html_has_the_content(filled):
    f = build.report_file(filled["series"], fmt="pdf", lang="ky")
    assert f.content.startswith(b"%PDF") and len(f.content) > 5000
    with translation.override("ky"):
        ctx = build.report_context(filled["series"])
        html = render_to_string(ctx["body_template"], ctx)
    assert "Домашнее насилие" in html and "<svg" in html and "http" not in str(ctx["chart"].svg)


def test_resolution_pdf(filled):
    f = build.resolution_file(filled["series"], fmt="pdf", lang="en")
    assert f.content.startswith(b"%PDF") and len(f.content) > 3000


def test_pdf_text_can_be_read_back_from_the_rendered_pages(filled):
    """WeasyPrint's own layout holds the text that goes into the PDF: check it there."""
    from weasyprint import HTML

    with translation.override("ru"):
        ctx = build.resolution_context(filled["series"])
        html = render_to_string("consultations/documents/pdf.html", {**ctx, "lang": "ru"})
    document = HTML(string=html).render()

    def texts(box):
        if getattr(box, "text", None):
            yield box.text
        for child in getattr(box, "children", []) or []:
            yield from texts(child)

    content = " ".join(t for page in document.pages for t in texts(page._page_box))
    assert "Содействовать созданию рабочих мест" in content and "rec-b" in content


def test_report_chart_has_the_participation_figures(filled):
    with translation.override("ru"):
        chart = build.report_context(filled["series"])["chart"]
    rep_rows = build.data.report(filled["series"]).chart_rows
    assert chart.kind == "stacked" and chart.values == [[w, m] for _l, w, m in rep_rows]


def test_feedback_pdf(filled):
    from tendik.consultations.selectors import feedback_for_meeting

    f = build.feedback_pdf(name="x", title="Нарын", recs=feedback_for_meeting(filled["naryn_m"]), lang="ru")
    assert f.content.startswith(b"%PDF")


def test_an_empty_value_agrees_with_its_noun():
    """«Дата: не указана», «Организаторы: не указаны» (issue 10), not one «не указано» for every noun."""
    import datetime as dt

    from tendik.consultations.documents.word import _date

    with translation.override("ru"):
        assert _date(None) == "не указана"
        assert _date(dt.date(2026, 11, 30)) == "30 ноября 2026 г."  # one date format: the same as on pages
        assert str(translation.pgettext("organisers", "not recorded")) == "не указаны"
    with translation.override("en"):
        assert _date(None) == "not recorded"
