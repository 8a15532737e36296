#!/usr/bin/env bash
# Stops a node started by scripts/start-rabbitmq.sh [port] [dir]. Leaves its data dir in place.
set -uo pipefail

PORT="${1:-5673}"
DIR="${2:-/tmp/fabric-rabbitmq-$PORT}"

exec 9>"$DIR/.lock" 2>/dev/null || { echo "stop-rabbitmq.sh: no node directory $DIR" >&2; exit 0; }
flock -w 180 9 || { echo "stop-rabbitmq.sh: $DIR is locked by another start/stop" >&2; exit 1; }

if [ ! -f "$DIR/rabbitmq.pid" ]; then
  echo "stop-rabbitmq.sh: no node recorded in $DIR" >&2
  exit 0
fi
PID="$(cat "$DIR/rabbitmq.pid")"
if kill -0 "$PID" 2>/dev/null; then
  # The start wrapper turns SIGTERM into an orderly node shutdown.
  kill -TERM "$PID"
  for _ in $(seq 1 120); do
    kill -0 "$PID" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "$PID" 2>/dev/null; then
    echo "stop-rabbitmq.sh: node $PID did not stop in 60s; killing it" >&2
    BEAM="$(cat "$DIR/beam.pid" 2>/dev/null || true)"
    [ -n "$BEAM" ] && kill -KILL "$BEAM" 2>/dev/null
    kill -KILL "$PID" 2>/dev/null
  fi
fi
rm -f "$DIR/rabbitmq.pid"
# The first node started epmd (loopback only); stop it too when no Erlang node is registered any more.
if command -v epmd >/dev/null 2>&1; then
  export ERL_EPMD_ADDRESS=127.0.0.1
  if ! epmd -names 2>/dev/null | grep -q '^name '; then
    epmd -kill >/dev/null 2>&1 || true
  fi
fi
echo "stop-rabbitmq.sh: stopped"
