#!/usr/bin/env bash
# Side-by-side AMQP benchmark: RabbitMQ and a Fabric node on this machine, the same harness and client against both,
# one after the other (never both running), then ONE table: scenario | figure | RabbitMQ | Fabric | ratio.
#
#   bench/run.sh [--only rabbitmq|fabric] [--recovery] [--scenario LIST] [--scale F] [--timeout S] [--stall S] [--out DIR]
#
#   --only       run one broker (the other column reads "-")
#   --recovery   also the recovery scenario: 1M persistent messages queued, restart, time to accepting connections
#                (minutes on RabbitMQ); --recovery-count N changes the 1M
#   --scenario   harness scenarios (default all), e.g. transient,rpc
#   --scale      multiplies every count (e.g. 0.1 for a smoke run)
#   --timeout/--stall  per scenario: hard limit (180 s) / fail when no progress for this long (30 s)
#   --out        where results, logs and broker data go (default: a new /tmp/fabric-bench.XXXXXX)
# Environment: RABBITMQ_PORT (5673), FABRIC_PORT (5674) — a busy port moves to the next free one;
# FABRIC_RABBITMQ_SCRIPTS: directory holding start-rabbitmq.sh/stop-rabbitmq.sh (default: scripts/ of this repo);
# FABRIC_NODE_DLL: run another build of the node (not built by this script).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ONLY=""
RECOVERY=0
RECOVERY_COUNT=1000000
OUT=""
HARNESS_ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --only) ONLY="$2"; shift 2 ;;
    --recovery) RECOVERY=1; shift ;;
    --recovery-count) RECOVERY_COUNT="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --scenario|--scale|--timeout|--stall) HARNESS_ARGS+=("$1" "$2"); shift 2 ;;
    -h|--help) sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
case "$ONLY" in ""|rabbitmq|fabric) ;; *) echo "run.sh: --only takes rabbitmq or fabric" >&2; exit 2 ;; esac

OUT="${OUT:-$(mktemp -d /tmp/fabric-bench.XXXXXX)}"
mkdir -p "$OUT"
SCRIPTS="${FABRIC_RABBITMQ_SCRIPTS:-$ROOT/scripts}"
BENCH_DLL="$ROOT/bench/Fabric.Bench.Amqp/bin/Release/net10.0/Fabric.Bench.Amqp.dll"
NODE_DLL="${FABRIC_NODE_DLL:-$ROOT/src/Fabric.Node/bin/Release/net10.0/Fabric.Node.dll}"
log() { echo "run.sh: $*" >&2; }

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
  local p="$1"
  while port_busy "$p"; do p=$((p + 10)); done
  [ "$p" != "$1" ] && log "port $1 is taken; using $p"
  echo "$p"
}
now_ms() { date +%s%3N; }
bench() { dotnet "$BENCH_DLL" "$@"; }

# ---- build (Release) ----
log "building Release (harness and node); results in $OUT"
if ! dotnet build -c Release -nologo -v q "$ROOT/bench/Fabric.Bench.Amqp" > "$OUT/build-bench.log" 2>&1; then
  cat "$OUT/build-bench.log" >&2; log "the harness does not build"; exit 1
fi
FABRIC_BUILT=1
if [ "$ONLY" != rabbitmq ] && [ -z "${FABRIC_NODE_DLL:-}" ] && ! dotnet build -c Release -nologo -v q "$ROOT/src/Fabric.Node" > "$OUT/build-node.log" 2>&1; then
  log "Fabric.Node does not build (see $OUT/build-node.log): its column will read failed"
  FABRIC_BUILT=0
fi

# ---- brokers ----
RMQ_PORT="" RMQ_DIR="$OUT/rabbitmq" FABRIC_PID=""
stop_rabbitmq() {
  [ -z "$RMQ_PORT" ] && return 0
  local wrapper beam
  wrapper="$(cat "$RMQ_DIR/rabbitmq.pid" 2>/dev/null || true)"
  beam="$(cat "$RMQ_DIR/beam.pid" 2>/dev/null || true)"
  "$SCRIPTS/stop-rabbitmq.sh" "$RMQ_PORT" "$RMQ_DIR" > /dev/null 2>&1
  # Make sure the node we started is gone, whatever the script managed (the next broker must run alone).
  for p in $beam $wrapper; do
    kill -0 "$p" 2>/dev/null || continue
    log "RabbitMQ process $p still running after stop-rabbitmq.sh; terminating it"
    kill -TERM "$p" 2>/dev/null
    for _ in $(seq 1 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$p" 2>/dev/null
  done
  return 0
}
start_rabbitmq() {
  # Prints the beam.smp pid (the broker proper) when RabbitMQ accepts AMQP.
  local wrapper beam=""
  wrapper="$("$SCRIPTS/start-rabbitmq.sh" "$RMQ_PORT" "$RMQ_DIR" 2>> "$OUT/rabbitmq-start.log" | tail -n 1)" || return 1
  for _ in $(seq 1 50); do
    beam="$(cat "$RMQ_DIR/beam.pid" 2>/dev/null || true)"
    [ -z "$beam" ] && beam="$(pgrep -P "$wrapper" -x beam.smp | head -n 1)"
    [ -n "$beam" ] && break
    sleep 0.1
  done
  echo "${beam:-$wrapper}"
}
start_fabric() {
  # Starts the node in the background; sets FABRIC_PID; true when the AMQP port accepts TCP within 30 s.
  FABRIC_AMQP_PORT="$FABRIC_PORT" FABRIC_AMQP_HOST=127.0.0.1 FABRIC_DATA_DIR="$OUT/fabric-data" \
    dotnet "$NODE_DLL" >> "$OUT/fabric.log" 2>&1 &
  FABRIC_PID=$!
  for _ in $(seq 1 300); do
    port_busy "$FABRIC_PORT" && return 0
    kill -0 "$FABRIC_PID" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}
stop_fabric() {
  [ -z "$FABRIC_PID" ] && return 0
  kill -TERM "$FABRIC_PID" 2>/dev/null
  for _ in $(seq 1 100); do kill -0 "$FABRIC_PID" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$FABRIC_PID" 2>/dev/null
  wait "$FABRIC_PID" 2>/dev/null
  FABRIC_PID=""
}
trap 'stop_fabric; stop_rabbitmq' EXIT

RMQ_FILES="" FABRIC_FILES=""

# ---- RabbitMQ ----
if [ "$ONLY" != fabric ] && [ ! -x "$SCRIPTS/start-rabbitmq.sh" ]; then
  log "$SCRIPTS/start-rabbitmq.sh is missing (set FABRIC_RABBITMQ_SCRIPTS=dir): the RabbitMQ column will read failed"
fi
if [ "$ONLY" != fabric ]; then
  RMQ_PORT="$(free_port "${RABBITMQ_PORT:-5673}")"
  RMQ_URL="amqp://guest:guest@127.0.0.1:$RMQ_PORT/"
  rm -rf "$RMQ_DIR"
  log "starting RabbitMQ on 127.0.0.1:$RMQ_PORT ($RMQ_DIR)"
  if RMQ_PID="$(start_rabbitmq)" && [ -n "$RMQ_PID" ]; then
    log "RabbitMQ beam.smp pid $RMQ_PID"
    bench --url "$RMQ_URL" --pid "$RMQ_PID" --label RabbitMQ --json "$OUT/rabbitmq.json" "${HARNESS_ARGS[@]}" | tee "$OUT/rabbitmq.out"
    if [ "$RECOVERY" = 1 ]; then
      bench --url "$RMQ_URL" --pid "$RMQ_PID" --label RabbitMQ --scenario recovery-fill --count "$RECOVERY_COUNT" --timeout 900 \
        --json "$OUT/rabbitmq-fill.json" | tee -a "$OUT/rabbitmq.out"
      log "restarting RabbitMQ (stop/start via the scripts)"
      stop_rabbitmq
      T0="$(now_ms)"
      RMQ_PID="$(start_rabbitmq)" || log "RabbitMQ did not come back (see $OUT/rabbitmq-start.log)"
      bench --wait-ready --url "$RMQ_URL" --pid "${RMQ_PID:-0}" --label RabbitMQ --since-ms "$T0" --count "$RECOVERY_COUNT" --timeout 900 \
        --json "$OUT/rabbitmq-recovery.json" | tee -a "$OUT/rabbitmq.out"
      RMQ_FILES="$OUT/rabbitmq-fill.json,$OUT/rabbitmq-recovery.json"
    fi
  else
    log "RabbitMQ did not start (see $OUT/rabbitmq-start.log and $RMQ_DIR/log): its column will read failed"
    bench --url "$RMQ_URL" --pid 0 --label RabbitMQ --json "$OUT/rabbitmq.json" --timeout 20 "${HARNESS_ARGS[@]}" > "$OUT/rabbitmq.out" 2>&1
  fi
  stop_rabbitmq; RMQ_PORT=""
  RMQ_FILES="$OUT/rabbitmq.json${RMQ_FILES:+,$RMQ_FILES}"
fi

# ---- Fabric ----
if [ "$ONLY" != rabbitmq ]; then
  FABRIC_PORT="$(free_port "${FABRIC_PORT:-5674}")"
  FABRIC_URL="amqp://guest:guest@127.0.0.1:$FABRIC_PORT/"
  rm -rf "$OUT/fabric-data"
  if [ "$FABRIC_BUILT" = 1 ] && start_fabric; then
    log "Fabric node pid $FABRIC_PID on 127.0.0.1:$FABRIC_PORT"
    PID_ARG="$FABRIC_PID"
  else
    log "the Fabric node did not start (see $OUT/fabric.log): its scenarios will read failed"
    stop_fabric
    PID_ARG=0
  fi
  # Run even when the node is down: every scenario then fails fast and reads "failed".
  bench --url "$FABRIC_URL" --pid "$PID_ARG" --label Fabric --json "$OUT/fabric.json" "${HARNESS_ARGS[@]}" | tee "$OUT/fabric.out"
  if [ "$RECOVERY" = 1 ] && [ -n "$FABRIC_PID" ]; then
    bench --url "$FABRIC_URL" --pid "$FABRIC_PID" --label Fabric --scenario recovery-fill --count "$RECOVERY_COUNT" --timeout 900 \
      --json "$OUT/fabric-fill.json" | tee -a "$OUT/fabric.out"
    log "restarting the Fabric node (kill -9, start)"
    kill -KILL "$FABRIC_PID" 2>/dev/null; wait "$FABRIC_PID" 2>/dev/null; FABRIC_PID=""
    T0="$(now_ms)"
    start_fabric || log "the Fabric node did not come back (see $OUT/fabric.log)"
    bench --wait-ready --url "$FABRIC_URL" --pid "${FABRIC_PID:-0}" --label Fabric --since-ms "$T0" --count "$RECOVERY_COUNT" --timeout 900 \
      --json "$OUT/fabric-recovery.json" | tee -a "$OUT/fabric.out"
    FABRIC_FILES="$OUT/fabric-fill.json,$OUT/fabric-recovery.json"
  fi
  stop_fabric
  FABRIC_FILES="$OUT/fabric.json${FABRIC_FILES:+,$FABRIC_FILES}"
fi

# ---- the table ----
echo
bench --compare --rabbitmq "$RMQ_FILES" --fabric "$FABRIC_FILES" | tee "$OUT/table.md"
log "results, logs and JSON in $OUT"
