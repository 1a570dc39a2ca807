"""Finish and time the load test's import after the run (on a machine too busy for it to end within the run):
the check (again, unless it ended), then the write, each timed, as the job worker runs them.

    DATABASE_URL=... TENDIK_DATA_DIR=... python -m bench.load_import
"""

from __future__ import annotations

import os
import time


def main() -> None:
    from django.db import transaction

    from tendik.jobs import services
    from tendik.jobs.models import Job, JobStatus

    job = Job.objects.filter(kind="consultations.recommendations_import").order_by("-pk").first()
    assert job is not None, "no import: run bench/load.sh first"
    if not job.awaits_confirmation:  # the check did not end within the run: check again, timed
        Job.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED, params={**job.params, "stage": "check"})
        start = time.perf_counter()
        job = services.job_run(job_id=job.pk)
        check = time.perf_counter() - start
        rows = (job.result or {}).get("rows")
        errors = len((job.result or {}).get("errors", []))
        print(f"check: {check:.1f} s, {rows} rows, {errors} problems, status {job.status}")
    with transaction.atomic():  # as the confirm button's request
        services.import_confirm(user=job.user, job=job)
    start = time.perf_counter()
    job = services.job_run(job_id=job.pk)
    write = time.perf_counter() - start
    print(f"write: {write:.1f} s, status {job.status}, {(job.result or {}).get('stage')}")


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tendik.settings")
    import django

    django.setup()
    main()
