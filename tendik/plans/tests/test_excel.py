"""Excel round trip of a report (all or nothing, errors by sheet, row and column) and exports to Excel and PDF."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from tendik.plans.excel.report_template import ImportFailed, import_xlsx, template_xlsx
from tendik.plans.models import DataValue, ReportAction, ReportEntry

from .conftest import fill


@pytest.fixture(autouse=True)
def _english(settings):
    """Messages are checked in English (the source language); the client asks for English too."""
    from django.utils import translation

    with translation.override("en"):
        yield


def _en(client):
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _workbook(report):
    return load_workbook(io.BytesIO(template_xlsx(report=report)))


def _save(wb) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _indicator_row(ws, code, combo):
    for row in ws.iter_rows(min_row=2):
        if row[2].value == code and (row[4].value or "") == combo:
            return row[0].row
    raise AssertionError((code, combo))


def test_template_lists_entries_and_breakdowns(report):
    wb = _workbook(report)
    measures, indicators = wb.worksheets[0], wb.worksheets[1]
    assert measures.max_row == 1 + report.entries.count()
    codes = {(r[2], r[4]) for r in indicators.iter_rows(min_row=2, values_only=True)}
    assert ("people_trained", "sex=female") in codes and ("at_risk_families", None) in codes
    assert wb["tendik"].sheet_state == "hidden"


def _upload(client, report, content, capture):
    """Upload through the page: the check runs as a background job; returns the job."""
    from tendik.jobs.models import Job

    with capture(execute=True):
        response = client.post(
            reverse("plans:report_upload", args=[report.pk]), {"file": SimpleUploadedFile("r.xlsx", content)}
        )
    assert response.status_code == 302, response.content.decode()[-3000:]
    job = Job.objects.get(token=response.url.rstrip("/").split("/")[-1])
    assert response.url == reverse("jobs:detail", kwargs={"token": job.token})
    return job


def test_round_trip_saves_everything(report, roles, login, django_capture_on_commit_callbacks):
    client = login(roles["officer"])
    wb = load_workbook(io.BytesIO(client.get(reverse("plans:report_template", args=[report.pk])).content))
    ws, wi = wb.worksheets[0], wb.worksheets[1]
    for row in range(2, ws.max_row + 1):
        ws.cell(row=row, column=4).value = "В процессе"  # a label in Russian is understood
        ws.cell(row=row, column=5).value = 40
        ws.cell(row=row, column=6).value = "Сделано"
        ws.cell(row=row, column=7).value = 1200
    wi.cell(row=_indicator_row(wi, "people_trained", "sex=female"), column=7).value = 18
    wi.cell(row=_indicator_row(wi, "at_risk_families", ""), column=7).value = 10
    wi.cell(row=_indicator_row(wi, "at_risk_families_covered", ""), column=7).value = "7"
    job = _upload(client, report, _save(wb), django_capture_on_commit_callbacks)
    assert job.status == "done" and job.result["stage"] == "checked" and not job.result["errors"], job.result
    assert not DataValue.objects.filter(report=report).exists()  # checked, not yet saved
    page = client.get(reverse("jobs:detail", kwargs={"token": job.token})).content.decode()
    assert reverse("jobs:confirm", kwargs={"token": job.token}) in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("jobs:confirm", kwargs={"token": job.token}))
    job.refresh_from_db()
    assert job.result["stage"] == "written", job.result
    assert set(ReportEntry.objects.filter(report=report).values_list("status", "progress", "spent_local")) == {
        ("in_progress", 40, Decimal(1200))
    }
    assert DataValue.objects.filter(report=report).count() == 3
    assert report.events.filter(action=ReportAction.IMPORT).exists()
    # and the template downloaded again carries the figures
    again = _workbook(report).worksheets[1]
    assert again.cell(row=_indicator_row(again, "people_trained", "sex=female"), column=7).value == 18


def test_bad_file_saves_nothing_and_names_sheet_row_column(report, roles, login, django_capture_on_commit_callbacks):
    fill(report, roles["officer"])
    before = list(ReportEntry.objects.filter(report=report).order_by("pk").values_list("status", "narrative"))
    values_before = list(DataValue.objects.filter(report=report).order_by("pk").values_list("value", flat=True))
    wb = _workbook(report)
    ws, wi = wb.worksheets[0], wb.worksheets[1]
    ws.cell(row=2, column=6).value = "Изменено"  # a valid change that must not be saved either
    ws.cell(row=3, column=4).value = "почти готово"  # unknown status
    ws.cell(row=2, column=7).value = -50  # negative money
    covered_row = _indicator_row(wi, "at_risk_families_covered", "")
    wi.cell(row=_indicator_row(wi, "at_risk_families", ""), column=7).value = 3
    wi.cell(row=covered_row, column=7).value = 9  # part exceeds total
    wi.cell(row=_indicator_row(wi, "people_trained", "sex=male"), column=7).value = "много"
    client = _en(login(roles["officer"]))
    job = _upload(client, report, _save(wb), django_capture_on_commit_callbacks)
    html = client.get(reverse("jobs:detail", kwargs={"token": job.token})).content.decode()
    sheet_m, sheet_i = ws.title, wi.title
    assert "<td>3</td><td>D (Status)</td><td>Choose a status from the list.</td>" in html
    assert reverse("jobs:confirm", kwargs={"token": job.token}) not in html
    assert client.post(reverse("jobs:confirm", kwargs={"token": job.token})).status_code == 302  # refused: errors
    job.refresh_from_db()
    assert job.result["stage"] == "checked" and job.params["stage"] == "check"
    with pytest.raises(ImportFailed) as exc:
        import_xlsx(report=report, actor=roles["officer"], content=_save(wb))
    messages = exc.value.messages
    assert any(f"“{sheet_m}”, row 3, column D" in m for m in messages), messages
    assert any(f"“{sheet_i}”, row" in m and "column G" in m and "Enter a number" in m for m in messages), messages
    # the service-level errors need the parse errors fixed first; they too name their cell
    wi.cell(row=_indicator_row(wi, "people_trained", "sex=male"), column=7).value = 2
    ws.cell(row=3, column=4).value = "Done"
    ws.cell(row=3, column=5).value = 100
    with pytest.raises(ImportFailed) as exc:
        import_xlsx(report=report, actor=roles["officer"], content=_save(wb))
    messages = exc.value.messages
    assert any(f"row {covered_row}, column G" in m and "cannot exceed its total" in m for m in messages), messages
    assert any("row 2, column G" in m and "cannot be negative" in m for m in messages), messages
    assert list(ReportEntry.objects.filter(report=report).order_by("pk").values_list("status", "narrative")) == before
    assert list(DataValue.objects.filter(report=report).order_by("pk").values_list("value", flat=True)) == values_before


def test_not_a_workbook_or_another_report(report, roles, local_plan, login):
    from tendik.plans.services.periods import period_get
    from tendik.plans.services.reports import report_open

    with pytest.raises(ImportFailed, match="not a readable Excel workbook"):
        import_xlsx(report=report, actor=roles["officer"], content=b"PK not really")
    other = report_open(actor=roles["officer"], local_plan=local_plan, period=period_get(code="2025-H2"))
    with pytest.raises(ImportFailed, match="another report"):
        import_xlsx(report=other, actor=roles["officer"], content=template_xlsx(report=report))


def test_upload_refused_out_of_scope_or_locked(report, roles, login):
    content = template_xlsx(report=report)
    url = reverse("plans:report_upload", args=[report.pk])
    assert login(roles["officer_other"]).post(url, {"file": SimpleUploadedFile("r.xlsx", content)}).status_code == 404
    assert login(roles["fp_rayon"]).post(url, {"file": SimpleUploadedFile("r.xlsx", content)}).status_code == 403
    fill(report, roles["officer"])
    from tendik.plans.services.reports import report_submit

    report_submit(actor=roles["officer"], report=report)
    assert login(roles["officer"]).post(url, {"file": SimpleUploadedFile("r.xlsx", content)}).status_code == 403


def test_exports_read_back(report, local_plan, catalogue, roles, login):
    fill(report, roles["officer"])
    client = login(roles["fp_rayon"])
    plan_xlsx = client.get(reverse("plans:plan_export", args=[catalogue["plan"].code, "xlsx"]))
    ws = load_workbook(io.BytesIO(plan_xlsx.content)).active
    assert [r[2] for r in ws.iter_rows(min_row=2, values_only=True)] == ["1.1", "1.2", "1.3"]
    local = load_workbook(io.BytesIO(client.get(reverse("plans:local_export", args=[local_plan.pk, "xlsx"])).content))
    assert local.worksheets[0].max_row == 4 and local.worksheets[1].max_row == 4
    progress = load_workbook(io.BytesIO(client.get(reverse("plans:progress_export", args=["xlsx"])).content))
    assert [s.title for s in progress.worksheets][:1] and progress.worksheets[0]["A1"].value
    for url in (
        reverse("plans:plan_export", args=[catalogue["plan"].code, "pdf"]),
        reverse("plans:local_export", args=[local_plan.pk, "pdf"]),
        reverse("plans:progress_export", args=["pdf"]),
    ):
        response = client.get(url)
        assert response.status_code == 200 and response.content[:4] == b"%PDF" and len(response.content) > 2000
    assert client.get(reverse("plans:plan_export", args=[catalogue["plan"].code, "doc"])).status_code == 404


def test_pdf_carries_kyrgyz_letters(catalogue, roles, login):
    from weasyprint import HTML

    from tendik.core.pdf import render_pdf

    catalogue["m1"].text_ky = "Аялдарды окутуу: өнөр, үй, жаңы"
    catalogue["m1"].save()
    from django.template.loader import render_to_string
    from django.utils import translation

    from tendik.plans.selectors.catalogue import plan_tree

    with translation.override("ky"):
        areas = plan_tree(plan=catalogue["plan"])
        html = render_to_string("plans/pdf/plan.html", {"plan": catalogue["plan"], "areas": areas})
        assert "өнөр" in html
        assert render_pdf("plans/pdf/plan.html", {"plan": catalogue["plan"], "areas": areas})[:4] == b"%PDF"
    document = HTML(string=html).render()
    text = "".join(box.text for page in document.pages for box in _texts(page._page_box))
    assert "өнөр" in text and "жаңы" in text


def _texts(box):
    if hasattr(box, "text"):
        yield box
    for child in getattr(box, "children", []):
        yield from _texts(child)


HOSTILE = '=HYPERLINK("http://evil.example/","click")'


def test_a_formula_typed_in_a_narrative_is_text_in_every_export(report, local_plan, roles, login):
    from tendik.plans.services.reports import entry_data, entry_save

    fill(report, roles["officer"])
    entry = report.entries.select_related("local_measure", "report").first()
    data = entry_data(entry)
    data.narrative = HOSTILE
    entry_save(actor=roles["officer"], entry=entry, data=data)
    client = login(roles["officer"])

    def cells(content):
        wb = load_workbook(io.BytesIO(content))
        return [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value == HOSTILE]

    template = cells(client.get(reverse("plans:report_template", args=[report.pk])).content)
    local = cells(client.get(reverse("plans:local_export", args=[local_plan.pk, "xlsx"])).content)
    for found in (template, local):
        assert found and all(c.data_type == "s" for c in found)


def test_an_uploaded_formula_is_refused_naming_the_cell_and_saves_nothing(report, roles):
    fill(report, roles["officer"])
    before = list(ReportEntry.objects.filter(report=report).order_by("pk").values_list("narrative", flat=True))
    wb = _workbook(report)
    ws = wb.worksheets[0]
    ws.cell(row=2, column=6).value = '=A1&"x"'  # a formula where the narrative was
    ws.cell(row=3, column=6).value = "Изменено"
    with pytest.raises(ImportFailed) as exc:
        import_xlsx(report=report, actor=roles["officer"], content=_save(wb))
    assert [(e.sheet, e.row, e.column) for e in exc.value.errors] == [(ws.title, 2, "F")]
    assert "formula" in exc.value.errors[0].message
    after = list(ReportEntry.objects.filter(report=report).order_by("pk").values_list("narrative", flat=True))
    assert after == before


def test_upload_writes_one_audit_entry_per_changed_row(report, roles, django_assert_max_num_queries):
    from tendik.audit.models import AuditEntry

    wb = _workbook(report)
    ws = wb.worksheets[0]
    for row in range(2, ws.max_row + 1):
        ws.cell(row=row, column=4).value = "In progress"
        ws.cell(row=row, column=5).value = 10
    before = AuditEntry.objects.filter(content_type__model="reportentry").count()
    import_xlsx(report=report, actor=roles["officer"], content=_save(wb))
    changed = AuditEntry.objects.filter(content_type__model="reportentry").count() - before
    assert changed == report.entries.count() == ws.max_row - 1
