"""Background jobs: queued, run with visible progress, downloadable only by their owner; failures recorded."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied

from tendik.jobs import registry, services
from tendik.jobs.models import Job, JobStatus

seen_progress: list[int] = []


def _run(params, user, progress):  # type: ignore[no-untyped-def]
    for step in (25, 75):
        progress(step, f"step {step}")
        seen_progress.append(Job.objects.get(user=user, kind="test.echo").progress)
    if params.get("fail"):
        raise RuntimeError("boom")
    return "echo.txt", "text/plain", params["text"].encode()


registry.register(
    "test.echo", title=lambda p: f"Echo {p.get('text', '')}", run=_run, allowed=lambda user, p: user.username != "nope"
)


@pytest.fixture
def owner(make_user):
    return make_user("viewer", username="owner")


@pytest.mark.django_db
def test_job_runs_with_progress_and_only_its_owner_downloads(
    owner, make_user, login, django_capture_on_commit_callbacks
):
    seen_progress.clear()
    client = login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/files/start/", {"kind": "test.echo", "params": json.dumps({"text": "Теңдик"})})
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == f"/files/{job.token}/"
    assert job.status == JobStatus.DONE and job.progress == 100
    assert seen_progress == [25, 75]
    download = client.get(f"/files/{job.token}/download/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).decode() == "Теңдик"
    # The status partial for HTMX polling stops polling once the job is finished.
    partial = client.get(f"/files/{job.token}/", HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in partial and "100%" in partial
    other = login(make_user("viewer"))
    assert other.get(f"/files/{job.token}/").status_code == 404
    assert other.get(f"/files/{job.token}/download/").status_code == 404


@pytest.mark.django_db
def test_unfinished_job_page_polls_for_progress(owner, login):
    job = Job.objects.create(
        user=owner, kind="test.echo", title="Echo", params={"text": "x"}, progress=40, status=JobStatus.RUNNING
    )
    html = login(owner).get(f"/files/{job.token}/").content.decode()
    assert 'hx-trigger="every 2s"' in html and 'value="40"' in html
    assert login(owner).get(f"/files/{job.token}/download/").status_code == 404


@pytest.mark.django_db
def test_failure_is_recorded_not_raised(owner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = services.job_start(user=owner, kind="test.echo", params={"text": "x", "fail": True})
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.message and not job.file


@pytest.mark.django_db
def test_not_allowed_kind_or_unknown_kind_is_refused(make_user, login):
    nope = make_user("viewer", username="nope")
    with pytest.raises(PermissionDenied):
        services.job_start(user=nope, kind="test.echo", params={"text": "x"})
    client = login(nope)
    assert client.post("/files/start/", {"kind": "test.echo", "params": "{}"}).status_code == 403
    assert client.post("/files/start/", {"kind": "no.such", "params": "{}"}).status_code == 404
    assert client.post("/files/start/", {"kind": "test.echo", "params": "[1]"}).status_code == 404
    assert not Job.objects.exists()


@pytest.mark.django_db
def test_anonymous_is_sent_to_sign_in(client):
    assert client.get("/files/").status_code == 302
    assert client.post("/files/start/", {"kind": "test.echo"}).status_code == 302
