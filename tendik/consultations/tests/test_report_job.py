"""The consolidated report prepared in the background, for those who may see the series."""

from __future__ import annotations

import json

from django.urls import reverse

from tendik.jobs.models import Job, JobStatus


def test_report_prepared_in_background(world, login, django_capture_on_commit_callbacks):
    client = login(world["u"]["coordinator"])
    page = client.get(reverse("consultations:report", args=["may"]), {"lang": "ky"}).content.decode()
    assert 'name="kind" value="consultations.report"' in page
    params = json.dumps({"series": "may", "lang": "ky"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/files/start/", {"kind": "consultations.report", "params": params, "format": "pdf"})
    job = Job.objects.get()
    assert job.status == JobStatus.DONE, job.message
    content = b"".join(client.get(f"/files/{job.token}/download/").streaming_content)
    assert content[:4] == b"%PDF" and job.filename == "report-may-ky.pdf"


def test_report_job_refused_without_the_series_or_with_a_bad_format(world, login):
    params = json.dumps({"series": "may"})
    response = login(world["u"]["nobody"]).post(
        "/files/start/", {"kind": "consultations.report", "params": params, "format": "pdf"}
    )
    assert response.status_code == 403
    response = login(world["u"]["coordinator"]).post(
        "/files/start/", {"kind": "consultations.report", "params": params, "format": "exe"}
    )
    assert response.status_code in (403, 404)
    assert not Job.objects.exists()
