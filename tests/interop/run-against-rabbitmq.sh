#!/usr/bin/env bash
# Runs both real-client suites against a private RabbitMQ node (the reference behaviour).
#   tests/interop/run-against-rabbitmq.sh [port]     (default 5673)
# Starts the node if it is not running (and stops it again afterwards), then runs the Python suite and the
# C# Conformance tests. Exit code: non-zero if either suite failed.
set -uo pipefail

PORT="${1:-5673}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
DIR="/tmp/fabric-rabbitmq-$PORT"
URL="amqp://guest:guest@127.0.0.1:$PORT/"

started=0
if ! { [ -f "$DIR/rabbitmq.pid" ] && kill -0 "$(cat "$DIR/rabbitmq.pid")" 2>/dev/null; }; then
  "$ROOT/scripts/start-rabbitmq.sh" "$PORT" "$DIR" >/dev/null || exit 1
  started=1
fi

status=0
echo "== Python suite against $URL"
AMQP_URL="$URL" /usr/bin/python3 -m pytest "$ROOT/tests/interop" -q || status=1

echo "== C# Conformance suite against $URL"
FABRIC_TEST_BROKER=rabbitmq FABRIC_TEST_AMQP_URL="$URL" FABRIC_TEST_RABBITMQCTL="$DIR/rabbitmqctl" \
  dotnet test "$ROOT/tests/Fabric.Node.Tests" --filter Category=Conformance || status=1

if [ "$started" = 1 ]; then
  "$ROOT/scripts/stop-rabbitmq.sh" "$PORT" "$DIR" >/dev/null
fi
exit "$status"
