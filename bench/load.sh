#!/bin/sh
# Concurrent load, bounded in time, on 127.0.0.1 only: gunicorn (2 workers) and locust (8 users, 30 s).
# Usage: DATABASE_URL=... bench/load.sh [users] [seconds]   (on a database filled by `manage.py generate`)
set -eu
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
BIN=$(dirname "$PY")
USERS=${1:-8}
SECONDS_=${2:-30}
TENDIK_DEBUG=0 TENDIK_ALLOWED_HOSTS=127.0.0.1 "$BIN/gunicorn" tendik.wsgi -b 127.0.0.1:8765 -w 2 --timeout 60 --log-level warning &
GPID=$!
trap 'kill "$GPID" 2>/dev/null' EXIT
sleep 4
"$BIN/locust" -f bench/locustfile.py --headless -H http://127.0.0.1:8765 -u "$USERS" -r "$USERS" -t "${SECONDS_}s" \
    --only-summary 2>&1 | tail -n 25
