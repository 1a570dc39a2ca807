"""The shipped gunicorn settings: `gunicorn -c python:tendik.gunicorn_conf tendik.wsgi:application`.

Threaded workers (gthread): a slow page or a large upload occupies one thread, not a whole process. Every setting can
be changed with an environment variable. Measured with `bench/load.sh` (docs/operations.md, "Load test").
"""

from __future__ import annotations

import multiprocessing
import os

bind = os.environ.get("TENDIK_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("TENDIK_WORKERS", str(min(2 * multiprocessing.cpu_count() + 1, 9))))
worker_class = "gthread"
threads = int(os.environ.get("TENDIK_THREADS", "4"))
# A request never does long work (imports and exports are background jobs), so 60 s is only a safety net.
timeout = int(os.environ.get("TENDIK_TIMEOUT", "60"))
graceful_timeout = 30
# Longer than a person's pause between pages, so that a browser's idle connection is not closed under its next request.
keepalive = int(os.environ.get("TENDIK_KEEPALIVE", "60"))
# Recycle workers now and then (memory growth in long-lived processes), not all at once.
max_requests = 2000
max_requests_jitter = 200
# The upload limit is nginx's (client_max_body_size); gunicorn keeps its defaults for header sizes.
accesslog = os.environ.get("TENDIK_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("TENDIK_LOG_LEVEL", "warning")
