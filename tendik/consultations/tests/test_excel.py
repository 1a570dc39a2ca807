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


def test_import_page_lists_errors(world, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    c = login(world["u"]["fp_batken"])
    upload = SimpleUploadedFile(
        "r.xlsx", _book([{"series": "may", "scope": "general", "level": "bad", "text_ru": "x"}])
    )
    page = c.post(reverse("consultations:import"), {"file": upload}).content.decode()
    assert "Recommendations" in page and "G (level)" in page
    assert Recommendation.objects.count() == 3
