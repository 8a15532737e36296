#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for Fabric's tests (idempotent).
# Usage: scripts/start-postgres.sh [data-dir]   (default /tmp/fabric-pg)
# Listens only on 127.0.0.1:55432 (unix sockets in the data dir), trust auth, database fabric_test.
set -euo pipefail

DATA_DIR="${1:-/tmp/fabric-pg}"
PORT=55432
DB=fabric_test
PG_USER=postgres

find_bindir() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [[ -x "$d/pg_ctl" && -x "$d/initdb" ]]; then echo "$d"; return 0; fi
  done
  if command -v pg_config >/dev/null 2>&1; then
    d="$(pg_config --bindir)"
    if [[ -x "$d/pg_ctl" && -x "$d/initdb" ]]; then echo "$d"; return 0; fi
  fi
  return 1
}

as_pg() {
  if [[ "$(id -un)" == "$PG_USER" ]]; then "$@"; else runuser -u "$PG_USER" -- "$@"; fi
}

BIN="$(find_bindir || true)"
if [[ -z "$BIN" ]]; then
  echo "PostgreSQL binaries not found; installing..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y postgresql >&2 || { apt-get update >&2 && apt-get install -y postgresql >&2; }
  BIN="$(find_bindir)"
fi

if ! id "$PG_USER" >/dev/null 2>&1; then
  useradd --system --home-dir "$DATA_DIR" --shell /bin/bash "$PG_USER"
fi

mkdir -p "$DATA_DIR"
chown "$PG_USER": "$DATA_DIR"
chmod 700 "$DATA_DIR"

if [[ ! -f "$DATA_DIR/PG_VERSION" ]]; then
  as_pg "$BIN/initdb" -D "$DATA_DIR" -U "$PG_USER" --auth=trust --encoding=UTF8 --no-locale >&2
  {
    echo "listen_addresses = '127.0.0.1'"
    echo "port = $PORT"
    echo "unix_socket_directories = '$DATA_DIR'"
    echo "synchronous_commit = on"
    echo "fsync = on"
  } >> "$DATA_DIR/postgresql.conf"
  cat > "$DATA_DIR/pg_hba.conf" <<HBA
local   all   all                 trust
host    all   all   127.0.0.1/32  trust
HBA
  chown "$PG_USER": "$DATA_DIR/pg_hba.conf"
fi

# A postmaster that was just killed can leave a pid file naming a process that is gone or a zombie: pg_ctl would
# then call the server running. Such a stale file is removed so that the start below really starts one.
# The same holds for the socket's lock file.
for LOCK in "$DATA_DIR/postmaster.pid" "$DATA_DIR/.s.PGSQL.$PORT.lock"; do
  [[ -f "$LOCK" ]] || continue
  PID="$(head -n 1 "$LOCK")"
  STATE="$(awk '{print $3}' "/proc/$PID/stat" 2>/dev/null || true)"
  if [[ -z "$STATE" || "$STATE" == "Z" ]]; then rm -f "$LOCK"; fi
done

if ! as_pg "$BIN/pg_ctl" -D "$DATA_DIR" status >/dev/null 2>&1; then
  as_pg "$BIN/pg_ctl" -D "$DATA_DIR" -l "$DATA_DIR/server.log" -w -t 60 start >&2
fi

for _ in $(seq 1 60); do
  if "$BIN/pg_isready" -h 127.0.0.1 -p "$PORT" -q; then break; fi
  sleep 1
done
"$BIN/pg_isready" -h 127.0.0.1 -p "$PORT" >&2

if ! as_pg "$BIN/psql" -h "$DATA_DIR" -p "$PORT" -U "$PG_USER" -d postgres -tAc \
     "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
  as_pg "$BIN/createdb" -h "$DATA_DIR" -p "$PORT" -U "$PG_USER" "$DB"
fi

echo "Host=127.0.0.1;Port=$PORT;Username=$PG_USER;Database=$DB"
