#!/usr/bin/env bash
# Stop a cluster started by scripts/start-postgres.sh: scripts/stop-postgres.sh DIR
# Does nothing if it is not running.
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 DIR" >&2
  exit 2
fi
data=$(realpath -m "$1")/data
bin=${PG_BIN:-/usr/lib/postgresql/15/bin}

[ -f "$data/postmaster.pid" ] || exit 0
if [ "$(id -u)" -eq 0 ]; then
  runuser -u postgres -- "$bin/pg_ctl" -D "$data" -m immediate -w stop >/dev/null
else
  "$bin/pg_ctl" -D "$data" -m immediate -w stop >/dev/null
fi
