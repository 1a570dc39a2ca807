"""The committee report can be prepared in the background, within the same permissions as the page."""

from __future__ import annotations

import json

import pytest

from tendik.jobs.models import Job, JobStatus
from tendik.protection.models import Committee


@pytest.mark.django_db
def test_report_prepared_in_background_for_a_permitted_territory(
    territory, make_user, login, django_capture_on_commit_callbacks
):
    Committee.objects.create(municipality=territory["halmion"], name="МК Халмион")
    focal = make_user("focal_point", unit=territory["batken"])
    client = login(focal)
    page = client.get("/protection/report/", {"date_from": "2025-01-01", "date_to": "2025-12-31"})
    assert 'name="kind" value="protection.report"' in page.content.decode()
    params = json.dumps({"date_from": "2025-01-01", "date_to": "2025-12-31", "unit": territory["batken"].code})
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/files/start/", {"kind": "protection.report", "params": params, "format": "xlsx"})
    job = Job.objects.get()
    assert job.status == JobStatus.DONE, job.message
    content = b"".join(client.get(f"/files/{job.token}/download/").streaming_content)
    assert content[:2] == b"PK"  # an .xlsx (zip) file


@pytest.mark.django_db
def test_report_job_out_of_scope_is_refused(territory, make_user, login):
    focal = make_user("focal_point", unit=territory["naryn"])
    params = json.dumps({"date_from": "2025-01-01", "date_to": "2025-12-31", "unit": territory["batken"].code})
    response = login(focal).post("/files/start/", {"kind": "protection.report", "params": params, "format": "pdf"})
    assert response.status_code == 403
    assert not Job.objects.exists()
