#!/usr/bin/env bash
# Start the web server (gunicorn), a Celery worker and Celery beat; Ctrl-C stops all three.
# This is the DEMO installation of `make run` (demo users share a published password); docs/operations.md
# "Production outline" describes a real installation.
set -euo pipefail
cd "$(dirname "$0")/.."
# Files this process tree creates (database, uploads, keys, logs) are readable by this account only.
umask 077
BIN=.venv/bin
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
VAR=${ONEGO_VAR_DIR:-var}
LOG="$VAR/log"
mkdir -p "$LOG"
pids=()
cleanup() {
  trap - INT TERM EXIT
  echo; echo "正在停止 Stopping OneGo …"
  # gunicorn finishes the requests in flight (SIGTERM, --graceful-timeout); Celery's warm shutdown lets running
  # jobs finish; give them ten seconds, then stop what is left.
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for _ in $(seq 1 20); do
    alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ $alive -eq 0 ] && break
    sleep 0.5
  done
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  pkill -9 -P $$ 2>/dev/null || true
}
# Ctrl-C or SIGTERM: stop everything and end here (not back in the script, e.g. still printing the banner).
trap 'cleanup; exit 130' INT TERM
trap cleanup EXIT

$BIN/celery -A onego worker --loglevel=INFO --concurrency=2 -n "onego@%h" >"$LOG/worker.log" 2>&1 &
pids+=($!)
$BIN/celery -A onego beat --loglevel=INFO >"$LOG/beat.log" 2>&1 &
pids+=($!)
# A production WSGI server (settings in onego/config/gunicorn_conf.py: HOST:PORT, workers and threads, logs);
# static files are served by WhiteNoise, a middleware, from what collectstatic wrote.
HOST=$HOST PORT=$PORT $BIN/gunicorn -c onego/config/gunicorn_conf.py &
pids+=($!)
# The stand-in provincial subsidy system the demo's robots work in (a stand-in shipped with the demo, never a real
# system: a real deployment points the robots at the real system's address and account).
STANDIN_PORT=${STANDIN_PORT:-8100}
$BIN/python -m onego.demo.vertical_system --host "$HOST" --port "$STANDIN_PORT" --db "$VAR/vertical_system.sqlite3" \
  --slow-page 2=3 >"$LOG/vertical_system.log" 2>&1 &
pids+=($!)

for _ in $(seq 1 120); do  # a minute: a busy machine takes its time to import Django
  curl -fsS "http://$HOST:$PORT/healthz" >/dev/null 2>&1 && break
  sleep 0.5
done
$BIN/python manage.py demo_logins --url "http://$HOST:$PORT/"
echo "=================================================================================================="
echo " 演示系统 DEMO: 账号和数据均为演示用途，演示账号共用公开的密码。请勿填写真实的个人信息，勿用于生产。"
echo " This is a demo: the accounts and data are for demonstration and share a published password."
echo " Do not enter real personal data and never expose it as a production service (docs/operations.md)."
echo "=================================================================================================="
echo " 仿真省级系统（机器人的目标，非真实系统）Stand-in provincial system: http://$HOST:$STANDIN_PORT/login.do  robot01 / Standin@2026"
echo "日志 Logs: $LOG/access.log, $LOG/web.log, $LOG/worker.log, $LOG/beat.log, $LOG/vertical_system.log · 按 Ctrl-C 停止 Press Ctrl-C to stop"
wait -n "${pids[@]}"
