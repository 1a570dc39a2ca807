"""Background tasks of the core (run by `tendik db_worker`)."""

from __future__ import annotations

from django_tasks import task

from tendik.core import pagecache


@task(priority=50)  # before exports and imports queued earlier: a reader may be waiting for these parts
def warm_pages(key: str, places: list[str]) -> int:
    """Render again, as soon as a change has committed, the cached page parts of `key` for the territories the
    change raised (tendik.core.pagecache, "warm")."""
    return pagecache.render_warm(key, places)
