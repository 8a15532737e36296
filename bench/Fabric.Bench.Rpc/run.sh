#!/usr/bin/env bash
# RPC through Fabric.Rpc, three ways, one after another (never two brokers at once), Release builds:
#   1. in-node: NodeRpcTransport inside a Fabric node in the bench process (no socket)
#   2. AmqpRpcTransport over TCP to a Fabric node (src/Fabric.Node, its own process)
#   3. AmqpRpcTransport over TCP to RabbitMQ (scripts/start-rabbitmq.sh, a private node)
#
#   bench/Fabric.Bench.Rpc/run.sh [--calls 5000] [--duration 10] [--callers 16] [--only node|fabric|rabbitmq]
# Environment: FABRIC_PORT (5694), RABBITMQ_PORT (5683; a private node under /tmp/fabric-bench-rpc-rabbitmq).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ONLY=""
ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --only) ONLY="$2"; shift 2 ;;
    --calls|--duration|--callers|--warmup) ARGS+=("$1" "$2"); shift 2 ;;
    -h|--help) sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
FABRIC_PORT="${FABRIC_PORT:-5694}"
RABBITMQ_PORT="${RABBITMQ_PORT:-5683}"
RABBITMQ_DIR=/tmp/fabric-bench-rpc-rabbitmq

dotnet build -c Release "$ROOT/bench/Fabric.Bench.Rpc" -v q -nologo >/dev/null || exit 1
dotnet build -c Release "$ROOT/src/Fabric.Node" -v q -nologo >/dev/null || exit 1
BENCH="$ROOT/bench/Fabric.Bench.Rpc/bin/Release/net10.0/Fabric.Bench.Rpc.dll"
NODE="$ROOT/src/Fabric.Node/bin/Release/net10.0/Fabric.Node.dll"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)  cores: $(nproc)"

if [ -z "$ONLY" ] || [ "$ONLY" = node ]; then
  echo "== in-node (NodeRpcTransport)"
  dotnet "$BENCH" --transport node "${ARGS[@]}"
fi

if [ -z "$ONLY" ] || [ "$ONLY" = fabric ]; then
  DATA="$(mktemp -d /tmp/fabric-bench-rpc.XXXXXX)"
  FABRIC_DATA_DIR="$DATA" FABRIC_AMQP_PORT="$FABRIC_PORT" FABRIC_LOG_LEVEL=warning dotnet "$NODE" >"$DATA/node.log" 2>&1 &
  PID=$!
  for _ in $(seq 1 100); do
    grep -q "listening" "$DATA/node.log" 2>/dev/null && break
    (exec 3<>/dev/tcp/127.0.0.1/"$FABRIC_PORT") 2>/dev/null && break
    sleep 0.2
  done
  echo "== Fabric node over TCP (AmqpRpcTransport, port $FABRIC_PORT)"
  dotnet "$BENCH" --transport amqp --url "amqp://guest:guest@127.0.0.1:$FABRIC_PORT/" --pid "$PID" "${ARGS[@]}"
  kill "$PID"; wait "$PID" 2>/dev/null
  rm -rf "$DATA"
fi

if [ -z "$ONLY" ] || [ "$ONLY" = rabbitmq ]; then
  "$ROOT/scripts/start-rabbitmq.sh" "$RABBITMQ_PORT" "$RABBITMQ_DIR" >/dev/null || exit 1
  RMQ_PID="$(cat "$RABBITMQ_DIR/beam.pid")"  # beam.smp, the broker proper
  echo "== RabbitMQ over TCP (AmqpRpcTransport, port $RABBITMQ_PORT, $(dpkg-query -W -f '${Version}' rabbitmq-server 2>/dev/null))"
  dotnet "$BENCH" --transport amqp --url "amqp://guest:guest@127.0.0.1:$RABBITMQ_PORT/" --pid "$RMQ_PID" "${ARGS[@]}"
  "$ROOT/scripts/stop-rabbitmq.sh" "$RABBITMQ_PORT" "$RABBITMQ_DIR" >/dev/null
fi
