#!/usr/bin/env bash
# The decision benchmark of docs/benchmark.md: a release build, `steward bench` over a generated world
# (in-process figures), then wrk on loopback against `steward serve` on the same database:
# POST /v1/check next to GET /healthz. Run by hand, never in CI. Usage: scripts/bench.sh [WORKDIR]
set -euo pipefail

cd "$(dirname "$0")/.."
work=$(realpath -m "${1:-/tmp/steward-bench}")
port=${BENCH_PORT:-18080}
duration=${BENCH_DURATION:-15s}
connections=${BENCH_CONNECTIONS:-64}
threads=${BENCH_THREADS:-2}
mkdir -p "$work"

command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }
swift build -c release --product steward
bin=$(swift build -c release --show-bin-path)/steward

echo "== in process"
"$bin" bench --database "sqlite://$work/steward.db" --wrk-script "$work/check.lua" "${@:2}"

echo "== over HTTP (wrk -t$threads -c$connections -d$duration)"
STEWARD_DATABASE_URL="sqlite://$work/steward.db" STEWARD_PORT=$port "$bin" serve >"$work/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done

rate() { awk '/Requests\/sec/ { print $2 }'; }
# Any non-2xx answer would make the rate meaningless: wrk reports them, and the check must have none.
wrk -t"$threads" -c"$connections" -d5s "http://127.0.0.1:$port/healthz" >/dev/null # warm-up
healthz=$(wrk -t"$threads" -c"$connections" -d"$duration" --latency "http://127.0.0.1:$port/healthz" | tee "$work/wrk-healthz.txt" | rate)
check=$(wrk -t"$threads" -c"$connections" -d"$duration" --latency -s "$work/check.lua" "http://127.0.0.1:$port/v1/check" | tee "$work/wrk-check.txt" | rate)
if grep -q "Non-2xx" "$work/wrk-check.txt"; then
  echo "POST /v1/check answered errors:" >&2
  cat "$work/wrk-check.txt" >&2
  exit 1
fi
echo "GET /healthz:   $healthz requests/s"
echo "POST /v1/check: $check requests/s"
awk -v c="$check" -v h="$healthz" 'BEGIN { printf "ratio check/healthz: %.2f\n", c / h }'
echo "wrk output: $work/wrk-healthz.txt, $work/wrk-check.txt"
