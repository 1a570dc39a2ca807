"""The shipped gunicorn settings: `gunicorn -c python:tendik.gunicorn_conf tendik.wsgi:application`.

Threaded workers (gthread): a slow page or a large upload occupies one thread, not a whole process. Every setting can
be changed with an environment variable. Measured with `bench/load.sh` (docs/operations.md, "Load test").
"""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path
from typing import Any

bind = os.environ.get("TENDIK_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("TENDIK_WORKERS", str(min(2 * multiprocessing.cpu_count() + 1, 9))))
worker_class = "gthread"
threads = int(os.environ.get("TENDIK_THREADS", "4"))
# A request never does long work (imports and exports are background jobs), so 60 s is only a safety net.
timeout = int(os.environ.get("TENDIK_TIMEOUT", "60"))
graceful_timeout = 30
# Longer than a person's pause between pages, so that a browser's idle connection is not closed under its next request.
keepalive = int(os.environ.get("TENDIK_KEEPALIVE", "60"))
# Workers are not recycled by default: with threaded workers and kept-alive connections a recycling worker left some
# requests waiting for seconds (the national load test: 5–9 s for about 1 % of requests each time one of the five
# workers reached its 2,000 requests, every few minutes at 25 requests/s; gunicorn issues 2297 and 3038).
# TENDIK_MAX_REQUESTS recycles a worker after that many requests, if memory is seen to grow.
max_requests = int(os.environ.get("TENDIK_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 10
# The upload limit is nginx's (client_max_body_size); gunicorn keeps its defaults for header sizes.
accesslog = os.environ.get("TENDIK_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("TENDIK_LOG_LEVEL", "warning")


def on_starting(server: Any) -> None:
    """The workers share one page cache on disk (tendik.core.pagecache, ADR 0011): after a change each page part is
    rendered once for all of them, and a worker restarted keeps what the others rendered. It is emptied here,
    when the server starts — after every deploy, migration or restore, which change data without raising the
    generations. `TENDIK_PAGE_CACHE_DIR` (default: `cache/pages` in the data directory, where the production settings
    of every process, the background worker's too, look for it); "off" keeps each process's memory instead."""
    if os.environ.get("TENDIK_PAGE_CACHE_DIR") == "off":
        return
    data_dir = Path(os.environ.get("TENDIK_DATA_DIR", Path.cwd())).resolve()
    path = Path(os.environ.get("TENDIK_PAGE_CACHE_DIR") or data_dir / "cache" / "pages")
    path.mkdir(parents=True, exist_ok=True)
    for stale in path.glob("*.djcache"):  # only the cache's own files (Django's file cache names them so)
        stale.unlink(missing_ok=True)
    os.environ["TENDIK_PAGE_CACHE_DIR"] = str(path)  # read by tendik.settings in the workers, forked after this


def on_reload(server: Any) -> None:
    """A reload (HUP, new code without a restart) empties the shared page cache too, as a start does."""
    on_starting(server)
