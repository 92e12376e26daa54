#!/usr/bin/env bash
# Start a throwaway PostgreSQL 15 cluster: scripts/start-postgres.sh DIR PORT
# Data in DIR/data, socket in DIR, log in DIR/pg.log; trust auth, 127.0.0.1 only.
# Stop it with scripts/stop-postgres.sh DIR.
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 DIR PORT" >&2
  exit 2
fi
dir=$(realpath -m "$1")
port=$2
bin=${PG_BIN:-/usr/lib/postgresql/15/bin}

mkdir -p "$dir"
if [ "$(id -u)" -eq 0 ]; then
  # PostgreSQL refuses to run as root: hand DIR to the postgres user.
  chown postgres:postgres "$dir"
  chmod 700 "$dir"
  as_pg() { runuser -u postgres -- "$@"; }
else
  as_pg() { "$@"; }
fi

as_pg "$bin/initdb" -D "$dir/data" -U postgres \
  --auth-local=trust --auth-host=trust -E UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log"

# Throwaway cluster: durability off for speed.
cat >>"$dir/data/postgresql.conf" <<CONF
port = $port
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
fsync = off
synchronous_commit = off
full_page_writes = off
CONF

if ! as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/pg.log" -w -t 60 start >/dev/null; then
  echo "start-postgres: failed to start; last lines of $dir/pg.log:" >&2
  tail -n 20 "$dir/pg.log" >&2 || true
  exit 1
fi
