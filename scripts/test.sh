#!/usr/bin/env bash
# The one command that runs every test: scripts/test.sh [swift test args, e.g. --filter X]
# Installs what is missing, starts a throwaway PostgreSQL 15, runs the Swift tests
# against it, then the browser tests in e2e/. STEWARD_SKIP_E2E=1 skips the browser tests.
set -euo pipefail

cd "$(dirname "$0")/.."
repo=$PWD
started=$SECONDS
log() { printf '==> [%5d s] %s\n' "$((SECONDS - started))" "$*"; }

# --- a. dependencies --------------------------------------------------------
deb_missing=()
for pkg in postgresql chromium chromium-driver; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || deb_missing+=("$pkg")
done
python3 -m pip --version >/dev/null 2>&1 || deb_missing+=(python3-pip)
if [ ${#deb_missing[@]} -gt 0 ]; then
  log "apt-get install ${deb_missing[*]}"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get -o DPkg::Lock::Timeout=300 update -qq
  $sudo apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${deb_missing[@]}" >/dev/null
fi
# schemathesis is pinned: its generator changes between releases, and a seeded run should mean the same
# cases on every machine.
schemathesis_version=4.32.5
if ! python3 -c 'import selenium, pytest, aiosmtpd, requests, jwt, pyotp, schemathesis' 2>/dev/null \
   || [ "$(python3 -c 'import importlib.metadata as m; print(m.version("schemathesis"))' 2>/dev/null)" != "$schemathesis_version" ]; then
  log "pip install selenium pytest aiosmtpd requests pyjwt pyotp schemathesis==$schemathesis_version"
  # PIP_BREAK_SYSTEM_PACKAGES: allow installing into Debian's system Python (PEP 668).
  PIP_BREAK_SYSTEM_PACKAGES=1 PIP_ROOT_USER_ACTION=ignore PIP_DISABLE_PIP_VERSION_CHECK=1 \
    python3 -m pip install -q selenium pytest aiosmtpd requests pyjwt pyotp "schemathesis==$schemathesis_version"
fi

# --- b. throwaway PostgreSQL ------------------------------------------------
pg_dir=$(mktemp -d /tmp/steward-pg.XXXXXX)
cleanup() {
  scripts/stop-postgres.sh "$pg_dir" || true
  rm -rf "$pg_dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
log "PostgreSQL on 127.0.0.1:$pg_port ($pg_dir)"
scripts/start-postgres.sh "$pg_dir" "$pg_port"

# --- c. where Swift store tests create their databases ----------------------
export STEWARD_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$pg_port/postgres"

# --- d. Swift ---------------------------------------------------------------
results=()
failed=0
log "swift build --build-tests"
if ! swift build --build-tests; then
  echo "test.sh: FAILED at swift build ($((SECONDS - started)) s)"
  exit 1
fi
log "swift test $*"
if swift test "$@"; then results+=("swift test ok"); else results+=("swift test FAILED"); failed=1; fi
# The fuzzing corpus, replayed without libFuzzer: every input a fuzzing run kept still decodes safely.
log "replay Fuzz/corpus"
if "$(swift build --show-bin-path)/steward-fuzz" Fuzz/corpus; then results+=("fuzz corpus ok"); else results+=("fuzz corpus FAILED"); failed=1; fi

# --- e. browser tests ---------------------------------------------------------
if [ "${STEWARD_SKIP_E2E:-}" = 1 ]; then
  results+=("e2e skipped (STEWARD_SKIP_E2E=1)")
else
  log "pytest e2e"
  if python3 -m pytest -q e2e; then results+=("e2e ok"); else results+=("e2e FAILED"); failed=1; fi
fi

# --- f. summary -----------------------------------------------------------------
summary=$(IFS=,; echo "${results[*]}")
if [ "$failed" -eq 0 ]; then
  echo "test.sh: PASSED (${summary//,/, }) in $((SECONDS - started)) s"
else
  echo "test.sh: FAILED (${summary//,/, }) in $((SECONDS - started)) s"
fi
exit "$failed"
