from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from tendik.jobs.models import Job


def jobs_for(*, user: Any) -> QuerySet[Job]:
    """A user sees only their own jobs."""
    return Job.objects.filter(user=user)


def access_job(*, user: Any, token: str) -> Job:
    try:
        return jobs_for(user=user).get(token=token)
    except (Job.DoesNotExist, ValueError):
        raise Http404 from None
