#!/bin/sh
# Concurrent load, bounded in time, on 127.0.0.1 only: gunicorn (2 workers) and locust (8 users, 30 s).
# Usage: DATABASE_URL=... bench/load.sh [users] [seconds]   (on a database filled by `manage.py generate`)
# BENCH_PORT (default 8765) must be free: on a shared machine another server there would be measured instead.
set -eu
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
BIN=$(dirname "$PY")
USERS=${1:-8}
SECONDS_=${2:-30}
PORT=${BENCH_PORT:-8765}
if "$PY" -c "import socket,sys; s=socket.socket(); sys.exit(s.connect_ex(('127.0.0.1', $PORT)) != 0)"; then
    echo "127.0.0.1:$PORT is in use: set BENCH_PORT to a free port" >&2
    exit 1
fi
TENDIK_DEBUG=0 TENDIK_ALLOWED_HOSTS=127.0.0.1 "$BIN/gunicorn" tendik.wsgi -b 127.0.0.1:$PORT -w 2 --timeout 60 --log-level warning &
GPID=$!
trap 'kill "$GPID" 2>/dev/null' EXIT
sleep 4
"$BIN/locust" -f bench/locustfile.py --headless -H http://127.0.0.1:$PORT -u "$USERS" -r "$USERS" -t "${SECONDS_}s" \
    --only-summary 2>&1 | tail -n 25
