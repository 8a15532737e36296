#!/usr/bin/env bash
# Starts a private RabbitMQ node for comparison runs and benchmarks, bound to loopback only.
#   scripts/start-rabbitmq.sh [port] [dir]      (defaults: 5673, /tmp/fabric-rabbitmq-<port>)
# Prints the node's pid when it accepts AMQP. Everything (data, logs, config, cookie) lives under dir.
# dir/env.sh holds the environment; dir/rabbitmqctl is a ready wrapper (e.g. `dir/rabbitmqctl add_user u p`).
# Stop with scripts/stop-rabbitmq.sh [port] [dir]. RABBITMQ_START_TIMEOUT (s, default 90) bounds the wait.
set -euo pipefail

PORT="${1:-5673}"
DIR="${2:-/tmp/fabric-rabbitmq-$PORT}"
RMQ_BIN=/usr/lib/rabbitmq/bin
TIMEOUT="${RABBITMQ_START_TIMEOUT:-90}"

if [ ! -x "$RMQ_BIN/rabbitmq-server" ]; then
  echo "start-rabbitmq.sh: rabbitmq-server is not installed (run scripts/install-test-deps.sh)" >&2
  exit 1
fi

amqp_ready() {
  # True when the port answers an AMQP 0-9-1 protocol header with a connection.start frame.
  /usr/bin/python3 - "$1" <<'PY'
import socket, sys
try:
    s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=2)
    s.sendall(b"AMQP\x00\x00\x09\x01")
    data = s.recv(7)
    s.close()
    sys.exit(0 if len(data) == 7 and data[0] == 1 else 1)
except OSError:
    sys.exit(1)
PY
}

mkdir -p "$DIR"
# One start/stop at a time per node directory (several benchmarks may share a node).
exec 9>"$DIR/.lock"
flock -w 180 9 || { echo "start-rabbitmq.sh: $DIR is locked by another start/stop" >&2; exit 1; }

if [ -f "$DIR/rabbitmq.pid" ] && kill -0 "$(cat "$DIR/rabbitmq.pid")" 2>/dev/null && amqp_ready "$PORT"; then
  echo "start-rabbitmq.sh: already running on 127.0.0.1:$PORT" >&2
  cat "$DIR/rabbitmq.pid"
  exit 0
fi
if amqp_ready "$PORT"; then
  echo "start-rabbitmq.sh: port $PORT is already taken by another AMQP server" >&2
  exit 1
fi

mkdir -p "$DIR/mnesia" "$DIR/log" "$DIR/home"
DIST_PORT=$((PORT + 20000))
NODE="rabbit-fabric-$PORT@localhost"
COOKIE_FILE="$DIR/home/.erlang.cookie"
if [ ! -f "$COOKIE_FILE" ]; then
  head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$COOKIE_FILE"
  chmod 400 "$COOKIE_FILE"
fi
echo '[].' > "$DIR/enabled_plugins"
cat > "$DIR/rabbitmq.conf" <<CONF
listeners.tcp.1 = 127.0.0.1:$PORT
loopback_users.guest = true
log.console = false
log.file.level = info
CONF
: > "$DIR/rabbitmq-env.conf"

cat > "$DIR/env.sh" <<ENV
export HOME="$DIR/home"
export RABBITMQ_NODENAME="$NODE"
export RABBITMQ_USE_LONGNAME=false
export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
export RABBITMQ_NODE_PORT=$PORT
export RABBITMQ_DIST_PORT=$DIST_PORT
export RABBITMQ_BASE="$DIR"
export RABBITMQ_CONF_ENV_FILE="$DIR/rabbitmq-env.conf"
export RABBITMQ_CONFIG_FILE="$DIR/rabbitmq.conf"
export RABBITMQ_ADVANCED_CONFIG_FILE="$DIR/advanced.config"
export RABBITMQ_MNESIA_BASE="$DIR/mnesia"
export RABBITMQ_LOG_BASE="$DIR/log"
export RABBITMQ_PID_FILE="$DIR/beam.pid"
export RABBITMQ_ENABLED_PLUGINS_FILE="$DIR/enabled_plugins"
export RABBITMQ_PLUGINS_EXPAND_DIR="$DIR/plugins-expand"
export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
export RABBITMQ_CTL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
export ERL_EPMD_ADDRESS=127.0.0.1
export ERL_EPMD_PORT=\${ERL_EPMD_PORT:-4369}
ENV
cat > "$DIR/rabbitmqctl" <<CTL
#!/usr/bin/env bash
. "$DIR/env.sh"
exec $RMQ_BIN/rabbitmqctl -n "$NODE" "\$@"
CTL
chmod +x "$DIR/rabbitmqctl"

# shellcheck disable=SC1091
. "$DIR/env.sh"
cd "$DIR"
setsid "$RMQ_BIN/rabbitmq-server" > "$DIR/log/console.out" 2>&1 < /dev/null 9>&- &
PID=$!
echo "$PID" > "$DIR/rabbitmq.pid"

deadline=$((SECONDS + TIMEOUT))
until amqp_ready "$PORT"; do
  if ! kill -0 "$PID" 2>/dev/null; then
    echo "start-rabbitmq.sh: node exited during start; see $DIR/log" >&2
    tail -n 30 "$DIR/log/console.out" >&2 || true
    exit 1
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "start-rabbitmq.sh: node did not accept AMQP within ${TIMEOUT}s; see $DIR/log" >&2
    kill -TERM "$PID" 2>/dev/null || true
    exit 1
  fi
  sleep 0.5
done
echo "$PID"
