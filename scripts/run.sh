#!/usr/bin/env bash
# Start the web server, a Celery worker and Celery beat; Ctrl-C stops all three.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
mkdir -p var/log
pids=()
cleanup() {
  trap - INT TERM EXIT
  echo; echo "正在停止 Stopping OneGo …"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  # Celery's warm shutdown lets running jobs finish; give it ten seconds, then stop what is left.
  for _ in $(seq 1 20); do
    alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ $alive -eq 0 ] && break
    sleep 0.5
  done
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  pkill -9 -P $$ 2>/dev/null || true
}
trap cleanup INT TERM EXIT

$BIN/celery -A onego worker --loglevel=INFO --concurrency=2 -n "onego@%h" >var/log/worker.log 2>&1 &
pids+=($!)
$BIN/celery -A onego beat --loglevel=INFO >var/log/beat.log 2>&1 &
pids+=($!)
$BIN/python manage.py runserver "$HOST:$PORT" --noreload --insecure &
pids+=($!)

for _ in $(seq 1 60); do
  curl -fsS "http://$HOST:$PORT/healthz" >/dev/null 2>&1 && break
  sleep 0.5
done
$BIN/python manage.py demo_logins --url "http://$HOST:$PORT/"
echo "日志 Logs: var/log/worker.log, var/log/beat.log · 按 Ctrl-C 停止 Press Ctrl-C to stop"
wait -n "${pids[@]}"
