#!/usr/bin/env bash
# Two gunicorn app processes and two db_worker processes against one throwaway PostgreSQL;
# bench/multiserver_check.py then writes through both at once and queues jobs, and checks
# that nothing collides, nothing is lost, nothing runs twice and nothing answers 5xx.
# Usage: scripts/multiserver-check.sh   (bounded: gives up after 3 minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${DATABASE_URL:-}" ] || [ -z "${MULTISERVER_INNER:-}" ]; then
  MULTISERVER_INNER=1 exec scripts/with-postgres.sh timeout 180 "$0" "$@"
fi
py=.venv/bin/python
export DJANGO_SETTINGS_MODULE=config.settings.local
export PYTHONUNBUFFERED=1
MEDIA_ROOT=$(mktemp -d /tmp/zx-multiserver-media.XXXXXX)
logs=$(mktemp -d /tmp/zx-multiserver-logs.XXXXXX)
export MEDIA_ROOT
pids=()
stop() {
  status=$?
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "$status" != 0 ]; then
    for log in "$logs"/*.log; do echo "--- $log (last lines)"; tail -n 30 "$log"; done
  fi
  rm -rf "$MEDIA_ROOT" "$logs"
}
trap stop EXIT

free_port() {
  local port=$1
  while (echo >/dev/tcp/127.0.0.1/"$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}

echo "-- migrate and load the demo"
$py manage.py migrate --noinput -v 0
$py manage.py createcachetable
# The organisation and a scored, published campaign: enough for logins and a circular.
$py manage.py load_demo --only campaigns,scoring >"$logs/load_demo.log"

port_a=$(free_port 18101)
port_b=$(free_port $((port_a + 1)))
for port in "$port_a" "$port_b"; do
  .venv/bin/gunicorn config.wsgi --bind "127.0.0.1:$port" --workers 2 --timeout 60 \
    >"$logs/gunicorn-$port.log" 2>&1 &
  pids+=($!)
done
for n in 1 2; do
  $py manage.py db_worker --interval 0.2 --no-reload >"$logs/worker-$n.log" 2>&1 &
  pids+=($!)
done
for port in "$port_a" "$port_b"; do
  for _ in $(seq 100); do
    (echo >/dev/tcp/127.0.0.1/"$port") 2>/dev/null && break
    sleep 0.1
  done
done
echo "-- app servers on 127.0.0.1:$port_a and :$port_b, two workers"
$py bench/multiserver_check.py "http://127.0.0.1:$port_a" "http://127.0.0.1:$port_b"
