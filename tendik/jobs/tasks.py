from __future__ import annotations

from django_tasks import task

from tendik.jobs import services


@task()
def run_job(job_id: int) -> None:
    """Run one queued job in the background worker (`tendik db_worker`)."""
    services.job_run(job_id=job_id)
