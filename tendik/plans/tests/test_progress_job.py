"""The progress report prepared in the background (PDF with its charts, or Excel), within the dashboard's scope."""

from __future__ import annotations

import json

from tendik.jobs.models import Job, JobStatus


def test_progress_pdf_prepared_in_background_in_the_language_asked(
    progress, roles, territory, login, django_capture_on_commit_callbacks
):
    client = login(roles["fp_oblast"])
    page = client.get("/plans/dashboard/").content.decode()
    assert 'name="kind" value="plans.progress"' in page
    params = json.dumps({"unit": territory["batken"].code, "lang": "ky"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/files/start/", {"kind": "plans.progress", "params": params, "format": "pdf"})
    job = Job.objects.get()
    assert job.status == JobStatus.DONE, job.message
    content = b"".join(client.get(f"/files/{job.token}/download/").streaming_content)
    assert content[:4] == b"%PDF" and job.filename.endswith(".pdf")


def test_progress_job_out_of_scope_or_bad_format_is_refused(progress, roles, territory, login):
    client = login(roles["fp_naryn"])
    for params, fmt in (({"unit": territory["batken"].code}, "pdf"), ({"unit": territory["naryn"].code}, "exe")):
        response = client.post("/files/start/", {"kind": "plans.progress", "params": json.dumps(params), "format": fmt})
        assert response.status_code in (403, 404)
    assert not Job.objects.exists()
    assert (
        login(roles["nobody"])
        .post("/files/start/", {"kind": "plans.progress", "params": "{}", "format": "xlsx"})
        .status_code
        == 403
    )
    assert not Job.objects.exists()
