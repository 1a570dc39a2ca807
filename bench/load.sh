#!/bin/sh
# Load on loopback only, bounded in time: gunicorn with the shipped settings (tendik/gunicorn_conf.py) and two
# background workers on 127.0.0.1:8765 (TENDIK_LOAD_PORT), sharing one page cache; a warm-up, then the measured run:
# signed-in people and public visitors (bench/locustfile.py) and one large import.
# Usage, on a database loaded by `manage.py demo --no-serve`:
#   DATABASE_URL=... TENDIK_DATA_DIR=... bench/load.sh [users] [seconds] [import rows]
# Results: $TENDIK_LOAD_DIR (default $TENDIK_DATA_DIR/load): locust_stats.csv, load.txt (load average), server.log.
# TENDIK_LOAD_PORT (or BENCH_PORT) must be free: on a shared machine another server there would be measured.
set -eu
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
BIN=$(dirname "$PY")
USERS=${1:-8}
SECONDS_=${2:-30}
ROWS=${3:-50000}
PORT=${TENDIK_LOAD_PORT:-${BENCH_PORT:-8765}}
if "$PY" -c "import socket,sys; s=socket.socket(); sys.exit(s.connect_ex(('127.0.0.1', $PORT)) != 0)"; then
    echo "127.0.0.1:$PORT is in use: set TENDIK_LOAD_PORT to a free port" >&2
    exit 1
fi
export TENDIK_LOAD_DIR="${TENDIK_LOAD_DIR:-${TENDIK_DATA_DIR:-.}/load}"
OUT=$TENDIK_LOAD_DIR
mkdir -p "$OUT"
nice "$PY" -m bench.load_setup "$OUT" "$ROWS"
export TENDIK_DEBUG=0 TENDIK_ALLOWED_HOSTS=127.0.0.1
# One page cache on disk for the server's workers and the background workers, as in production: the background
# workers render the parts a change raised as soon as it commits (tendik.core.pagecache, "warm").
export TENDIK_PAGE_CACHE_DIR="${TENDIK_PAGE_CACHE_DIR:-${TENDIK_DATA_DIR:-.}/cache/pages}"
"$BIN/gunicorn" -c python:tendik.gunicorn_conf -b "127.0.0.1:$PORT" tendik.wsgi:application >"$OUT/server.log" 2>&1 &
GPID=$!
sleep 2  # the server empties the cache when it starts: the background workers start after it
# Two background workers, as docs/operations.md advises: the large import occupies one.
"$PY" manage.py db_worker >"$OUT/worker.log" 2>&1 &
WPID=$!
"$PY" manage.py db_worker >"$OUT/worker2.log" 2>&1 &
W2PID=$!
(while :; do echo "$(date -u +%T) $(cut -d' ' -f1-3 /proc/loadavg)"; sleep 15; done) >"$OUT/load.txt" &
LPID=$!
trap 'kill "$GPID" "$WPID" "$W2PID" "$LPID" 2>/dev/null' EXIT
sleep 5
kill -0 "$GPID" || { cat "$OUT/server.log"; exit 1; }
# A warm-up first, not measured: after a start the page cache is empty and each territory's first view renders
# (as after a deploy, once); the same people at work, without approvals or the import (TENDIK_LOAD_WARMUP seconds,
# default 120; 0 for none). Its figures are kept in warmup_stats.csv; the rayon dashboard's line is printed.
WARMUP=${TENDIK_LOAD_WARMUP:-120}
if [ "$WARMUP" -gt 0 ]; then
    TENDIK_LOAD_APPROVE=0 TENDIK_LOAD_NO_IMPORT=1 "$BIN/locust" -f bench/locustfile.py --headless \
        -H "http://127.0.0.1:$PORT" -u "$USERS" -r 5 -t "${WARMUP}s" --csv "$OUT/warmup" --only-summary >/dev/null 2>&1
    echo "warm-up, ${WARMUP} s after the start (not measured; name, requests, failures, median, average, min, max):"
    grep -E "rayon dashboard|Aggregated" "$OUT/warmup_stats.csv" | cut -d, -f2-8 || true
fi
"$BIN/locust" -f bench/locustfile.py --headless -H "http://127.0.0.1:$PORT" -u "$USERS" -r 5 -t "${SECONDS_}s" \
    --csv "$OUT/locust" --only-summary 2>&1 | tail -n 45
echo "load average (1, 5, 15 min) during the run:"; cat "$OUT/load.txt"
echo "server errors logged:"; grep -ciE "error|exception|locked|timeout" "$OUT/server.log" "$OUT/worker.log" "$OUT/worker2.log" || true
echo "tasks that rendered pages ahead (tendik.core.tasks.warm_pages), run by the background workers:"
grep -h "warm_pages" "$OUT"/worker*.log | grep -c SUCCESSFUL || true
