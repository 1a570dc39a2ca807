"""Excel export and import: round trip, precise errors (sheet, row, column), all-or-nothing, scope."""

import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from tendik.consultations.models import Recommendation
from tendik.consultations.selectors import recommendations
from tendik.consultations.services.spreadsheet import (
    COLUMNS,
    SpreadsheetError,
    export_recommendations,
    import_recommendations,
)


def _book(rows):
    wb = Workbook()
    ws = wb.active
    ws.title = "Recommendations"
    ws.append([h for _k, h in COLUMNS])
    for row in rows:
        ws.append([row.get(k, "") for k, _h in COLUMNS])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_export_reads_back(world):
    data = export_recommendations(recommendations(world["u"]["coordinator"]).order_by("code"))
    ws = load_workbook(io.BytesIO(data))["Recommendations"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "code"
    by_code = {r[0]: r for r in rows[1:]}
    assert set(by_code) == {"rec-b", "rec-n", "rec-g"}
    assert by_code["rec-n"][8] == "II.N.1" and by_code["rec-b"][4] == world["t"]["batken"].code


def test_round_trip_updates_and_creates(world):
    user = world["u"]["coordinator"]
    data = export_recommendations(recommendations(user).order_by("code"))
    wb = load_workbook(io.BytesIO(data))
    ws = wb["Recommendations"]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == "rec-b":
            row[9].value = "Открыть кризисные центры и шелтеры"
    ws.append(
        [
            "",
            "may",
            "naryn-m",
            "regional",
            world["t"]["naryn"].code,
            "climate_environment",
            "local",
            "gender-2025-2027",
            "3.4",
            "Экологические риски",
            "",
            "",
        ]
    )
    buf = io.BytesIO()
    wb.save(buf)
    result = import_recommendations(data=buf.getvalue(), actor=user)
    assert (result.created, result.updated) == (1, 3)
    assert Recommendation.objects.get(code="rec-b").text_ru == "Открыть кризисные центры и шелтеры"
    new = Recommendation.objects.get(text_ru="Экологические риски")
    assert new.measures.get().number == "3.4" and new.meeting.code == "naryn-m"


def test_errors_name_sheet_row_and_column_and_nothing_is_saved(world):
    good = {"series": "may", "scope": "general", "level": "national", "text_ru": "Хорошая строка"}
    bad_rows = [
        good,
        {"series": "nope", "scope": "general", "level": "national", "text_ru": "x"},  # row 3
        {"series": "may", "scope": "regional", "level": "national", "text_ru": "x", "regions": "99999"},  # row 4
        {
            "series": "may",
            "scope": "general",
            "level": "sideways",
            "text_ru": "x",
            "measures": "42.42",
            "plans": "gender-2025-2027",
        },  # row 5
        {"series": "may", "scope": "general", "level": "national"},  # row 6: no text
    ]
    with pytest.raises(SpreadsheetError) as exc:
        import_recommendations(data=_book(bad_rows), actor=world["u"]["coordinator"])
    found = {(e.sheet, e.row, e.column.split()[0]) for e in exc.value.errors}
    assert ("Recommendations", 3, "B") in found  # series
    assert ("Recommendations", 4, "E") in found  # regions
    assert ("Recommendations", 5, "G") in found  # level
    assert ("Recommendations", 5, "I") in found  # measures
    assert ("Recommendations", 6, "J") in found  # text
    with translation.override("en"):
        assert any(str(e).startswith("Sheet “Recommendations”, row 4, column E (regions):") for e in exc.value.errors)
    assert not Recommendation.objects.filter(text_ru="Хорошая строка").exists()
    assert Recommendation.objects.count() == 3


def test_import_respects_scope(world):
    rows = [
        {
            "code": "rec-n",
            "series": "may",
            "meeting": "naryn-m",
            "scope": "regional",
            "level": "national",
            "text_ru": "Изменено не тем",
        }
    ]
    with pytest.raises(SpreadsheetError) as exc:
        import_recommendations(data=_book(rows), actor=world["u"]["fp_batken"])
    assert exc.value.errors[0].row == 2
    assert Recommendation.objects.get(code="rec-n").text_ru != "Изменено не тем"


def test_not_an_excel_file(world):
    with pytest.raises(SpreadsheetError):
        import_recommendations(data=b"not a zip", actor=world["u"]["coordinator"])


def _start(client, content, capture):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tendik.jobs.models import Job

    with capture(execute=True):
        response = client.post(reverse("consultations:import"), {"file": SimpleUploadedFile("r.xlsx", content)})
    assert response.status_code == 302
    return Job.objects.get(token=response.url.rstrip("/").split("/")[-1])


def test_import_page_lists_errors(world, login, django_capture_on_commit_callbacks):
    c = login(world["u"]["fp_batken"])
    job = _start(
        c,
        _book([{"series": "may", "scope": "general", "level": "bad", "text_ru": "x"}]),
        django_capture_on_commit_callbacks,
    )
    page = c.get(reverse("jobs:detail", kwargs={"token": job.token})).content.decode()
    assert "Recommendations" in page and "G (level)" in page
    assert Recommendation.objects.count() == 3


def test_import_job_previews_then_writes_on_confirm_with_one_audit_entry_per_row(
    world, login, django_capture_on_commit_callbacks
):
    from tendik.audit.models import AuditAction, AuditEntry
    from tendik.jobs.models import Job

    rows = [{"series": "may", "scope": "general", "level": "national", "text_ru": f"Новая {i}"} for i in range(25)]
    c = login(world["u"]["coordinator"])
    job = _start(c, _book(rows), django_capture_on_commit_callbacks)
    assert job.result["stage"] == "checked" and job.result["preview"]["created"] == 25, job.result
    assert Recommendation.objects.count() == 3  # nothing written before the confirmation
    other = login(world["u"]["fp_batken"])
    assert other.post(reverse("jobs:confirm", kwargs={"token": job.token})).status_code == 404  # not her job
    audit_before = AuditEntry.objects.filter(action=AuditAction.CREATE, content_type__model="recommendation").count()
    with django_capture_on_commit_callbacks(execute=True):
        c.post(reverse("jobs:confirm", kwargs={"token": job.token}))
    job = Job.objects.get(pk=job.pk)
    assert job.result["stage"] == "written" and job.result["summary"]["created"] == 25
    assert Recommendation.objects.count() == 28
    created = AuditEntry.objects.filter(action=AuditAction.CREATE, content_type__model="recommendation").count()
    assert created - audit_before == 25
    new = Recommendation.objects.get(text_ru="Новая 3")
    assert new.code.startswith("may-r") and new.events.filter(kind="imported").exists()
    # confirmed once: a second confirmation changes nothing
    with django_capture_on_commit_callbacks(execute=True):
        c.post(reverse("jobs:confirm", kwargs={"token": job.token}))
    assert Recommendation.objects.count() == 28


def test_formula_cell_refused_naming_the_cell(world):
    wb = Workbook()
    ws = wb.active
    ws.title = "Recommendations"
    ws.append([h for _k, h in COLUMNS])
    ws.append(["", "may", "", "general", "", "", "national", "", "", '=HYPERLINK("http://evil.example/","x")'])
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(SpreadsheetError) as exc:
        import_recommendations(data=buf.getvalue(), actor=world["u"]["coordinator"])
    assert [(e.sheet, e.row, e.column) for e in exc.value.errors] == [("Recommendations", 2, "J")]
    assert Recommendation.objects.count() == 3


def test_formula_typed_in_a_text_is_exported_as_text(world):
    rec = Recommendation.objects.get(code="rec-b")
    rec.text_ru = '=HYPERLINK("http://evil.example/","click")'
    rec.save()
    data = export_recommendations(recommendations(world["u"]["coordinator"]).order_by("code"))
    ws = load_workbook(io.BytesIO(data))["Recommendations"]
    cell = next(r[9] for r in ws.iter_rows(min_row=2) if r[0].value == "rec-b")
    assert cell.data_type == "s" and cell.value == rec.text_ru


def test_import_limit_takes_fifty_thousand_rows():
    from tendik.consultations.services.spreadsheet import MAX_ROWS, RecommendationImport

    assert RecommendationImport.max_rows == MAX_ROWS >= 50_000


def test_import_queries_do_not_grow_with_rows(world):
    """Checking and writing a file: the same number of queries for 10 rows and for 30."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for n in (1, 10, 30):  # the first run also fills Django's content-type cache
        rows = [{"series": "may", "scope": "general", "level": "national", "text_ru": f"Ряд {n}-{i}"} for i in range(n)]
        with CaptureQueriesContext(connection) as ctx:
            import_recommendations(data=_book(rows), actor=world["u"]["coordinator"])
        counts.append(len(ctx.captured_queries))
    assert counts[1] == counts[2], counts
